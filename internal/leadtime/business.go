package leadtime

import "time"

// zones: where a country's porting day is counted. US and Canada span several zones; carriers
// there work to Eastern time, and so do we.
var zones = map[string]*time.Location{"GB": london, "US": mustZone("America/New_York"), "CA": mustZone("America/Toronto")}

// Zone is the time zone a country's port dates are shown and counted in (UTC elsewhere).
func Zone(country string) *time.Location {
	if z, ok := zones[country]; ok {
		return z
	}
	return time.UTC
}

// localDate is t's calendar date in the country's zone, at 00:00 UTC as the calendars want.
func localDate(country string, t time.Time) time.Time { return dateOf(t.In(Zone(country))) }

// IsBusinessDay reports whether t falls on a working day of the country (weekdays that are
// not public holidays); countries without a calendar count weekdays.
func IsBusinessDay(country string, t time.Time) bool {
	d := localDate(country, t)
	if c, ok := calendar[country]; ok {
		return c.IsWorkday(d)
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

// AddBusinessDays is the time n working days after t, at the same time of day.
func AddBusinessDays(country string, t time.Time, n int) time.Time {
	t = t.In(Zone(country))
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if IsBusinessDay(country, t) {
			n--
		}
	}
	return t
}

// BusinessDaysBetween counts the working days after from's date up to and including to's:
// the age of a request in the queue.
func BusinessDaysBetween(country string, from, to time.Time) int {
	n := 0
	for d := localDate(country, from).AddDate(0, 0, 1); !d.After(localDate(country, to)); d = d.AddDate(0, 0, 1) {
		if IsBusinessDay(country, d.Add(12*time.Hour)) {
			n++
		}
	}
	return n
}
