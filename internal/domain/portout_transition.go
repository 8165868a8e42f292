package domain

// portOutTransitions is the whole port-out state machine. Only the porting team answers a
// gaining provider (authorize, reject, complete): a customer's admin protects the account with
// its PIN and locks instead, and may withdraw a move it announced itself. The desk's own moves
// (auto-authorization, the automatic rejection of a locked number) act as the team.
var portOutTransitions = stateMachine[PortOutStatus]{thing: "a port-out", whyFor: "the gaining provider knows", transitions: []Transition[PortOutStatus]{
	{PortOutPending, PortOutAuthorized, PartyStaff, false},
	{PortOutPending, PortOutRejected, PartyStaff, true},
	// Fraud found, or a lock set, after authorizing but before the numbers left.
	{PortOutAuthorized, PortOutRejected, PartyStaff, true},
	{PortOutAuthorized, PortOutCompleted, PartyStaff, false},
	{PortOutPending, PortOutCancelled, PartyAnyone, true},
	{PortOutAuthorized, PortOutCancelled, PartyAnyone, true},
}}

// PortOutMoves lists the statuses party may move a port-out in from to.
func PortOutMoves(from PortOutStatus, party Party) []PortOutStatus {
	return portOutTransitions.allowed(from, party)
}

// CheckPortOutTransition says whether party may move a port-out from one status to another
// with the reason given.
func CheckPortOutTransition(from, to PortOutStatus, party Party, reason string) error {
	return portOutTransitions.check(from, to, party, reason)
}
