package domain

import (
	"slices"
	"time"
)

// NumberStatus is where one number of a request stands. It follows the request until the
// porting team completes or rejects numbers one by one.
type NumberStatus string

const (
	NumberPending        NumberStatus = "pending" // in a draft
	NumberSubmitted      NumberStatus = "submitted"
	NumberInProgress     NumberStatus = "in_progress"
	NumberScheduled      NumberStatus = "scheduled"
	NumberActionRequired NumberStatus = "action_required"
	NumberPorted         NumberStatus = "ported"
	NumberRejected       NumberStatus = "rejected"
	NumberCancelled      NumberStatus = "cancelled"
	// NumberSetAside: found not portable at submission and left out, so that one bad
	// number does not hold up the rest.
	NumberSetAside NumberStatus = "set_aside"
)

// NumberStatusFor is the status a request's numbers take when the request enters s.
func NumberStatusFor(s Status) NumberStatus {
	switch s {
	case StatusSubmitted:
		return NumberSubmitted
	case StatusInProgress:
		return NumberInProgress
	case StatusScheduled:
		return NumberScheduled
	case StatusActionRequired:
		return NumberActionRequired
	case StatusCompleted:
		return NumberPorted
	case StatusRejected:
		return NumberRejected
	case StatusCancelled:
		return NumberCancelled
	}
	return NumberPending
}

// PortNumber is one number on a port-in request.
type PortNumber struct {
	PortInID        int64
	Number          string // E.164
	ReceivingNumber string // E.164 forward-to number, or empty
	TrackingSource  string
	Status          NumberStatus
	// Warnings are codes worth the customer's attention that do not stop the port
	// (active_receiving_number).
	Warnings []string
	AddedAt  time.Time
}

// NumberPageFilter selects one page of a request's numbers: those after After (a number in
// E.164; empty from the first), of Status when set, at most Limit of them.
type NumberPageFilter struct {
	After  string
	Status NumberStatus
	Limit  int
}

// InventoryStatus is where a number the operator serves stands.
type InventoryStatus string

const (
	InventoryActive     InventoryStatus = "active"
	InventoryPortingIn  InventoryStatus = "porting_in"
	InventoryPortingOut InventoryStatus = "porting_out"
	InventoryReleased   InventoryStatus = "released"
)

// Served reports whether the operator still serves the number: anything but released. A number
// on its way in or out is still ours, so a port-in of it is refused like one of an active
// number.
func (s InventoryStatus) Served() bool { return s != InventoryReleased }

// InventoryStatuses lists the inventory statuses.
var InventoryStatuses = []InventoryStatus{InventoryActive, InventoryPortingIn, InventoryPortingOut, InventoryReleased}

// Valid reports whether s is one of the inventory statuses.
func (s InventoryStatus) Valid() bool { return slices.Contains(InventoryStatuses, s) }

// SMSStatus is whether texts reach a number yet: ported non-mobile numbers get SMS a few
// business days after voice.
type SMSStatus string

const (
	SMSUnsupported SMSStatus = "unsupported"
	SMSPending     SMSStatus = "pending"
	SMSActive      SMSStatus = "active"
)

// InventoryNumber is a number an account has with the operator: a tracking number, with the
// receiving (forward-to) number its calls go to.
type InventoryNumber struct {
	ID              int64
	AccountID       int64
	Number          string // E.164
	Status          InventoryStatus
	ReceivingNumber string
	TrackingSource  string
	SMS             SMSStatus
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// PortInID is the latest request of the account that held the number, as a list reads
	// it (0: none, or not read).
	PortInID int64
}

// ParsedNumber is a number read from user input.
type ParsedNumber struct {
	E164    string
	Country Country // region of the number ("GB", "US", …)
}

// NumberParser reads phone numbers typed in any common format; national formats are read
// in defaultCountry.
type NumberParser interface {
	Parse(raw string, defaultCountry Country) (ParsedNumber, error)
}
