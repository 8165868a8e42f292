package leadtime

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCalculate(t *testing.T) {
	t.Parallel()
	mon9 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) // Monday 09:00 London (GMT)
	mon14 := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		o        Order
		at       time.Time
		days     int
		earliest string
	}{
		{"UK single line", Order{Country: "GB", Numbers: 1}, mon9, 4, "2026-11-27"},
		{"UK after 13:00", Order{Country: "GB", Numbers: 1}, mon14, 4, "2026-11-30"},
		{"UK summer, 12:30 UTC is 13:30 BST", Order{Country: "GB", Numbers: 1}, time.Date(2026, 7, 6, 12, 30, 0, 0, time.UTC), 4, "2026-07-13"},
		{"UK SUP", Order{Country: "GB", Numbers: 1, Subsequent: true}, mon9, 7, "2026-12-02"},
		{"UK multi-line 20", Order{Country: "GB", Numbers: 20, MultiLine: true}, mon9, 7, "2026-12-02"},
		{"UK 31 numbers", Order{Country: "GB", Numbers: 31}, mon9, 10, "2026-12-07"},
		{"UK whole DDI", Order{Country: "GB", Numbers: 10, DDI: WholeDDI}, mon9, 10, "2026-12-07"},
		{"UK 151 numbers", Order{Country: "GB", Numbers: 151}, mon9, 17, "2026-12-16"},
		{"UK range holder unknown: SUP assumed", Order{Country: "GB", Numbers: 1, HolderUnknown: true}, mon9, 7, "2026-12-02"},
		{"UK range holder unknown, PRO assumed by the operator", Order{Country: "GB", Numbers: 1, HolderUnknown: true, AssumePRO: true}, mon9, 4, "2026-11-27"},
		{"UK range holder unknown, known SUP", Order{Country: "GB", Numbers: 1, HolderUnknown: true, AssumePRO: true, Subsequent: true}, mon9, 7, "2026-12-02"},
		{"UK mobile, range holder unknown: a PAC port", Order{Country: "GB", Numbers: 1, Mobile: true, HolderUnknown: true}, mon9, 1, "2026-11-24"},
		{"UK non-geographic, range holder unknown", Order{Country: "GB", Numbers: 3, NonGeographic: true, HolderUnknown: true}, mon9, 10, "2026-12-07"},
		{"UK part of DDI, SUP", Order{Country: "GB", Numbers: 5, DDI: PartOfDDI, Subsequent: true}, mon9, 25, "2026-12-30"}, // skips Christmas (Fri 25) and Boxing Day (observed Mon 28)
		{"UK non-geographic", Order{Country: "GB", Numbers: 400, NonGeographic: true}, mon9, 7, "2026-12-02"},
		{"US simple", Order{Country: "US", Numbers: 1, Simple: true}, time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC), 1, "2026-11-27"}, // Thanksgiving 26 Nov
		{"US non-simple", Order{Country: "US", Numbers: 5}, mon9, 4, "2026-11-30"},                                                     // Thanksgiving
		{"CA non-simple on a Saturday", Order{Country: "CA", Numbers: 2}, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC), 4, "2026-12-04"},
		{"US toll-free: a RespOrg change, not a simple port", Order{Country: "US", Numbers: 1, Simple: true, TollFree: true}, mon9, 3, "2026-11-27"}, // Thanksgiving
		{"US toll-free, many numbers", Order{Country: "US", Numbers: 40, TollFree: true}, mon9, 3, "2026-11-27"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := Calculate(tt.o, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if e.WorkingDays != tt.days || !e.Earliest.Equal(day(tt.earliest)) || e.Rule == "" || e.Window == "" {
				t.Errorf("got %d days, earliest %s (%s); want %d, %s", e.WorkingDays, e.Earliest.Format("Mon 2006-01-02"), e.Rule, tt.days, tt.earliest)
			}
			// What is assumed is said, and only then.
			assumed := tt.o.HolderUnknown && !tt.o.Subsequent && !tt.o.Mobile
			if assumed != strings.HasPrefix(e.Assumption, "range holder unknown: lead time assumes a ") || assumed != strings.Contains(e.Rule, "assumed") {
				t.Errorf("assumption %q, rule %q", e.Assumption, e.Rule)
			}
		})
	}
	if _, err := Calculate(Order{Country: "FR"}, mon9); err == nil {
		t.Error("France has no calendar: ports go by ticket")
	}
}

func TestCheckDesired(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)      // Monday
	gb, _ := Calculate(Order{Country: "GB", Numbers: 1}, now) // earliest Fri 27 Nov
	us, _ := Calculate(Order{Country: "US", Numbers: 2}, now) // earliest Mon 30 Nov (Thanksgiving)
	ca, _ := Calculate(Order{Country: "CA", Numbers: 2}, now) // earliest Fri 27 Nov
	tests := []struct {
		country, date string
		e             Estimate
		want          string
	}{
		{"GB", "2026-11-27", gb, ""},
		{"GB", "2026-11-26", gb, "earliest possible date is Fri 27 Nov 2026"},
		{"GB", "2026-11-28", gb, "not a business day"},
		{"GB", "2026-12-25", gb, "not a business day"},
		{"GB", "2026-12-24", gb, ""},
		{"GB", "2026-12-28", gb, "not a business day"}, // Boxing Day, observed on the Monday
		// The UK quotes 4-8 weeks: no 30-day cap, dates up to 8 weeks from today.
		{"GB", "2026-12-29", gb, ""},
		{"GB", "2027-01-04", gb, ""},
		{"GB", "2027-01-18", gb, ""},
		{"GB", "2027-01-19", gb, "choose a date by Mon 18 Jan 2027: UK ports are quoted at 4-8 weeks"},
		// US carriers refuse due dates more than 30 days out.
		{"US", "2026-11-26", us, "not a business day"}, // Thanksgiving
		{"US", "2026-12-30", us, ""},
		{"US", "2027-01-04", us, "more than 30 days"},
		{"CA", "2026-12-24", ca, ""},
		{"CA", "2026-12-28", ca, "not a business day"}, // Boxing Day, observed
		{"CA", "2026-12-29", ca, "more than 30 days"},
	}
	for _, tt := range tests {
		err := CheckDesired(tt.country, day(tt.date), now, tt.e)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s %s: %v, want %q", tt.country, tt.date, err, tt.want)
		}
	}
}

// A date before a one-day lead time's earliest says "1 working day", not "1 working days".
func TestCheckDesiredSaysOneWorkingDay(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) // a Monday
	e, err := Calculate(Order{Country: "US", Numbers: 1, Simple: true}, now)
	if err != nil || e.WorkingDays != 1 {
		t.Fatalf("%+v %v", e, err)
	}
	err = CheckDesired("US", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), now, e)
	if err == nil || !strings.Contains(err.Error(), "(1 working day: ") {
		t.Fatalf("%v", err)
	}
}
