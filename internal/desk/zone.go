package desk

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/numbering"
)

// zoneName is the shape of an IANA zone name (Europe/London, America/Argentina/Buenos_Aires,
// Etc/GMT+5, UTC): nothing that could name a file outside the zone database.
var zoneName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$`)

// CheckTimeZone reads an account's time zone: an IANA name the zone database knows, or
// empty for the country's porting zone. "Local" (the server's own zone) is not one.
func CheckTimeZone(v *domain.Validation, field, name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	if len(name) <= 64 && zoneName.MatchString(name) && name != "Local" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc.String()
		}
	}
	v.Add(field, "invalid", fmt.Sprintf("%q is not a time zone: give an IANA name such as America/Los_Angeles or Europe/London, or leave it empty for the country's porting zone.", Truncate(name, 64)))
	return ""
}

// AccountZone is the time zone an account's users read dates in: its own, or else its
// country's porting zone (London; New York and Toronto for North America).
func AccountZone(acc domain.Account) *time.Location {
	if acc.TimeZone != "" {
		if loc, err := time.LoadLocation(acc.TimeZone); err == nil {
			return loc
		}
	}
	return leadtime.Zone(string(acc.Country))
}

const focLayout = "Monday 2 January 2006 at 15:04 MST"

// FOCTimes is a port date as an account's users read it.
type FOCTimes struct {
	Local string // in the account's zone: "Tuesday 8 December 2026 at 07:00 PST"
	// Carrier is the same moment in the carrier's porting zone when it reads differently
	// there ("10:00 EST", with the date when that differs too); empty otherwise.
	Carrier string
}

// String is the date with the carrier's time beside it, when there is one.
func (f FOCTimes) String() string {
	if f.Carrier == "" {
		return f.Local
	}
	return f.Local + " (" + f.Carrier + ", the carrier's time)"
}

// AccountFOC shows a FOC to the account's users: in their zone, and in the carrier's
// porting zone too when the clocks differ.
func AccountFOC(t time.Time, acc domain.Account) FOCTimes {
	return focTimes(t, AccountZone(acc), leadtime.Zone(string(acc.Country)))
}

// OrderFOC is AccountFOC with the carrier's zone that of the order's country, which need not
// be the account's (a GB account's US order is worked to New York time).
func OrderFOC(t time.Time, acc domain.Account, country domain.Country) FOCTimes {
	return focTimes(t, AccountZone(acc), leadtime.Zone(string(country)))
}

func focTimes(t time.Time, users, carrier *time.Location) FOCTimes {
	local, porting := t.In(users), t.In(carrier)
	f := FOCTimes{Local: local.Format(focLayout)}
	if carrier := porting.Format(focLayout); carrier != f.Local {
		ly, lm, ld := local.Date()
		py, pm, pd := porting.Date()
		if ly == py && lm == pm && ld == pd {
			carrier = porting.Format("15:04 MST")
		}
		f.Carrier = carrier
	}
	return f
}

// FormatFOC shows a port date in the country's porting time zone: the team works to it.
func FormatFOC(t time.Time, country string) string {
	return t.In(leadtime.Zone(country)).Format(focLayout)
}

// RequestCountry is the country whose porting rules, calendar and time zone a request (or an
// order split from it) follows: the country of most of its numbers (E.164) once it has some
// (an order's are all of one; the US territories count as the US), else its billing
// address's, else its account's. It is not the account's country: a GB account ports US
// numbers on US rules.
func RequestCountry(acc domain.Account, p domain.PortIn, numbers []string) domain.Country {
	count := map[string]int{}
	best := ""
	for _, n := range numbers {
		c := numbering.PortingCountry(n)
		if c == "" {
			continue
		}
		count[c]++
		if best == "" || count[c] > count[best] {
			best = c
		}
	}
	switch {
	case best != "":
		return domain.Country(best)
	case p.BillingAddress.Country != "":
		return domain.Country(strings.ToUpper(p.BillingAddress.Country))
	}
	return acc.Country
}

// SummaryCountry is RequestCountry for a row of a list, which names its first number only.
func SummaryCountry(s domain.PortInSummary) domain.Country {
	var numbers []string
	if s.FirstNumber != "" {
		numbers = []string{s.FirstNumber}
	}
	return RequestCountry(domain.Account{Country: s.AccountCountry}, s.PortIn, numbers)
}
