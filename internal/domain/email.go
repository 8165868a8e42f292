package domain

import "time"

// Email templates: what a message is about. The customer's get the request's updates, the
// team's queue address gets new work.
const (
	EmailReceived       = "received"
	EmailReceivedTeam   = "received_team"
	EmailActionRequired = "action_required"
	EmailInProgress     = "in_progress"
	EmailScheduled      = "scheduled"
	EmailCompleted      = "completed"
	EmailRejected       = "rejected"
	EmailCancelled      = "cancelled"
	EmailNote           = "note"
	EmailCarrierOrder   = "carrier_order" // the order package to a losing carrier's porting desk
	EmailStaffReminder  = "staff_reminder"
)

// DeliveryStatus is how the last try of a delivery went.
type DeliveryStatus string

const (
	DeliverySent   DeliveryStatus = "sent"
	DeliveryFailed DeliveryStatus = "failed" // retried with backoff
)

// EmailDelivery is one email for one event to one recipient, with how its tries went. It is
// what keeps a retried job from sending anything twice: a recipient already sent to is
// skipped.
type EmailDelivery struct {
	ID        int64
	EventID   int64
	PortInID  int64
	Recipient string
	Template  string
	MessageID string // the same on every try, so a mail system can drop a duplicate
	Subject   string
	Status    DeliveryStatus
	Attempts  int
	Error     string // the last failure, for the team; never shown to customers
	At        time.Time
}
