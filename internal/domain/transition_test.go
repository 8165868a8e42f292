package domain

import (
	"errors"
	"slices"
	"testing"
)

func TestCheckTransition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from, to Status
		party    Party
		reason   string
		want     ErrorCode // "" for allowed
	}{
		{"customer submits draft", StatusDraft, StatusSubmitted, PartyCustomer, "", ""},
		{"staff sends to carrier", StatusSubmitted, StatusInProgress, PartyStaff, "", ""},
		{"customer cannot send to carrier", StatusSubmitted, StatusInProgress, PartyCustomer, "", ErrForbidden},
		{"FOC set", StatusInProgress, StatusScheduled, PartyStaff, "", ""},
		{"complete", StatusScheduled, StatusCompleted, PartyStaff, "", ""},
		{"cannot complete unscheduled", StatusInProgress, StatusCompleted, PartyStaff, "", ErrIllegalTransition},
		{"action required needs reason", StatusSubmitted, StatusActionRequired, PartyStaff, "", ErrInvalid},
		{"action required with reason", StatusScheduled, StatusActionRequired, PartyStaff, "name mismatch", ""},
		{"resubmit after fix", StatusActionRequired, StatusSubmitted, PartyCustomer, "", ""},
		{"reject needs reason", StatusInProgress, StatusRejected, PartyStaff, "", ErrInvalid},
		{"cannot reject scheduled", StatusScheduled, StatusRejected, PartyStaff, "x", ErrIllegalTransition},
		{"customer cancels", StatusScheduled, StatusCancelled, PartyCustomer, "", ""},
		{"terminal stays", StatusCompleted, StatusCancelled, PartyStaff, "", ErrIllegalTransition},
		{"rejected is terminal", StatusRejected, StatusSubmitted, PartyCustomer, "", ErrIllegalTransition},
		{"no skipping review", StatusDraft, StatusInProgress, PartyStaff, "", ErrIllegalTransition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckTransition(tt.from, tt.to, tt.party, tt.reason)
			if got := CodeOf(err); got != tt.want {
				t.Fatalf("CheckTransition(%s→%s) = %v, want code %q", tt.from, tt.to, err, tt.want)
			}
		})
	}
}

func TestIllegalTransitionListsAllowed(t *testing.T) {
	t.Parallel()
	err := CheckTransition(StatusSubmitted, StatusCompleted, PartyStaff, "")
	var e *Error
	if !errors.As(err, &e) || e.Code != ErrIllegalTransition {
		t.Fatalf("got %v", err)
	}
	want := []Status{StatusInProgress, StatusActionRequired, StatusRejected, StatusCancelled}
	for _, s := range want {
		if !slices.Contains(e.Allowed, string(s)) {
			t.Errorf("allowed %v lacks %s", e.Allowed, s)
		}
	}
	if slices.Contains(AllowedTransitions(StatusSubmitted, PartyCustomer), StatusInProgress) {
		t.Error("customer must not be offered in_progress")
	}
}

// Every status is reachable from draft and every open status can end: no dead ends.
func TestStateMachineShape(t *testing.T) {
	t.Parallel()
	reach := map[Status]bool{StatusDraft: true}
	for changed := true; changed; {
		changed = false
		for _, tr := range transitions.transitions {
			if reach[tr.From] && !reach[tr.To] {
				reach[tr.To], changed = true, true
			}
		}
	}
	for _, s := range Statuses {
		if !reach[s] {
			t.Errorf("%s unreachable from draft", s)
		}
		if s.Open() && !slices.Contains(AllowedTransitions(s, PartyAnyone), StatusCancelled) {
			t.Errorf("open status %s cannot be cancelled", s)
		}
		if s.Terminal() && len(AllowedTransitions(s, PartyAnyone)) > 0 {
			t.Errorf("terminal status %s has transitions", s)
		}
		if s.Label() == string(s) || s.Explanation() == "" {
			t.Errorf("%s lacks a label or explanation", s)
		}
	}
}
