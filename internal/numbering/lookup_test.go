package numbering

import (
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

func TestE164ForLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw     string
		country domain.Country
		want    string // E.164, or part of the refusal
		ok      bool
	}{
		{"+44 113 496 0000", "", "+441134960000", true},
		{"0113 496 0000", "GB", "+441134960000", true},
		{"01632 960000", "GB", "+441632960000", true}, // invalid (drama range), still looked up
		{"(201) 555-0123", "US", "+12015550123", true},
		{"0044 113 496 0000", "US", "+441134960000", true},
		{"tel:+14165550123", "", "+14165550123", true},
		{"hello", "GB", "is not a phone number", false},
		{"0113 496 000O", "GB", "is not a phone number", false},
		{"--data", "GB", "is not a phone number", false},
		{"--", "GB", "too few digits", false},
		{"12345", "GB", "too few digits", false},
		{"44+1134960000", "GB", "+ that is not at the start", false},
		{"", "GB", "Enter a phone number", false},
		{"+44 1134 9600 0012 3456", "GB", "too many digits", false},
	}
	for _, tt := range tests {
		got, err := NewParser().E164ForLookup(tt.raw, tt.country)
		if tt.ok && (err != nil || got != tt.want) {
			t.Errorf("%q: %q %v, want %s", tt.raw, got, err, tt.want)
		}
		if !tt.ok && (err == nil || !strings.Contains(err.Error(), tt.want) || !domain.IsCode(err, domain.ErrInvalid)) {
			t.Errorf("%q: %q %v, want a refusal saying %q", tt.raw, got, err, tt.want)
		}
	}
}
