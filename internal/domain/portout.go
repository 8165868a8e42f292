package domain

import (
	"slices"
	"time"
)

// PortOutStatus is where a port-out (numbers leaving the operator) stands.
type PortOutStatus string

const (
	// PortOutPending: received, checked, waiting for the team (or the account's
	// auto-authorization) to answer the gaining provider.
	PortOutPending    PortOutStatus = "pending"
	PortOutAuthorized PortOutStatus = "authorized" // the gaining provider may take the numbers
	PortOutRejected   PortOutStatus = "rejected"   // refused, with codes sent back
	PortOutCompleted  PortOutStatus = "completed"  // the numbers left: released, fee charged
	PortOutCancelled  PortOutStatus = "cancelled"
)

// PortOutStatuses lists them in lifecycle order.
var PortOutStatuses = []PortOutStatus{PortOutPending, PortOutAuthorized, PortOutRejected, PortOutCompleted, PortOutCancelled}

// Valid reports whether s is a known port-out status.
func (s PortOutStatus) Valid() bool { return slices.Contains(PortOutStatuses, s) }

// Open reports whether the port-out still holds its numbers (marked porting_out).
func (s PortOutStatus) Open() bool { return s == PortOutPending || s == PortOutAuthorized }

// PortOutOrigin is who told the desk of the port-out.
type PortOutOrigin string

const (
	// PortOutFromGainingProvider: the porting team entered the gaining provider's request,
	// with the document it sent.
	PortOutFromGainingProvider PortOutOrigin = "gaining_provider"
	// PortOutAnnounced: a customer admin sent "the request I gave my new provider", so the
	// numbers can be released with little downtime.
	PortOutAnnounced PortOutOrigin = "customer"
)

// PINOutcome is what the PIN check found. The PIN itself is never stored, only this.
type PINOutcome string

const (
	PINMatched     PINOutcome = "matched"      // given, and the account's
	PINWrong       PINOutcome = "wrong"        // given, not the account's
	PINMissing     PINOutcome = "missing"      // the account has one; none was given
	PINNotSet      PINOutcome = "not_set"      // given, but the account has none to match
	PINNotRequired PINOutcome = "not_required" // neither
	// PINPaused: given, but not checked: too many wrong PINs since the PIN was set, so no PIN
	// passes until the account's admins set a new one (guessing must not pay).
	PINPaused PINOutcome = "paused"
)

// Passed reports whether the outcome lets the port-out go ahead.
func (o PINOutcome) Passed() bool { return o != PINWrong && o != PINMissing && o != PINPaused }

// PortOutCheckName names one of the checks a port-out gets when it arrives.
type PortOutCheckName string

const (
	CheckNumbers  PortOutCheckName = "numbers" // in the account's inventory and active
	CheckOpenPort PortOutCheckName = "open_port"
	CheckName     PortOutCheckName = "name"     // end user's name against the account's records
	CheckPostcode PortOutCheckName = "postcode" // postcode/ZIP against the account's records
	CheckPIN      PortOutCheckName = "pin"
	CheckLock     PortOutCheckName = "lock"
)

// PortOutCheckNames lists the checks in the order they are shown.
var PortOutCheckNames = []PortOutCheckName{CheckNumbers, CheckOpenPort, CheckName, CheckPostcode, CheckPIN, CheckLock}

// PortOutCheck is one check's outcome. A failed check carries the rejection code the desk
// would send back to the gaining provider.
type PortOutCheck struct {
	Check   PortOutCheckName `json:"check"`
	Passed  bool             `json:"passed"`
	Skipped bool             `json:"skipped,omitempty"` // nothing to check against (no records on file)
	Code    RejectionCode    `json:"code,omitempty"`
	Detail  string           `json:"detail"`
}

// PortOutNumberStatus is where one number of a port-out stands.
type PortOutNumberStatus string

const (
	PortOutNumberPending    PortOutNumberStatus = "pending"
	PortOutNumberAuthorized PortOutNumberStatus = "authorized"
	PortOutNumberReleased   PortOutNumberStatus = "released"
	PortOutNumberRejected   PortOutNumberStatus = "rejected"
	PortOutNumberCancelled  PortOutNumberStatus = "cancelled"
)

// PortOutNumberStatusFor is the status a port-out's number takes when the port-out enters s.
// A number that failed its own check (not on the account, on another port, locked) was never
// held, so it is neither authorized nor released with the rest: it stays refused.
func PortOutNumberStatusFor(s PortOutStatus, failed bool) PortOutNumberStatus {
	switch {
	case failed && (s == PortOutAuthorized || s == PortOutCompleted):
		return PortOutNumberRejected
	case s == PortOutAuthorized:
		return PortOutNumberAuthorized
	case s == PortOutCompleted:
		return PortOutNumberReleased
	case s == PortOutRejected:
		return PortOutNumberRejected
	case s == PortOutCancelled:
		return PortOutNumberCancelled
	}
	return PortOutNumberPending
}

// PortOutNumber is one number asked for, with what its own checks found.
type PortOutNumber struct {
	PortOutID int64
	Number    string // E.164
	Country   Country
	Status    PortOutNumberStatus
	// Outcome is the code this number failed on ("" when it passed): number_inactive,
	// pending_order or port_lock.
	Outcome RejectionCode
	Detail  string
	// Held: this port-out marked the number porting_out in the inventory (it was active on
	// the account and on no other open port), so it alone puts it back.
	Held bool
}

// PortOut is a request from a gaining provider to take numbers away from the operator.
type PortOut struct {
	ID           int64
	AccountID    int64
	Status       PortOutStatus
	Version      int64
	StatusReason string // the latest reason given with a status change
	Origin       PortOutOrigin

	GainingProvider  string
	GainingReference string // the gaining provider's own order reference
	// GainingEmail is the gaining provider's porting address: the desk emails it the answer
	// (authorized, or rejected with the codes in its words). "" when the team answers by
	// other means.
	GainingEmail string
	// EndUserName and Postcode are as the gaining provider gave them.
	EndUserName string
	Postcode    string
	PINOutcome  PINOutcome
	DesiredDate *time.Time // a calendar date at 00:00 UTC

	Numbers []PortOutNumber
	Checks  []PortOutCheck
	// Rejections are what was sent back to the gaining provider when it was rejected.
	Rejections []Rejection
	// AutoAuthorizeAt is when the account's auto-authorization will authorize it if nobody
	// answers first; nil when it will not (off, or a check failed).
	AutoAuthorizeAt *time.Time

	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// FailedCodes are the rejection codes of the failed checks, each once, in check order: what
// the team's reject form is prefilled with.
func (p PortOut) FailedCodes() []RejectionCode {
	var out []RejectionCode
	for _, c := range p.Checks {
		if !c.Passed && c.Code != "" && !slices.Contains(out, c.Code) {
			out = append(out, c.Code)
		}
	}
	return out
}

// Failed reports whether any check failed.
func (p PortOut) Failed() bool { return len(p.FailedCodes()) > 0 }

// MayAutoAuthorize reports whether silence may authorize the port-out: every check passed
// and at least one proved who asked (the PIN, the name or the postcode matched something on
// file). With nothing on file to match, only a person answers: FCC 23-95 asks for the
// customer to be authenticated, and a number list alone proves nothing.
func (p PortOut) MayAutoAuthorize() bool {
	if p.Failed() {
		return false
	}
	for _, c := range p.Checks {
		switch c.Check {
		case CheckPIN, CheckName, CheckPostcode:
			if c.Passed && !c.Skipped {
				return true
			}
		}
	}
	return false
}

// NumberList is the port-out's numbers, in order.
func (p PortOut) NumberList() []string {
	out := make([]string, len(p.Numbers))
	for i, n := range p.Numbers {
		out[i] = n.Number
	}
	return out
}

// PortOutSummary is a row of the port-out list.
type PortOutSummary struct {
	PortOut
	AccountName string
}

// PortOutFilter selects port-outs, newest first.
type PortOutFilter struct {
	AccountIDs []int64 // nil: every account
	Statuses   []PortOutStatus
	BeforeID   int64
	Limit      int
}

// PortOutDocument is a file that came with a port-out: the gaining provider's request or
// letter of authorisation. Bytes in the document store, as for port-ins.
type PortOutDocument struct {
	ID           int64
	PortOutID    int64
	Name         string
	ContentType  string
	Size         int64
	SHA256       string
	Pages        int
	StorageKey   string
	UploadedBy   int64
	UploaderName string
	UploadedAt   time.Time
}

// PortOutProtection is what an account holds against unwanted port-outs (FCC 23-95): a PIN
// the gaining provider must quote, the records its request must match, locks, and whether an
// unanswered clean request is authorized on its own.
type PortOutProtection struct {
	AccountID int64
	PINHash   string // argon2id; "" when no PIN is set; never shown
	PINSetAt  *time.Time
	// RecordName and RecordPostcode are the end user's name and postcode/ZIP as the account
	// holds them with the operator: what a request must match.
	RecordName     string
	RecordPostcode string
	Locked         bool // every number of the account
	LockedAt       *time.Time
	// AutoAuthorizeDays authorizes a pending port-out with no failed check after this many
	// business days without an answer; 0 is off (the default).
	AutoAuthorizeDays int
	UpdatedAt         time.Time
}

// PINSet reports whether the account has a port-out PIN.
func (p PortOutProtection) PINSet() bool { return p.PINHash != "" }

// NumberLock is a port-out lock on one inventory number.
type NumberLock struct {
	Number    string
	AccountID int64
	LockedBy  int64
	ActorName string
	LockedAt  time.Time
}

// Port-out events on the timeline (events with PortOutID set and PortInID 0).
const (
	EventPortOutCreated  EventType = "port_out_created"
	EventNumbersReleased EventType = "numbers_released"
	EventPortOutDocument EventType = "port_out_document_added"
)

// portOutRejectionCodes are the codes a losing provider sends back on a port-out: the port-in
// codes that concern the request or the account, not those about a number's line, carrier or
// rate centre (a number that is not ours is number_inactive).
var portOutRejectionCodes = []RejectionCode{RejectNameMismatch, RejectAddressMismatch, RejectAccountNumber, RejectPIN,
	RejectPendingOrder, RejectPartialNotSpecified, RejectAssociatedNumbers, RejectNumberInactive, RejectLOA,
	RejectDifferentAccounts, RejectPortLock}

// PortOutRejections lists the codes the team may reject a port-out with, in the port-in
// list's order.
func PortOutRejections() []RejectionInfo {
	var out []RejectionInfo
	for _, r := range Rejections {
		if slices.Contains(portOutRejectionCodes, r.Code) {
			out = append(out, r)
		}
	}
	return out
}

// PortOutRejectionCode reports whether c is one a port-out may be rejected with.
func PortOutRejectionCode(c RejectionCode) bool { return slices.Contains(portOutRejectionCodes, c) }

// ToGainingProvider is a rejection as the desk sends it back to the gaining provider: what
// did not match, never what the account holds (that would help a fraudster try again).
func (r Rejection) ToGainingProvider() string {
	var s string
	switch r.Code {
	case RejectNameMismatch:
		s = "The end user's name does not match our records for the account."
	case RejectAddressMismatch:
		s = "The postcode/ZIP does not match our records for the account."
	case RejectPIN:
		s = "The port-out PIN is missing or wrong: ask the end user for the PIN set on their account with us."
	case RejectNumberInactive:
		s = "One or more numbers are not active on this account with us."
	case RejectPendingOrder:
		s = "One or more numbers are already on another open port."
	case RejectPortLock:
		s = "The account holder has locked these numbers against porting out: they must lift the lock first."
	default:
		if info, ok := RejectionByCode(r.Code); ok {
			s = info.Label + "."
		} else {
			s = "The request cannot be accepted as it is."
		}
	}
	if r.Note != "" {
		s += " " + r.Note
	}
	return s
}

// Port-out emails, to every admin of the account, whoever created the port-out.
const (
	EmailPortOutCreated    = "port_out_created" // the notice: if you did not ask for this, lock now
	EmailPortOutBlocked    = "port_out_blocked" // a locked number's port-out, refused at once
	EmailPortOutAuthorized = "port_out_authorized"
	EmailPortOutRejected   = "port_out_rejected"
	EmailPortOutCompleted  = "port_out_completed"
	EmailPortOutCancelled  = "port_out_cancelled"
	// EmailPortOutAnnouncedTeam tells the team's queue address of a move a customer announced:
	// the gaining provider's request is on its way, and the team answers it.
	EmailPortOutAnnouncedTeam = "port_out_announced_team"
	// The answer to the gaining provider, at its porting address: authorized, or rejected with
	// the codes in its words. Never the account's records, PIN or the team's reasons.
	EmailPortOutGainingAuthorized = "port_out_gaining_authorized"
	EmailPortOutGainingRejected   = "port_out_gaining_rejected"
)
