package domain

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextRule is how one field's text is checked: the most characters it may have, and whether
// it may run over several lines (an address, a note, a reason).
type TextRule struct {
	Max       int
	Multiline bool
}

// The rules most fields follow.
var (
	ShortText   = TextRule{Max: 200}                   // a name, a provider, one line of an address
	LongText    = TextRule{Max: 1000, Multiline: true} // an address on several lines
	ReasonText  = TextRule{Max: 2000, Multiline: true} // a reason or note typed for a status change
	MessageText = TextRule{Max: 5000, Multiline: true} // a note on a request
)

// Text is the one check of typed text, whatever the field: it trims the text and refuses
// text that is not UTF-8, longer than the rule's characters (runes, not bytes), or holding a
// NUL or other control character (line breaks and tabs are allowed where the field is
// multi-line), or a bidirectional override or isolate (they make text read differently from
// what it says: "Trojan Source"). Each problem is added to v under field; the trimmed text
// is returned, and is "" when it was refused.
func (v *Validation) Text(field, in string, r TextRule) string {
	t := strings.TrimSpace(in)
	switch {
	case !utf8.ValidString(t):
		v.Add(field, "invalid", "Use plain text: this is not readable as UTF-8.")
	case utf8.RuneCountInString(t) > r.Max:
		v.Add(field, "too_long", fmt.Sprintf("Use at most %d characters.", r.Max))
	case strings.ContainsFunc(t, func(c rune) bool { return badRune(c, r.Multiline) }):
		if r.Multiline {
			v.Add(field, "invalid", "Remove control characters.")
		} else {
			v.Add(field, "invalid", "Remove line breaks and control characters.")
		}
	case strings.ContainsFunc(t, bidiControl):
		v.Add(field, "invalid", "Remove text-direction override characters.")
	default:
		return t
	}
	return ""
}

// badRune: a control character (C0, DEL, C1) or a line or paragraph separator; line feeds,
// carriage returns and tabs only where the text may span lines.
func badRune(c rune, multiline bool) bool {
	if multiline && (c == '\n' || c == '\r' || c == '\t') {
		return false
	}
	return unicode.IsControl(c) || c == '\u2028' || c == '\u2029'
}

// bidiControl reports the embedding, override and isolate controls (U+202A–U+202E,
// U+2066–U+2069). The plain marks (LRM, RLM) stay: right-to-left names need them.
func bidiControl(c rune) bool {
	return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
}

// PlainSecret reports whether a secret typed by a person (a password) is UTF-8 without control
// or bidirectional characters. It is not trimmed or otherwise changed: spaces are part of a
// password, but a NUL or an escape is not something anyone types.
func PlainSecret(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(c rune) bool { return badRune(c, false) || bidiControl(c) })
}

// PlainLine is text nobody typed (a browser's User-Agent, a forwarded address) made safe to
// store and print on a letter: what Text would refuse on one line is dropped, not refused,
// since the person signing cannot change it.
func PlainLine(s string) string {
	return strings.Map(func(c rune) rune {
		if badRune(c, false) || bidiControl(c) || c == utf8.RuneError {
			return -1
		}
		return c
	}, s)
}

// ValidEmail reports whether e is one plain address (name@example.com), with no display
// name or angle brackets around it.
func ValidEmail(e string) bool {
	addr, err := mail.ParseAddress(e)
	return err == nil && addr.Address == e && strings.Contains(e, ".")
}
