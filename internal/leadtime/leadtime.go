// Package leadtime works out how soon a port can happen: the minimum lead time in working
// days by country and kind of order, the earliest port date on that country's business
// calendar, the window quoted to customers, and whether a desired date can be asked for.
package leadtime

import (
	"fmt"
	"time"
	_ "time/tzdata" // the UK cut-off is London time, whatever the machine's zone files

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/us"

	"github.com/portdesk/portdesk/internal/domain"
)

// DDI says how much of a direct-dial-in range an order moves.
type DDI int

const (
	NoDDI     DDI = iota
	WholeDDI      // a whole DDI range moves
	PartOfDDI     // only part of a range: the slowest UK order
)

// Order is what decides the lead time.
type Order struct {
	Country       string // GB, US or CA
	Numbers       int
	MultiLine     bool // the losing provider's records show a multi-line installation
	DDI           DDI
	NonGeographic bool // UK 03, 08, 09 numbers
	Mobile        bool // UK mobiles port on a PAC within one working day
	// Subsequent: the losing provider is not the range holder (a UK SUP order, +3 days).
	Subsequent bool
	// HolderUnknown: no range data names the range holder (UK), so whether the order is PRO
	// or SUP cannot be told. The lead time then assumes SUP, the longer, unless AssumePRO:
	// a date promised too early is worse than one a few days late.
	HolderUnknown bool
	AssumePRO     bool
	// Simple: US/CA one line, no complex services (47 CFR 52.35: one business day).
	Simple bool
	// TollFree: North American toll-free numbers move by a RespOrg change (Somos), not
	// through NPAC: neither the simple nor the non-simple port rule applies.
	TollFree bool
}

// Estimate is how soon an order can port.
type Estimate struct {
	WorkingDays int       `json:"working_days"` // minimum lead time
	Rule        string    `json:"rule"`         // which rule gave it, for a person
	Earliest    time.Time `json:"earliest"`     // earliest port date, a business day, at 00:00 UTC
	// QuotedMinWeeks and QuotedMaxWeeks are the window the operator quotes (the seeds):
	// carriers rarely meet the minimum.
	QuotedMinWeeks int `json:"quoted_min_weeks"`
	QuotedMaxWeeks int `json:"quoted_max_weeks"`
	// Assumption says what the lead time takes for granted where it cannot know, e.g.
	// "range holder unknown: lead time assumes a SUP order"; empty when it knows.
	Assumption string `json:"assumption,omitempty"`
	// Window is what the customer is told to expect, in words: "4-8 weeks"; for a UK
	// mobile "1 working day after the PAC is accepted".
	Window string `json:"window"`
}

// cutoff is the UK order cut-off: orders after 13:00 count from the next working day.
const cutoff = 13

// respOrgDays is the minimum for a toll-free RespOrg change: the controlling RespOrg has two
// business days to answer in Somos's ROC system (else the help desk steps in), and the
// routing changes the day after.
const respOrgDays = 3

// desiredCapDays is how far after the earliest date a US or Canadian due date may be: many
// carriers there refuse due dates more than 30 days out.
const desiredCapDays = 30

var (
	london   = mustZone("Europe/London")
	calendar = map[string]*cal.BusinessCalendar{"GB": newCalendar(gb.Holidays), "US": newCalendar(us.Holidays), "CA": newCalendar(ca.Holidays)}
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded
	}
	return loc
}

func newCalendar(h []*cal.Holiday) *cal.BusinessCalendar {
	c := cal.NewBusinessCalendar()
	c.AddHoliday(h...)
	return c
}

// ukDays is DOMAIN.md's minimum lead-time table: working days for a PRO order (the losing
// provider is the range holder); a SUP order adds three.
func ukDays(o Order) (int, string) {
	switch {
	case o.Mobile:
		return 1, "mobile, with a PAC"
	case o.NonGeographic:
		return 7, "non-geographic, any volume"
	case o.DDI == PartOfDDI:
		return 22, "part of a DDI range"
	case o.Numbers > 150:
		return 17, "over 150 numbers"
	case o.Numbers > 30 || o.DDI == WholeDDI:
		return 10, "multi-line, 31 to 150 numbers or a DDI range"
	case o.MultiLine || o.Numbers > 1:
		return 7, "multi-line, up to 30 numbers, no DDI"
	}
	return 4, "single line"
}

// Calculate works out the lead time of an order placed at submitted.
func Calculate(o Order, submitted time.Time) (Estimate, error) {
	c, ok := calendar[o.Country]
	if !ok {
		return Estimate{}, fmt.Errorf("no porting calendar for %q: ports from there go by ticket", o.Country)
	}
	var e Estimate
	start := submitted
	switch o.Country {
	case "GB":
		e.WorkingDays, e.Rule = ukDays(o)
		switch {
		case o.Mobile: // a PAC port: PRO or SUP makes no difference
		case o.Subsequent:
			e.WorkingDays += 3
			e.Rule += ", subsequent (SUP) order"
		case o.HolderUnknown && o.AssumePRO:
			e.Rule += ", PRO order assumed"
			e.Assumption = "range holder unknown: lead time assumes a PRO order (the losing provider holds the range); a SUP order takes 3 working days longer"
		case o.HolderUnknown:
			e.WorkingDays += 3
			e.Rule += ", SUP order assumed"
			e.Assumption = "range holder unknown: lead time assumes a subsequent (SUP) order; a PRO order (the losing provider holds the range) takes 3 working days less"
		}
		local := submitted.In(london)
		if local.Hour() >= cutoff {
			start = local.AddDate(0, 0, 1)
			e.Rule += ", placed after 13:00"
		}
		e.QuotedMinWeeks, e.QuotedMaxWeeks = 4, 8
	case "US", "CA":
		switch {
		case o.TollFree:
			e.WorkingDays, e.Rule = respOrgDays, "toll-free, a RespOrg change"
		case o.Simple:
			e.WorkingDays, e.Rule = 1, "simple port"
		default:
			e.WorkingDays, e.Rule = 4, "non-simple port"
		}
		if o.Country == "US" {
			e.QuotedMinWeeks, e.QuotedMaxWeeks = 2, 4
		} else {
			e.QuotedMinWeeks, e.QuotedMaxWeeks = 0, 6
		}
	}
	if o.Country == "GB" && o.Mobile {
		// A valid PAC ports the next working day: the weeks landlines take do not apply.
		e.QuotedMinWeeks, e.QuotedMaxWeeks = 0, 0
	}
	e.Window = window(o, e)
	day := dateOf(start)
	// Counting starts on a working day: an order on a Saturday is worked from Monday.
	for !c.IsWorkday(day) {
		day = day.AddDate(0, 0, 1)
	}
	e.Earliest = c.WorkdaysFrom(day, e.WorkingDays)
	return e, nil
}

// window is the quoted window in words.
func window(o Order, e Estimate) string {
	switch {
	case o.Country == "GB" && o.Mobile:
		return "1 working day after the PAC is accepted"
	case e.QuotedMinWeeks == 0:
		return fmt.Sprintf("up to %d weeks", e.QuotedMaxWeeks)
	}
	return fmt.Sprintf("%d-%d weeks", e.QuotedMinWeeks, e.QuotedMaxWeeks)
}

// CheckDesired says why a desired port date cannot be asked for on an order quoted e at
// now, or nil: it must be a business day, not before the earliest date, and not too far out.
// In the US and Canada that is more than 30 days after the earliest date (many carriers
// refuse due dates further out); in the UK, beyond the quoted window (8 weeks from today).
func CheckDesired(country string, desired, now time.Time, e Estimate) error {
	c, ok := calendar[country]
	if !ok {
		return nil
	}
	d := dateOf(desired)
	latest, why := e.Earliest.AddDate(0, 0, desiredCapDays), "carriers refuse due dates more than 30 days out"
	if country == "GB" {
		latest = localDate(country, now).AddDate(0, 0, 7*e.QuotedMaxWeeks)
		why = fmt.Sprintf("UK ports are quoted at %d-%d weeks", e.QuotedMinWeeks, e.QuotedMaxWeeks)
	}
	switch {
	case !c.IsWorkday(d):
		return fmt.Errorf("%s is not a business day in %s: choose a weekday that is not a public holiday", d.Format("Mon 2 Jan 2006"), country)
	case d.Before(e.Earliest):
		return fmt.Errorf("the earliest possible date is %s (%s: %s)", e.Earliest.Format("Mon 2 Jan 2006"), domain.Plural(e.WorkingDays, "working day"), e.Rule)
	case d.After(latest):
		return fmt.Errorf("choose a date by %s: %s", latest.Format("Mon 2 Jan 2006"), why)
	}
	return nil
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
