package domain

import (
	"fmt"
	"time"
)

// Background work a change causes, by kind: each is inserted in the transaction of the change
// that causes it, and the job runner hands it to the use case that does it.
const (
	JobDeleteStaleDraft     = "delete_stale_draft"
	JobSendEventEmail       = "send_event_email"
	JobDeliverWebhook       = "deliver_webhook"
	JobCompleteAtFOC        = "complete_at_foc"
	JobEnableSMS            = "enable_sms"
	JobSendToCarrier        = "send_to_carrier"
	JobAutoAuthorizePortOut = "auto_authorize_port_out"
)

// StaleDraftArgs name the draft to delete once it has gone untouched for the retention period.
type StaleDraftArgs struct {
	PortInID int64 `json:"port_in_id"`
}

// EventEmailArgs name the event whose emails to send, and the note a note's email carries.
type EventEmailArgs struct {
	EventID int64 `json:"event_id"`
	NoteID  int64 `json:"note_id,omitempty"`
}

// WebhookArgs name the webhook delivery to post.
type WebhookArgs struct {
	DeliveryID int64 `json:"delivery_id"`
}

// CompleteAtFOCArgs name the request and the FOC the job was set for: a job of a FOC that
// has since moved does nothing.
type CompleteAtFOCArgs struct {
	PortInID int64     `json:"port_in_id"`
	FOC      time.Time `json:"foc"`
}

// EnableSMSArgs name the request whose ported numbers get SMS, and when they get it.
type EnableSMSArgs struct {
	PortInID int64     `json:"port_in_id"`
	Due      time.Time `json:"due,omitzero"` // zero in jobs enqueued before it was recorded: at once
}

// SendToCarrierArgs name the "sent to carrier" event whose order package to send, and where.
type SendToCarrierArgs struct {
	EventID   int64 `json:"event_id"`
	CarrierID int64 `json:"carrier_id"`
}

// AutoAuthorizeArgs name the port-out and the moment it was due when the job was set.
type AutoAuthorizeArgs struct {
	PortOutID int64     `json:"port_out_id"`
	Due       time.Time `json:"due"`
}

// NotYetError says a timed job ran before its time by the desk's clock (the database's clock
// and a replica's may differ a little); the job is to be run again after Wait.
type NotYetError struct {
	What string
	Wait time.Duration
}

func (e *NotYetError) Error() string {
	return fmt.Sprintf("%s has not come yet (in %s)", e.What, e.Wait)
}

// JobSendAccessLink emails an invitation or a password reset. Its token is made when the job
// runs and only its hash is stored, so no database row ever holds a usable link.
const JobSendAccessLink = "send_access_link"

// AccessLinkArgs name the access link to email.
type AccessLinkArgs struct {
	LinkID int64 `json:"link_id"`
}

// JobSendSignatureRequest emails a letter of authorisation's signature link. As for access
// links, its token is made when the job runs and only its hash is stored.
const JobSendSignatureRequest = "send_signature_request"

// SignatureRequestArgs name the signature request to email.
type SignatureRequestArgs struct {
	RequestID int64 `json:"signature_request_id"`
}

// Orders to API carriers: sending one, following up a change on our side (a fix resubmitted,
// a cancel, a note), and reading open ones on a backoff when no webhook came.
const (
	JobCarrierSubmit = "carrier_submit"
	JobCarrierSync   = "carrier_sync"
	JobCarrierAuto   = "carrier_auto_send"
	// JobCarrierWebhook takes what a carrier's verified webhook said of one of its orders:
	// the webhook is answered at once, the order read and our request moved by the job.
	JobCarrierWebhook = "carrier_webhook"
)

// CarrierWebhookArgs name the carrier, its order a webhook was about, and the webhook's
// event as the carrier names it (a job per event; empty when it names none).
type CarrierWebhookArgs struct {
	CarrierID int64  `json:"carrier_id"`
	Ref       string `json:"ref"`
	EventID   string `json:"event_id"`
}

// CarrierAutoArgs name a request just submitted, to send to the API carrier that takes its
// orders without the team, if there is one.
type CarrierAutoArgs struct {
	PortInID int64 `json:"port_in_id"`
}

// CarrierSubmitArgs name the "sent to carrier" event whose order to make at the carrier.
type CarrierSubmitArgs struct {
	EventID   int64 `json:"event_id"`
	PortInID  int64 `json:"port_in_id"`
	CarrierID int64 `json:"carrier_id"`
}

// CarrierSyncArgs name the request whose carrier orders follow a change of ours: the event
// (a resubmit, a cancel) or the note to pass on.
type CarrierSyncArgs struct {
	PortInID int64 `json:"port_in_id"`
	EventID  int64 `json:"event_id"`
	NoteID   int64 `json:"note_id,omitempty"`
}

// Each job's arguments name their kind, so the runner learns a kind from the arguments' type
// and an enqueued job and its worker cannot disagree on it.
func (StaleDraftArgs) Kind() string       { return JobDeleteStaleDraft }
func (EventEmailArgs) Kind() string       { return JobSendEventEmail }
func (WebhookArgs) Kind() string          { return JobDeliverWebhook }
func (CompleteAtFOCArgs) Kind() string    { return JobCompleteAtFOC }
func (EnableSMSArgs) Kind() string        { return JobEnableSMS }
func (SendToCarrierArgs) Kind() string    { return JobSendToCarrier }
func (AutoAuthorizeArgs) Kind() string    { return JobAutoAuthorizePortOut }
func (AccessLinkArgs) Kind() string       { return JobSendAccessLink }
func (SignatureRequestArgs) Kind() string { return JobSendSignatureRequest }
func (CarrierAutoArgs) Kind() string      { return JobCarrierAuto }
func (CarrierSubmitArgs) Kind() string    { return JobCarrierSubmit }
func (CarrierSyncArgs) Kind() string      { return JobCarrierSync }
func (CarrierWebhookArgs) Kind() string   { return JobCarrierWebhook }
func (CarrierLookupArgs) Kind() string    { return JobCarrierLookup }
