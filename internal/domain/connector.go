package domain

import (
	"context"
	"time"
)

// A connector drives one carrier's porting API. The shape is the porting steps every such
// API has (make the order, attach the paperwork, submit, read where it stands, change,
// cancel, talk), not any one carrier's: Telnyx, Bandwidth or a generic JSON carrier each
// fit behind it.
type Connector interface {
	// CreateOrder makes the carrier's order from ours, or finds the one made before under the
	// same key, so a retry never makes a second. A carrier may split it: one part each.
	CreateOrder(ctx context.Context, o CarrierOrderRequest) ([]CarrierOrderPart, error)
	// AttachDocument uploads a document (the signed letter, the bill) to a part.
	AttachDocument(ctx context.Context, ref string, o CarrierOrderRequest, d CarrierDocument) error
	// Submit sends a complete part to be worked; submitting one already submitted is no error.
	Submit(ctx context.Context, ref string, o CarrierOrderRequest) error
	// Update writes our order's details (after the customer's fix) on a part.
	Update(ctx context.Context, ref string, o CarrierOrderRequest) error
	// Status reads where a part stands, with the carrier's comments so far.
	Status(ctx context.Context, ref string) (CarrierOrderState, error)
	// Cancel withdraws a part; one cancelled already is no error.
	Cancel(ctx context.Context, ref string) error
	// AddComment posts our words to the carrier on a part.
	AddComment(ctx context.Context, ref, body string) error
	// FOCDates are the windows the carrier allows for a part, when it offers them.
	FOCDates(ctx context.Context, ref string) ([]FOCWindow, error)
	// Webhook verifies one of the carrier's webhook calls and reads what it says; a call
	// that is not the carrier's is ErrUnauthenticated.
	Webhook(ctx context.Context, in CarrierWebhook) ([]CarrierUpdate, error)
}

// ConnectorConfig is what a connector is made from: the carrier's record with its opened
// credentials, and where each call it makes is written down.
type ConnectorConfig struct {
	Carrier Carrier
	APIKey  string
	// WebhookSecret is the opened secret the carrier's webhooks are checked with, where it
	// has one besides WebhookKey (Bandwidth's callbacks' password); empty otherwise.
	WebhookSecret string
	Clock         Clock
	// Record hears of every call (never the credentials, never the PIN).
	Record func(CarrierCall)
}

// ConnectorFactory makes the connector of one kind of carrier.
type ConnectorFactory func(ConnectorConfig) (Connector, error)

// CarrierOrderRequest is our order as a carrier is given it.
type CarrierOrderRequest struct {
	Key            string   // ours, unique per order: the carrier's customer reference
	Numbers        []string // E.164, the numbers that move
	EndUserName    string   // as on the bill
	Residential    bool     // the end user is a person, not a business
	AuthorisedName string   // who signed the letter
	Address        Address  // the billing address, as on the bill
	AccountNumber  string
	PIN            string
	BTN            string
	Partial        bool
	NewBTN         string // a partial port's new billing number for the lines that stay
	RequestedFOC   *time.Time
}

// CarrierDocument is a document a carrier is sent.
type CarrierDocument struct {
	Kind        CarrierDocumentKind
	Name        string
	ContentType string
	Data        []byte
}

// CarrierDocumentKind is what a document is to the carrier.
type CarrierDocumentKind string

const (
	CarrierDocLOA  CarrierDocumentKind = "loa"
	CarrierDocBill CarrierDocumentKind = "bill"
)

// CarrierOrderPart is one order at the carrier, with the numbers it holds.
type CarrierOrderPart struct {
	Ref     string
	Numbers []string
}

// CarrierStatus is where a carrier's order stands, in words common to carriers.
type CarrierStatus string

const (
	CarrierDraft        CarrierStatus = "draft"         // made, not yet submitted
	CarrierInProcess    CarrierStatus = "in_process"    // submitted, being worked
	CarrierRefused      CarrierStatus = "exception"     // refused: something to fix
	CarrierFOCConfirmed CarrierStatus = "foc_confirmed" // a date is committed
	CarrierPorted       CarrierStatus = "ported"
	CarrierCancelled    CarrierStatus = "cancelled"
)

// Open reports whether the carrier still has work to do on the order.
func (s CarrierStatus) Open() bool { return s != CarrierPorted && s != CarrierCancelled }

// CarrierOrderState is a part as the carrier reads it now.
type CarrierOrderState struct {
	Ref        string
	Key        string   // our order key, as the carrier keeps it
	Numbers    []string // the numbers it holds now
	Status     CarrierStatus
	FOC        *time.Time // committed (or actual, once ported)
	Exceptions []CarrierException
	Comments   []CarrierComment
}

// CarrierException is a carrier's reason for refusing an order, in its own code and words,
// and the rejection code of ours it amounts to (the connector knows its carrier's codes).
type CarrierException struct {
	Code        string        `json:"code"`
	Description string        `json:"description"`
	Rejection   RejectionCode `json:"rejection,omitempty"`
}

// CarrierComment is a comment on a carrier's order.
type CarrierComment struct {
	ID   string
	Body string
	At   time.Time
	Ours bool // one we posted ourselves
}

// FOCWindow is a span the carrier allows a port in.
type FOCWindow struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// CarrierWebhook is one incoming call of a carrier's webhook, as it came.
type CarrierWebhook struct {
	Header func(name string) string
	Body   []byte
}

// CarrierUpdate is what a webhook says of a part: its new state (Status empty when it only
// names the part, which is then read again).
type CarrierUpdate struct {
	Ref   string
	State CarrierOrderState
	// EventID is the carrier's id of the webhook's event, when it gives one: the same event
	// delivered again is taken once.
	EventID string
}

// CarrierOrder is one part of our request at an API carrier: our request ↔ its order.
type CarrierOrder struct {
	ID         int64
	PortInID   int64
	CarrierID  int64
	Ref        string   // the carrier's order id
	Numbers    []string // the numbers this part holds
	Status     CarrierStatus
	FOC        *time.Time
	Exceptions []CarrierException
	Submitted  bool // the paperwork went with it and it was submitted
	// FOCWindows are the dates the carrier allows the part in, as read when it was last
	// submitted (none when the carrier offers none): shown to the team.
	FOCWindows []FOCWindow
	Comments   []string // the carrier's comment ids already made notes
	NextPollAt time.Time
	Polls      int // polls since the status last moved, for the backoff
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// CarrierCall is one call to a carrier's API, as the team reads it on the order.
type CarrierCall struct {
	ID        int64
	PortInID  int64
	CarrierID int64
	Operation string // "create order", "submit"…
	Request   string // method and path, never the credentials or the PIN
	Status    int    // the carrier's HTTP status; 0 when none came
	Error     string // in words, when it failed
	At        time.Time
	Took      time.Duration
}

// CarrierOrderQueries keep the orders sent to API carriers and the calls made for them.
type CarrierOrderQueries interface {
	// AddCarrierOrder records a part; the same carrier's ref twice is ErrConflict.
	AddCarrierOrder(ctx context.Context, o *CarrierOrder) error // sets ID
	// UpdateCarrierOrder writes a part but its comment ids, which only ClaimCarrierComment
	// adds: a reader's stale list never undoes another's claim.
	UpdateCarrierOrder(ctx context.Context, o *CarrierOrder) error
	// CarrierOrders lists a request's parts, oldest first.
	CarrierOrders(ctx context.Context, portInID int64) ([]CarrierOrder, error)
	CarrierOrderByRef(ctx context.Context, carrierID int64, ref string) (CarrierOrder, error)
	// ClaimCarrierComment adds a carrier's comment id to a part's, if its ids are still seen:
	// ErrConflict when another reader changed them since (and so may have claimed it), so a
	// comment read twice at once becomes one note.
	ClaimCarrierComment(ctx context.Context, id int64, seen []string, comment string) error
	// CarrierOrdersDue lists open parts whose next poll is at or before at, soonest first.
	CarrierOrdersDue(ctx context.Context, at time.Time, limit int) ([]CarrierOrder, error)
	AddCarrierCall(ctx context.Context, c *CarrierCall) error // sets ID
	// CarrierCalls lists a request's calls, newest first.
	CarrierCalls(ctx context.Context, portInID int64) ([]CarrierCall, error)
}
