package leadtime

import (
	"testing"
	"time"
)

func TestBusinessDays(t *testing.T) {
	t.Parallel()
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		country string
		at      string
		want    bool
	}{
		{"GB", "2026-12-24T12:00:00Z", true},
		{"GB", "2026-12-25T12:00:00Z", false}, // Christmas
		{"GB", "2026-12-28T12:00:00Z", false}, // Boxing Day observed (26th is a Saturday)
		{"US", "2026-11-26T15:00:00Z", false}, // Thanksgiving
		{"US", "2026-11-27T02:00:00Z", false}, // still Thanksgiving in New York
		{"CA", "2026-07-01T15:00:00Z", false}, // Canada Day
		{"GB", "2026-11-28T12:00:00Z", false}, // Saturday
		{"FR", "2026-11-27T12:00:00Z", true},  // no calendar: weekdays
	}
	for _, tt := range tests {
		if got := IsBusinessDay(tt.country, utc(tt.at)); got != tt.want {
			t.Errorf("IsBusinessDay(%s, %s) = %v", tt.country, tt.at, got)
		}
	}
	// Three business days after Wednesday 23 Dec 2026 in England: 24th, 29th, 30th.
	if got := AddBusinessDays("GB", utc("2026-12-23T10:00:00Z"), 3); got.Format("2006-01-02 15:04") != "2026-12-30 10:00" {
		t.Errorf("AddBusinessDays = %v", got)
	}
	if got := BusinessDaysBetween("GB", utc("2026-12-23T10:00:00Z"), utc("2026-12-30T09:00:00Z")); got != 3 {
		t.Errorf("BusinessDaysBetween = %d", got)
	}
	if got := BusinessDaysBetween("US", utc("2026-11-25T15:00:00Z"), utc("2026-11-25T20:00:00Z")); got != 0 {
		t.Errorf("same day = %d", got)
	}
}
