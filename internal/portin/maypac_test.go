package portin

import (
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// A GET reads PACs only for a request that may hold one: wrongly skipping would hide a
// mobile order's PAC, so every shape that may hold one must say so.
func TestMayHavePAC(t *testing.T) {
	t.Parallel()
	nums := func(ns ...string) []domain.PortNumber {
		out := make([]domain.PortNumber, 0, len(ns))
		for _, n := range ns {
			out = append(out, domain.PortNumber{Number: n})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		p    domain.PortIn
		all  []domain.PortNumber
		want bool
	}{
		{"numbers not all read", domain.PortIn{Status: domain.StatusSubmitted}, nil, true},
		{"a UK mobile among landlines", domain.PortIn{Status: domain.StatusSubmitted}, nums("+441134960000", "+447700900123"), true},
		{"a split order's parent may hold its PAC", domain.PortIn{ParentID: 7, Status: domain.StatusSubmitted}, nums("+441134960000"), true},
		{"a split request", domain.PortIn{Status: domain.StatusSplit}, nums("+441134960000"), true},
		{"UK landlines only", domain.PortIn{Status: domain.StatusSubmitted}, nums("+441134960000", "+442079460000"), false},
		{"US numbers only", domain.PortIn{Status: domain.StatusDraft}, nums("+12015550123"), false},
		{"no numbers", domain.PortIn{Status: domain.StatusDraft}, nums(), false},
	} {
		if got := mayHavePAC(tc.p, tc.all); got != tc.want {
			t.Errorf("%s: mayHavePAC = %v, want %v", tc.name, got, tc.want)
		}
	}
}
