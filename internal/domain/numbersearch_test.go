package domain

import (
	"slices"
	"testing"
)

func TestNumberSearchPrefixes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		digits string
		want   []string
	}{
		{"0113496", []string{"+0113496", "+44113496"}},
		{"0", []string{"+0"}},
		{"44113496", []string{"+44113496", "+4444113496", "+144113496"}},
		{"113496", []string{"+113496", "+44113496"}},
		{"415555", []string{"+415555", "+44415555", "+1415555"}},
		{"", nil},
		{"12a", nil},
	} {
		if got := NumberSearchPrefixes(tc.digits); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.digits, got, tc.want)
		}
	}
}
