package domain

// PortOutTransition is one legal move of the port-out state machine.
type PortOutTransition struct {
	From, To PortOutStatus
	By       Party
	// NeedsReason where the other side must be told why: the gaining provider of a refusal
	// or a withdrawal.
	NeedsReason bool
}

// portOutTransitions is the whole port-out state machine. Only the porting team answers a
// gaining provider (authorize, reject, complete): a customer's admin protects the account with
// its PIN and locks instead, and may withdraw a move it announced itself. The desk's own moves
// (auto-authorization, the automatic rejection of a locked number) act as the team.
var portOutTransitions = []PortOutTransition{
	{PortOutPending, PortOutAuthorized, PartyStaff, false},
	{PortOutPending, PortOutRejected, PartyStaff, true},
	// Fraud found, or a lock set, after authorizing but before the numbers left.
	{PortOutAuthorized, PortOutRejected, PartyStaff, true},
	{PortOutAuthorized, PortOutCompleted, PartyStaff, false},
	{PortOutPending, PortOutCancelled, PartyAnyone, true},
	{PortOutAuthorized, PortOutCancelled, PartyAnyone, true},
}

// PortOutMoves lists the statuses party may move a port-out in from to.
func PortOutMoves(from PortOutStatus, party Party) []PortOutStatus {
	var out []PortOutStatus
	for _, t := range portOutTransitions {
		if t.From == from && t.By&party != 0 {
			out = append(out, t.To)
		}
	}
	return out
}

// CheckPortOutTransition says whether party may move a port-out from one status to another
// with the reason given. An illegal move is a conflict naming the allowed targets.
func CheckPortOutTransition(from, to PortOutStatus, party Party, reason string) error {
	for _, t := range portOutTransitions {
		if t.From != from || t.To != to {
			continue
		}
		if t.By&party == 0 {
			return Errorf(ErrForbidden, "only the porting team can move a port-out from %s to %s", from, to)
		}
		if t.NeedsReason && reason == "" {
			return &Error{Code: ErrInvalid, Message: "a reason is required for this change",
				Fields: []FieldError{{Field: "reason", Code: "required", Message: "Say why, so the gaining provider knows."}}}
		}
		return nil
	}
	var allowed []Status
	for _, s := range PortOutMoves(from, party) {
		allowed = append(allowed, Status(s))
	}
	return &Error{Code: ErrIllegalTransition, Message: "a port-out cannot move from " + string(from) + " to " + string(to), Allowed: allowed}
}
