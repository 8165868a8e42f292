package domain

import "testing"

func TestPlural(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n          int
		noun, want string
	}{
		{1, "working day", "1 working day"},
		{2, "working day", "2 working days"},
		{0, "number", "0 numbers"},
		{1, "fix", "1 fix"},
		{2, "fix", "2 fixes"},
		{3, "number", "3 numbers"},
		{2, "entry", "2 entries"},
		{2, "business day", "2 business days"},
		{2, "letter of authorisation", "2 letters of authorisation"},
		{2, "address", "2 addresses"},
		{-1, "day", "-1 day"},
	} {
		if got := Plural(tc.n, tc.noun); got != tc.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}
