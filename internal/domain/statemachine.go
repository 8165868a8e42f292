package domain

// Party is who may take a transition: the customer who owns the request, or the operator's
// porting team.
type Party int

const (
	PartyCustomer Party = 1 << iota
	PartyStaff
	PartyAnyone = PartyCustomer | PartyStaff
)

// partySystem is no user: the desk itself.
const partySystem Party = 0

// Transition is one legal move of a state machine (a port-in's or a port-out's).
type Transition[S ~string] struct {
	From, To S
	By       Party
	// NeedsReason is set where the other side must be told why (a fix to make, a refusal).
	NeedsReason bool
}

// stateMachine is the legal moves of one kind of thing, and how its refusals read.
type stateMachine[S ~string] struct {
	thing       string // "a request", "a port-out"
	whyFor      string // who a reason is for: "the customer knows what to do"
	transitions []Transition[S]
}

// allowed lists the statuses party may move a thing in from to.
func (m stateMachine[S]) allowed(from S, party Party) []S {
	var out []S
	for _, t := range m.transitions {
		if t.From == from && t.By&party != 0 {
			out = append(out, t.To)
		}
	}
	return out
}

// check says whether party may move a thing from one status to another with the reason
// given. An illegal move is a conflict carrying the allowed targets, so that the caller can
// tell the user what it could do instead.
func (m stateMachine[S]) check(from, to S, party Party, reason string) error {
	for _, t := range m.transitions {
		if t.From != from || t.To != to {
			continue
		}
		if t.By&party == 0 {
			return Errorf(ErrForbidden, "only the porting team can move %s from %s to %s", m.thing, from, to)
		}
		if t.NeedsReason && reason == "" {
			return &Error{Code: ErrInvalid, Message: "a reason is required for this change",
				Fields: []FieldError{{Field: "reason", Code: "required", Message: "Say why, so " + m.whyFor + "."}}}
		}
		return nil
	}
	return &Error{Code: ErrIllegalTransition, Message: m.thing + " cannot move from " + string(from) + " to " + string(to),
		Allowed: StatusNames(m.allowed(from, party))}
}
