package notify

import (
	"fmt"
	"strings"
	"time"
)

// Invitation is an iCalendar (RFC 5545) event for a port date. The UID stays the same for one
// request and Sequence grows with each change, so a calendar moves the event rather than
// adding a second one.
type Invitation struct {
	UID         string
	Sequence    int64
	Start       time.Time
	Duration    time.Duration
	Summary     string
	Description string
	Stamp       time.Time
}

// ICS writes the invitation as a text/calendar file.
func (inv Invitation) ICS() []byte {
	if inv.Duration == 0 {
		inv.Duration = time.Hour
	}
	const layout = "20060102T150405Z"
	var b strings.Builder
	line := func(s string) {
		// Lines longer than 75 octets are folded: CRLF and a space.
		for len(s) > 75 {
			cut := 75
			for cut > 0 && s[cut]&0xC0 == 0x80 { // never inside a UTF-8 sequence
				cut--
			}
			b.WriteString(s[:cut] + "\r\n")
			s = " " + s[cut:]
		}
		b.WriteString(s + "\r\n")
	}
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//PortDesk//Number porting//EN")
	line("METHOD:PUBLISH")
	line("BEGIN:VEVENT")
	line("UID:" + escapeText(inv.UID))
	line(fmt.Sprintf("SEQUENCE:%d", inv.Sequence))
	line("DTSTAMP:" + inv.Stamp.UTC().Format(layout))
	line("DTSTART:" + inv.Start.UTC().Format(layout))
	line("DTEND:" + inv.Start.Add(inv.Duration).UTC().Format(layout))
	line("SUMMARY:" + escapeText(inv.Summary))
	line("DESCRIPTION:" + escapeText(inv.Description))
	line("TRANSP:TRANSPARENT")
	line("END:VEVENT")
	line("END:VCALENDAR")
	return []byte(b.String())
}

// escapeText escapes an iCalendar TEXT value.
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`).Replace(s)
}
