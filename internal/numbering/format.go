package numbering

import "github.com/nyaruka/phonenumbers"

// Format shows an E.164 number the international way people read it ("+44 113 496 0000").
// Anything it cannot read (a national number, free text from a form) comes back unchanged,
// so that it is always safe to call on display.
func Format(e164 string) string {
	if len(e164) < 2 || len(e164) > maxInput || e164[0] != '+' {
		return e164
	}
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return e164
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}
