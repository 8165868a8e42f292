package domain

import (
	"strings"
	"unicode"
)

// Port-out requests are typed by another provider's staff from what the end user told them:
// the same name and postcode arrive with other case, spacing, punctuation and company suffixes.
// These matches forgive exactly that, and nothing that would change who is meant.

// nameWords are spellings of one word that mean the same in a company name.
var nameWords = map[string]string{
	"limited": "ltd", "ltd": "ltd",
	"&": "and", "and": "and",
	"incorporated": "inc", "inc": "inc",
	"corporation": "corp", "corp": "corp",
	"company": "co", "co": "co",
	"plc": "plc", "llc": "llc", "llp": "llp",
}

// NormalizeName reduces a name to its words, lower-case, without punctuation, with company
// suffixes and "&" written one way.
func NormalizeName(s string) string {
	s = strings.ToLower(s)
	// "&" may touch its neighbours ("Smith&Sons"): make it a word of its own.
	s = strings.ReplaceAll(s, "&", " & ")
	var words []string
	for _, f := range strings.Fields(s) {
		if f == "&" {
			words = append(words, "and")
			continue
		}
		w := strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, f)
		if w == "" {
			continue
		}
		if v, ok := nameWords[w]; ok {
			w = v
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// NamesMatch reports whether two names are the same name, tolerantly. Empty matches nothing.
func NamesMatch(a, b string) bool {
	na, nb := NormalizeName(a), NormalizeName(b)
	return na != "" && na == nb
}

// NormalizePostcode reduces a postcode or ZIP for comparison in a country: UK and Canadian
// codes without spaces, dashes or case; a US ZIP to its first five digits (ZIP+4 names the same
// area). A US code that is not a ZIP is reduced like any other, so the result is always a
// fixed point (normalizing it again changes nothing).
func NormalizePostcode(country Country, s string) string {
	if country == CountryUS {
		if zip, ok := zip5(s); ok {
			return zip
		}
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// zip5 reads a US ZIP or ZIP+4 ("90210", "90210-1234", "90210 1234") as its five digits;
// ok is false when s has anything but digits, spaces and dashes before them.
func zip5(s string) (string, bool) {
	var d []byte
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
		case r == '-' || unicode.IsSpace(r):
			if len(d) >= 5 {
				return string(d[:5]), true // the +4 part
			}
		default:
			return "", false
		}
	}
	if len(d) > 5 {
		d = d[:5]
	}
	return string(d), true
}

// PostcodesMatch reports whether two postcodes/ZIPs are the same in a country. Empty matches
// nothing.
func PostcodesMatch(country Country, a, b string) bool {
	na, nb := NormalizePostcode(country, a), NormalizePostcode(country, b)
	return na != "" && na == nb
}
