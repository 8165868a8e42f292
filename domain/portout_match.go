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
// codes without spaces or case; a US ZIP to its first five digits (ZIP+4 names the same area).
func NormalizePostcode(country Country, s string) string {
	if country == CountryUS {
		var d []rune
		for _, r := range s {
			if r >= '0' && r <= '9' {
				d = append(d, r)
			} else if r == '-' || unicode.IsSpace(r) {
				if len(d) >= 5 {
					break // the +4 part
				}
			} else {
				return strings.ToUpper(strings.Join(strings.Fields(s), ""))
			}
		}
		if len(d) > 5 {
			d = d[:5]
		}
		return string(d)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// PostcodesMatch reports whether two postcodes/ZIPs are the same in a country. Empty matches
// nothing.
func PostcodesMatch(country Country, a, b string) bool {
	na, nb := NormalizePostcode(country, a), NormalizePostcode(country, b)
	return na != "" && na == nb
}
