package numbering

import "github.com/nyaruka/phonenumbers"

// maxFastInput is the longest input the fast path reads; longer ones go to libphonenumber.
const maxFastInput = 64

// fast reproduces phonenumbers.Parse (parseHelper) for inputs of digits, an optional leading
// "+" and the separators " -.()". For these, libphonenumber's input regexps reduce to plain
// checks: nothing is an extension, a second number, an RFC 3966 part or a vanity letter, and
// normalising is keeping the digits. done is false when the input is of another shape or when
// a step could only be reproduced by running libphonenumber's regexps.
func (c *Classifier) fast(raw, defaultRegion string) (cl Classification, ok, done bool) {
	if len(raw) > maxFastInput {
		return cl, false, false
	}
	var buf [maxFastInput]byte
	start, plus, nd := -1, false, 0
	for i := 0; i < len(raw); i++ {
		switch ch := raw[i]; ch {
		case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			if start < 0 {
				start = i
			}
			buf[nd] = ch
			nd++
		case '+':
			if start >= 0 {
				return cl, false, false // a "+" inside the number: not our shape
			}
			start, plus = i, true
		case ' ', '-', '.', '(', ')':
		default:
			return cl, false, false
		}
	}
	// extractPossibleNumber starts at the first "+" or digit; isViablePhoneNumber then wants
	// exactly two digits, or at least three after any "+".
	if start < 0 {
		return cl, false, true
	}
	if s := raw[start:]; len(s) < 2 || (nd < 3 && (plus || nd != 2 || len(s) != 2)) {
		return cl, false, true
	}
	digits := buf[:nd]
	if plus {
		// maybeExtractCountryCode, FROM_NUMBER_WITH_PLUS_SIGN.
		return c.international(raw, digits)
	}
	cc, known := c.regionCC[defaultRegion]
	if !known {
		return cl, false, true // checkRegionForParsing: ErrInvalidCountryCode
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
			return c.international(raw, digits[len(idd):])
		}
	case prefixOther:
		return cl, false, false
	}
	national, regionMeta := digits, r
	// maybeExtractCountryCode, FROM_DEFAULT_COUNTRY: the region's own calling code written
	// without "+" is taken off when that makes a better number.
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
			national, regionMeta = potential, &p.regions[0]
		}
	}
	return c.finish(raw, p, regionMeta, national)
}

// international continues after an international prefix ("+" or an IDD) with the digits
// that follow it.
func (c *Classifier) international(raw string, digits []byte) (cl Classification, ok, done bool) {
	if len(digits) <= 2 {
		return cl, false, true // ErrTooShortAfterIDD
	}
	// extractCountryCode: the first one to three digits that are a known calling code.
	cc := 0
	if digits[0] != '0' {
		v := 0
		for i := 1; i <= 3 && i <= len(digits); i++ {
			v = v*10 + int(digits[i-1]-'0')
			if c.callingCodes[v] {
				cc = v
				digits = digits[i:]
				break
			}
		}
	}
	if cc == 0 {
		// ErrInvalidCountryCode, after which Parse may try again without the "+".
		return cl, false, false
	}
	p := c.plan(cc)
	if p == nil {
		return cl, false, false
	}
	// parseHelper uses the metadata of the calling code's main region from here on.
	return c.finish(raw, p, &p.regions[0], digits)
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
