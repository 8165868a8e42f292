package domain

// Party is who may take a transition: the customer who owns the request, or the operator's
// porting team.
type Party int

const (
	PartyCustomer Party = 1 << iota
	PartyStaff
	PartyAnyone = PartyCustomer | PartyStaff
)

// Transition is one legal move of the state machine.
type Transition struct {
	From, To Status
	By       Party
	// NeedsReason is set where the other side must be told why (a fix to make, a refusal).
	NeedsReason bool
}

// transitions is the whole port-in state machine. Staff may also take the customer's steps
// (submitting or cancelling on a customer's behalf is routine on a porting desk).
var transitions = []Transition{
	{StatusDraft, StatusSubmitted, PartyAnyone, false},
	{StatusSubmitted, StatusInProgress, PartyStaff, false},
	{StatusInProgress, StatusScheduled, PartyStaff, false},
	{StatusScheduled, StatusCompleted, PartyStaff, false},
	{StatusSubmitted, StatusActionRequired, PartyStaff, true},
	{StatusInProgress, StatusActionRequired, PartyStaff, true},
	{StatusScheduled, StatusActionRequired, PartyStaff, true},
	{StatusActionRequired, StatusSubmitted, PartyAnyone, false},
	{StatusSubmitted, StatusRejected, PartyStaff, true},
	{StatusInProgress, StatusRejected, PartyStaff, true},
	{StatusDraft, StatusCancelled, PartyAnyone, false},
	{StatusSubmitted, StatusCancelled, PartyAnyone, false},
	{StatusInProgress, StatusCancelled, PartyAnyone, false},
	{StatusScheduled, StatusCancelled, PartyAnyone, false},
	{StatusActionRequired, StatusCancelled, PartyAnyone, false},
	// Nobody chooses these: submitting takes them when the numbers need several orders.
	{StatusDraft, StatusSplit, partySystem, false},
	{StatusActionRequired, StatusSplit, partySystem, false},
}

// partySystem is no user: the desk itself.
const partySystem Party = 0

// AllowedTransitions lists the statuses that party may move a request in from to.
func AllowedTransitions(from Status, party Party) []Status {
	var out []Status
	for _, t := range transitions {
		if t.From == from && t.By&party != 0 {
			out = append(out, t.To)
		}
	}
	return out
}

// CheckTransition says whether party may move a request from one status to another, with
// the given reason. An illegal move is a conflict carrying the allowed targets, so that the
// caller can tell the user what it could do instead.
func CheckTransition(from, to Status, party Party, reason string) error {
	for _, t := range transitions {
		if t.From != from || t.To != to {
			continue
		}
		if t.By&party == 0 {
			return Errorf(ErrForbidden, "only the porting team can move a request from %s to %s", from, to)
		}
		if t.NeedsReason && reason == "" {
			return &Error{Code: ErrInvalid, Message: "a reason is required for this change",
				Fields: []FieldError{{Field: "reason", Code: "required", Message: "Say why, so the customer knows what to do."}}}
		}
		return nil
	}
	return &Error{
		Code:    ErrIllegalTransition,
		Message: "a request cannot move from " + string(from) + " to " + string(to),
		Allowed: AllowedTransitions(from, party),
	}
}
