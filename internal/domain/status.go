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
