package domain

// transitions is the whole port-in state machine. Staff may also take the customer's steps
// (submitting or cancelling on a customer's behalf is routine on a porting desk).
var transitions = stateMachine[Status]{thing: "a request", whyFor: "the customer knows what to do", transitions: []Transition[Status]{
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
}}

// AllowedTransitions lists the statuses that party may move a request in from to.
func AllowedTransitions(from Status, party Party) []Status { return transitions.allowed(from, party) }

// CheckTransition says whether party may move a request from one status to another, with
// the given reason.
func CheckTransition(from, to Status, party Party, reason string) error {
	return transitions.check(from, to, party, reason)
}
