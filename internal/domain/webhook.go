package domain

import "time"

// Webhook event types: what an endpoint can subscribe to.
const (
	HookPortInSubmitted      = "port_in.submitted"
	HookPortInActionRequired = "port_in.action_required"
	HookPortInInProgress     = "port_in.in_progress"
	HookPortInScheduled      = "port_in.scheduled"
	HookPortInCompleted      = "port_in.completed"
	HookPortInRejected       = "port_in.rejected"
	HookPortInCancelled      = "port_in.cancelled"
	HookPortInNoteCreated    = "port_in.note_created"
	HookNumberActivated      = "number.activated"
	HookNumberSMSEnabled     = "number.sms_enabled"
	HookPortOutCreated       = "port_out.created"
	HookPortOutAuthorized    = "port_out.authorized"
	HookPortOutRejected      = "port_out.rejected"
	HookPortOutCompleted     = "port_out.completed"
	HookPortOutCancelled     = "port_out.cancelled"
	HookNumberReleased       = "number.released"
)

// HookEvents lists every webhook event type.
var HookEvents = []string{HookPortInSubmitted, HookPortInActionRequired, HookPortInInProgress, HookPortInScheduled,
	HookPortInCompleted, HookPortInRejected, HookPortInCancelled, HookPortInNoteCreated, HookNumberActivated, HookNumberSMSEnabled,
	HookPortOutCreated, HookPortOutAuthorized, HookPortOutRejected, HookPortOutCompleted, HookPortOutCancelled, HookNumberReleased}

// WebhookEndpoint is where an account wants its events posted.
type WebhookEndpoint struct {
	ID          int64
	AccountID   int64
	URL         string
	Secret      string   // whsec_…, shown once at creation
	Events      []string // subscribed types; empty means all
	Description string
	Disabled    bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Wants reports whether the endpoint subscribes to an event type.
func (e WebhookEndpoint) Wants(t string) bool {
	if e.Disabled {
		return false
	}
	if len(e.Events) == 0 {
		return true
	}
	for _, x := range e.Events {
		if x == t {
			return true
		}
	}
	return false
}

// WebhookDelivery is one event's delivery to one endpoint, with how its attempts went: the
// delivery log an endpoint's owner reads and redelivers from.
type WebhookDelivery struct {
	ID           int64
	EndpointID   int64
	EventID      int64
	EventType    string
	MessageID    string // webhook-id, the same on every attempt
	Payload      []byte
	Status       DeliveryStatus // pending until the first answer
	Attempts     int
	ResponseCode int
	Response     string // the first kilobyte of the answer, or the network error
	At           time.Time
}

// DeliveryPending: enqueued, not yet attempted.
const DeliveryPending DeliveryStatus = "pending"
