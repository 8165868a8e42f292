package leadtime

import (
	"testing"
	"time"
)

// The window told to customers: weeks for landlines, as the seeds quote them; a UK mobile
// ports the working day after its PAC is accepted, whatever the number count or a SUP.
func TestWindow(t *testing.T) {
	t.Parallel()
	mon9 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)   // Monday 09:00 London
	fri14 := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC) // Friday, after the 13:00 cut-off
	for _, tc := range []struct {
		name     string
		o        Order
		at       time.Time
		window   string
		min, max int
		days     int
		earliest string
	}{
		{"UK landline", Order{Country: "GB", Numbers: 1}, mon9, "4-8 weeks", 4, 8, 4, "2026-11-27"},
		{"US", Order{Country: "US", Numbers: 1, Simple: true}, mon9, "2-4 weeks", 2, 4, 1, "2026-11-24"},
		{"Canada", Order{Country: "CA", Numbers: 2}, mon9, "up to 6 weeks", 0, 6, 4, "2026-11-27"},
		{"UK mobile", Order{Country: "GB", Numbers: 1, Mobile: true}, mon9, "1 working day after the PAC is accepted", 0, 0, 1, "2026-11-24"},
		{"UK mobiles, many, SUP", Order{Country: "GB", Numbers: 40, Mobile: true, Subsequent: true}, mon9, "1 working day after the PAC is accepted", 0, 0, 1, "2026-11-24"},
		{"UK mobile after 13:00 on a Friday", Order{Country: "GB", Numbers: 1, Mobile: true}, fri14, "1 working day after the PAC is accepted", 0, 0, 1, "2026-12-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, err := Calculate(tc.o, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			if e.Window != tc.window || e.QuotedMinWeeks != tc.min || e.QuotedMaxWeeks != tc.max || e.WorkingDays != tc.days || !e.Earliest.Equal(day(tc.earliest)) {
				t.Fatalf("got %q (%d-%d weeks), %d days, earliest %s; want %q (%d-%d), %d, %s", e.Window, e.QuotedMinWeeks, e.QuotedMaxWeeks,
					e.WorkingDays, e.Earliest.Format(time.DateOnly), tc.window, tc.min, tc.max, tc.days, tc.earliest)
			}
		})
	}
}
