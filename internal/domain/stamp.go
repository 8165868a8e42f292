package domain

// PortInStamp is what a read of a request may be kept by, read in one statement: the
// account it belongs to and that account's list version (Subtree.ListVersions), which moves
// with every write to the request's own rows; and its status and count of numbers, which
// say whether a read works out its plan, kept by its PlanInputs too.
type PortInStamp struct {
	AccountID, Version int64
	Status             Status
	Numbers            int
}

// Planned reports whether a read of the request works out a plan that may be kept by its
// inputs (PlanInputs): an editable request's, of at most StampedPlanNumbers numbers (a
// large one's marks cost more to sum than a kept read would save).
func (st PortInStamp) Planned() bool {
	return st.Status.Editable() && st.Numbers <= StampedPlanNumbers
}

// StampedPlanNumbers is how many numbers a request may have for a read of it that works
// out its plan to be kept.
const StampedPlanNumbers = 200

// PlanInputs are versions of what a request's plan reads beyond the request's own rows:
// while both stand, so does the plan, but for the date it was worked out on.
type PlanInputs struct {
	// Numbers is the sum of the request's numbers' marks, each moved by every write to what
	// is known of the number elsewhere (the inventory holding it or routing to it, a
	// carrier's answer for it): marks only rise, so the sum moves with any of them.
	Numbers int64
	// Rules moves with the porting agreements, the carriers and the price table.
	Rules int64
}
