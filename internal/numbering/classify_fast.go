package numbering

import (
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// maxFastInput is the longest input the fast path reads; longer ones go to libphonenumber.
const maxFastInput = 64

// fast reproduces phonenumbers.Parse (parseHelper) for inputs of digits, leading "+" signs
// and the separators " -.()", after any text without digits ("tel:", "Mobile: "). For these,
// libphonenumber's input regexps reduce to plain checks: the leading text is cut off,
// nothing is an extension, a second number, an RFC 3966 part or a vanity letter, and
// normalising is keeping the digits. done is false when the input is of another shape or when
// a step could only be reproduced by running libphonenumber's regexps.
func (c *Classifier) fast(raw, defaultRegion string) (cl Classification, ok, done bool) {
	if len(raw) > maxFastInput {
		return cl, false, false
	}
	start := leadingText(raw)
	if start < 0 {
		return cl, false, false
	}
	var buf [maxFastInput]byte
	plus, strayPlus, nd := false, false, 0
	for i := start; i < len(raw); i++ {
		switch ch := raw[i]; ch {
		case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			buf[nd] = ch
			nd++
		case '+':
			if i == start {
				plus = true
			} else if !plus || raw[i-1] != '+' {
				strayPlus = true // only a run of "+" may start a number
			}
		case ' ', '-', '.', '(', ')':
		default:
			return cl, false, false
		}
	}
	// extractPossibleNumber starts at the first "+" or digit; isViablePhoneNumber then wants
	// exactly two digits and nothing else, or leading "+" signs and at least three digits
	// among separators.
	if start == len(raw) || strayPlus {
		return cl, false, true // ErrNotANumber
	}
	if s := raw[start:]; len(s) < 2 || (nd < 3 && (plus || nd != 2 || len(s) != 2)) {
		return cl, false, true
	}
	digits := buf[:nd]
	if !plus {
		return c.national(raw, digits, defaultRegion, false)
	}
	// maybeExtractCountryCode, FROM_NUMBER_WITH_PLUS_SIGN.
	if len(digits) <= 2 {
		return cl, false, true // ErrTooShortAfterIDD
	}
	if cc, rest := c.extractCountryCode(digits); cc != 0 {
		return c.international(raw, cc, rest)
	}
	// ErrInvalidCountryCode: parseHelper tries again with what follows the "+".
	return c.national(raw, digits, defaultRegion, true)
}

// national is maybeExtractCountryCode for a number without "+": an international prefix,
// the default region's calling code written without "+", or neither. retry is parseHelper's
// second attempt after a "+" and an unknown calling code: then finding no calling code is
// ErrInvalidCountryCode.
func (c *Classifier) national(raw string, digits []byte, defaultRegion string, retry bool) (cl Classification, ok, done bool) {
	cc, known := c.regionCC[defaultRegion]
	if !known {
		// checkRegionForParsing: ErrInvalidCountryCode; on a retry, no metadata to find a
		// calling code with, which is the same error.
		return cl, false, true
	}
	p := c.plan(cc)
	if p == nil {
		return cl, false, false
	}
	r := &p.regions[p.byID[defaultRegion]]
	switch r.idd.kind {
	case prefixLiterals:
		// parsePrefixAsIdd: strip the international prefix unless a 0 follows it.
		if idd, found := r.idd.prefixOf(digits); found && (len(digits) == len(idd) || digits[len(idd)] != '0') {
			rest := digits[len(idd):]
			if len(rest) <= 2 {
				return cl, false, true // ErrTooShortAfterIDD
			}
			cc, rest := c.extractCountryCode(rest)
			if cc == 0 {
				return cl, false, true // ErrInvalidCountryCode, and no "+" to try without
			}
			return c.international(raw, cc, rest)
		}
	case prefixOther:
		return cl, false, false
	}
	// FROM_DEFAULT_COUNTRY: the region's own calling code written without "+" is taken off
	// when that makes a better number.
	if len(digits) >= len(p.ccText) && string(digits[:len(p.ccText)]) == p.ccText {
		potential, ok := p.stripNationalPrefix(r, digits[len(p.ccText):])
		if !ok {
			return cl, false, false
		}
		full, nat := p.dfa.walk(digits), p.dfa.walk(potential)
		if full == nil || nat == nil {
			return cl, false, false
		}
		if (!full.matched(r.general.expr) && nat.matched(r.general.expr)) || r.lengthResult(len(digits)) == phonenumbers.TOO_LONG {
			// parseHelper goes on with the metadata of the calling code's main region.
			return c.finish(raw, p, &p.regions[0], potential)
		}
	}
	if retry {
		return cl, false, true // ErrInvalidCountryCode
	}
	return c.finish(raw, p, r, digits)
}

// extractCountryCode returns the first one to three digits that are a known calling code,
// and the digits after it; 0 when there is none.
func (c *Classifier) extractCountryCode(digits []byte) (int, []byte) {
	if digits[0] == '0' {
		return 0, digits
	}
	v := 0
	for i := 1; i <= 3 && i <= len(digits); i++ {
		v = v*10 + int(digits[i-1]-'0')
		if c.callingCodes[v] {
			return v, digits[i:]
		}
	}
	return 0, digits
}

// international goes on with the national part of a number whose calling code was given.
func (c *Classifier) international(raw string, cc int, national []byte) (cl Classification, ok, done bool) {
	p := c.plan(cc)
	if p == nil {
		return cl, false, false
	}
	// parseHelper uses the metadata of the calling code's main region from here on.
	return c.finish(raw, p, &p.regions[0], national)
}

// finish is the end of parseHelper (national prefix stripping, length checks) and then
// classifies the national significant number.
func (c *Classifier) finish(raw string, p *callingPlan, regionMeta *planRegion, national []byte) (cl Classification, ok, done bool) {
	if len(national) < 2 {
		return cl, false, true // ErrTooShortNSN
	}
	potential, stripped := p.stripNationalPrefix(regionMeta, national)
	if !stripped {
		return cl, false, false
	}
	// The stripped number is kept only if its length is possible for the region.
	if v := regionMeta.lengthResult(len(potential)); v == phonenumbers.IS_POSSIBLE || v == phonenumbers.TOO_LONG {
		national = potential
	}
	if len(national) < 2 || len(national) > maxNSNLength {
		return cl, false, true // ErrTooShortNSN, ErrNumTooLong
	}
	s := p.dfa.walk(national)
	if s == nil {
		return cl, false, false
	}
	region, typ, valid := p.answer(s, len(national))
	cl = Classification{E164: e164(raw, p.ccText, national), Valid: valid, Type: typ}
	if region >= 0 {
		cl.Region = p.regions[region].id
	}
	return cl, true, true
}

// e164 is "+" cc national, reusing raw when it already is that.
func e164(raw, cc string, national []byte) string {
	if len(raw) == 1+len(cc)+len(national) && raw[0] == '+' && raw[1:1+len(cc)] == cc && raw[1+len(cc):] == string(national) {
		return raw
	}
	var b [1 + 3 + maxNSNLength]byte
	out := append(append(append(b[:0], '+'), cc...), national...)
	return string(out)
}

// leadingText returns where extractPossibleNumber starts the number in raw: at the first "+"
// or digit (len(raw) when there is none). It returns -1 when that takes more than finding an
// ASCII "+" or digit: a fullwidth plus or a non-ASCII digit before it, or an RFC 3966
// phone-context.
func leadingText(raw string) int {
	if strings.IndexByte(raw, ';') >= 0 && strings.Contains(raw, ";phone-context=") {
		return -1
	}
	for i, r := range raw {
		switch {
		case r == '+' || r >= '0' && r <= '9':
			return i
		case r == '＋' || unicode.IsDigit(r):
			return -1
		}
	}
	return len(raw)
}

// fewerThanTwoDigits reports inputs Parse refuses whatever else they hold: the number it
// extracts is a part of raw (RFC 3966 parts included), and isViablePhoneNumber wants at least
// two \p{Nd} digits in it. Free text ("n/a", "call me") is common in uploads.
func fewerThanTwoDigits(raw string) bool {
	n := 0
	for _, r := range raw {
		if unicode.IsDigit(r) {
			if n++; n == 2 {
				return false
			}
		}
	}
	return true
}
