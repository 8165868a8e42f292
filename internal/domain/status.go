package domain

import "slices"

// Status is where a port-in request stands in its lifecycle.
type Status string

const (
	StatusDraft          Status = "draft"
	StatusSubmitted      Status = "submitted"
	StatusInProgress     Status = "in_progress" // sent to the carrier
	StatusScheduled      Status = "scheduled"   // FOC date set
	StatusActionRequired Status = "action_required"
	StatusCompleted      Status = "completed"
	StatusRejected       Status = "rejected" // not portable
	StatusCancelled      Status = "cancelled"
	// StatusSplit: submitted as several orders (one per range holder and LOA type), each a
	// request of its own; this one only rolls them up.
	StatusSplit Status = "split"
)

// Statuses lists every status in lifecycle order, for filters and documentation.
var Statuses = []Status{
	StatusDraft, StatusSubmitted, StatusInProgress, StatusScheduled,
	StatusActionRequired, StatusCompleted, StatusRejected, StatusCancelled, StatusSplit,
}

// OpenStatuses are the statuses of requests that still hold their numbers.
var OpenStatuses = []Status{
	StatusDraft, StatusSubmitted, StatusInProgress, StatusScheduled, StatusActionRequired,
}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Terminal reports whether no further transition can leave s.
func (s Status) Terminal() bool {
	return s == StatusCompleted || s == StatusRejected || s == StatusCancelled || s == StatusSplit
}

// Open reports whether a request in s still holds its numbers: a number can be on one open
// port at a time.
func (s Status) Open() bool { return s.Valid() && !s.Terminal() }

// Editable reports whether the customer may change the request's details and numbers.
func (s Status) Editable() bool { return s == StatusDraft || s == StatusActionRequired }

// Label is the status as a person reads it.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Draft"
	case StatusSubmitted:
		return "Submitted"
	case StatusInProgress:
		return "In progress"
	case StatusScheduled:
		return "Scheduled"
	case StatusActionRequired:
		return "Action required"
	case StatusCompleted:
		return "Completed"
	case StatusRejected:
		return "Rejected"
	case StatusCancelled:
		return "Cancelled"
	case StatusSplit:
		return "Split into orders"
	}
	return string(s)
}

// Explanation says in a sentence what the status means for the customer, so that no status
// is a mystery (a frequent complaint about every porting desk).
func (s Status) Explanation() string {
	switch s {
	case StatusDraft:
		return "Not sent yet: complete the details and numbers, then submit."
	case StatusSubmitted:
		return "Received: the porting team is reviewing your request and documents."
	case StatusInProgress:
		return "Sent to the losing provider's carrier; we are waiting for a port date."
	case StatusScheduled:
		return "The carrier has committed to a port date (FOC). Keep your service with the losing provider until then."
	case StatusActionRequired:
		return "Something needs fixing before the port can go on: see the reason, correct it and resubmit."
	case StatusCompleted:
		return "Ported: the numbers are live in your account."
	case StatusRejected:
		return "The numbers cannot be ported; the reason says why."
	case StatusCancelled:
		return "Cancelled: nothing further will happen to this request."
	case StatusSplit:
		return "Your numbers are with more than one provider or need different letters of authorisation, so they go as separate orders: follow each order below."
	}
	return ""
}
