// Package numbering reads phone numbers and number lists the way customers type and upload
// them, with github.com/nyaruka/phonenumbers (libphonenumber) doing the numbering-plan work.
package numbering

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/portdesk/portdesk/internal/domain"
)

// maxInput bounds what is handed to libphonenumber: no real number, however punctuated, is
// longer, and libphonenumber's regular expressions cost time in the length of the input.
const maxInput = 64

// maxE164Digits is ITU-T E.164's ceiling: country code and national number together. Some of
// libphonenumber's plans (Germany's) accept longer national numbers than any number that
// can be routed or ported, and a longer "E.164" would not be one.
const maxE164Digits = 15

// minDigits is the fewest digits any number PortDesk can port has (short codes cannot be
// ported); below it we answer without asking libphonenumber.
const minDigits = 6

// Parser implements domain.NumberParser. It is safe for concurrent use.
//
// A number libphonenumber holds valid is read by the Classifier, which gives libphonenumber's
// answers 68-82 times faster; every other input goes to libphonenumber itself, which says
// why it is not a number. The zero Parser asks libphonenumber for everything: it is what the
// fast path is tested against.
type Parser struct{ classifier *Classifier }

// NewParser returns a Parser that reads valid numbers with the shared Classifier.
func NewParser() Parser { return Parser{classifier: sharedClassifier()} }

var _ domain.NumberParser = Parser{}

func invalid(format string, args ...any) error {
	return &domain.Error{Code: domain.ErrInvalid, Message: fmt.Sprintf(format, args...)}
}

// Parse reads raw in any common format: E.164, the national format of defaultCountry,
// spaces, dashes, dots, slashes and brackets, a "00" (or NANP "011") international prefix, a
// leading "tel:", and surrounding whitespace, NBSP or BOM.
//
// Letters are refused, "tel:" aside: libphonenumber turns vanity letters into digits
// ("0800-FLOWERS"), and a port request must name the exact digits on the losing provider's
// bill, not a guess at them. Extensions ("x123", ";ext=") are refused for the same reason.
//
// Only numbers libphonenumber holds valid are accepted; every refusal is an ErrInvalid whose
// message says what is wrong in words a customer understands.
func (p Parser) Parse(raw string, defaultCountry domain.Country) (domain.ParsedNumber, error) {
	if len(raw) > 4*maxInput {
		return domain.ParsedNumber{}, invalid("%s is too long to be a phone number.", quoteShort(raw))
	}
	s := trim(raw)
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = trim(s[4:])
	}
	if s == "" {
		return domain.ParsedNumber{}, invalid("Enter a phone number.")
	}
	if utf8.RuneCountInString(s) > maxInput {
		return domain.ParsedNumber{}, invalid("%s is too long to be a phone number.", quoteShort(s))
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '(' || r == ')' || r == '-' || r == '.' || r == '/' || isBlank(r):
		case unicode.IsLetter(r):
			return domain.ParsedNumber{}, invalid("%s has letters in it: enter the number in digits, as on the bill.", quoteShort(s))
		default:
			return domain.ParsedNumber{}, invalid("%s has characters that are not part of a phone number: use digits, with an optional leading +.", quoteShort(s))
		}
	}
	if strings.LastIndexByte(s, '+') > 0 {
		return domain.ParsedNumber{}, invalid("%s has a + that is not at the start.", s)
	}
	if digits < minDigits {
		return domain.ParsedNumber{}, invalid("%s has too few digits to be a phone number.", s)
	}
	region := strings.ToUpper(string(defaultCountry))
	if region == "" {
		region = string(domain.CountryGB)
	}
	in := international(s, region)
	// The classifier's Valid is IsValidNumber, its Region GetRegionCodeForNumber and its E164
	// Format(E164), exactly: a valid number needs nothing more from libphonenumber. A global
	// service number's refusal names its calling code, which libphonenumber gives below.
	if p.classifier != nil {
		if cl, ok := p.classifier.Classify(in, region); ok && cl.Valid && cl.Region != phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY {
			return accept(s, cl.E164, cl.Region)
		}
	}
	n, err := phonenumbers.Parse(in, region)
	if err != nil {
		return domain.ParsedNumber{}, parseError(s, region, err)
	}
	// libphonenumber parses numbers that do not exist too: only a valid one is a number.
	// The region is resolved once (IsValidNumber would resolve it again).
	got := phonenumbers.GetRegionCodeForNumber(n)
	if got == "" || !phonenumbers.IsValidNumberForRegion(n, got) {
		return domain.ParsedNumber{}, invalidNumber(s, region, n)
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if got == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY && !Fictional(e164) {
		return domain.ParsedNumber{}, invalid("%s is a global service number of no country (+%d): it cannot be ported.", s, n.GetCountryCode())
	}
	return accept(s, e164, got)
}

// accept is the end of reading a valid number s: numbers kept for fiction and longer than
// E.164 allows are still refused.
func accept(s, e164, region string) (domain.ParsedNumber, error) {
	if Fictional(e164) {
		return domain.ParsedNumber{}, invalid("%s is in 555-0100 to 555-0199, kept for fiction in every North American area code: it is not a real number.", s)
	}
	if len(e164)-1 > maxE164Digits {
		return domain.ParsedNumber{}, invalid("%s has too many digits to be a phone number: an international number has at most %d digits, the country code included.", s, maxE164Digits)
	}
	return domain.ParsedNumber{E164: e164, Country: domain.Country(region)}, nil
}

// isBlank is whitespace as customers paste it: spaces, tabs, NBSP from web pages and
// spreadsheets, and a BOM left at the start of a file or cell.
func isBlank(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B' }

// trim cuts blanks from both ends of s, quickly in the usual all-ASCII case.
func trim(s string) string {
	s = strings.TrimSpace(s)
	if s != "" && (s[0] >= utf8.RuneSelf || s[len(s)-1] >= utf8.RuneSelf) {
		s = strings.TrimFunc(s, isBlank)
	}
	return s
}

// international turns a leading "00" into "+" in North America. libphonenumber knows "00"
// as the international prefix where it is one (GB), but from a North American default it
// reads "0044…" as a national number; no NANP number starts with 0, so "00" can only be a
// European habit.
func international(s, region string) string {
	if region != "US" && region != "CA" {
		return s
	}
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' || r == '+' })
	if i >= 0 && strings.HasPrefix(s[i:], "00") {
		return "+" + s[i+2:]
	}
	return s
}

// parseError explains why libphonenumber could not read s at all.
func parseError(s, region string, err error) error {
	switch err {
	case phonenumbers.ErrInvalidCountryCode:
		if !strings.HasPrefix(s, "+") && phonenumbers.GetCountryCodeForRegion(region) == 0 {
			return invalid("%s is not in international format: write it as + and the country code, then the number.", s)
		}
		return invalid("%s does not start with a known country code: write it as + and the country code, then the number.", s)
	case phonenumbers.ErrTooShortNSN, phonenumbers.ErrTooShortAfterIDD:
		return invalid("%s has too few digits to be a phone number.", s)
	case phonenumbers.ErrNumTooLong:
		return invalid("%s has too many digits to be a phone number.", s)
	}
	return invalid("%s is not a phone number.", s)
}

// invalidNumber explains why a number libphonenumber read is not valid: a digit short, a
// digit over, or a range that is not in service (withdrawn, unallocated or reserved for
// drama, such as Ofcom's 01632 960xxx and 07700 900xxx).
func invalidNumber(s, defaultRegion string, n *phonenumbers.PhoneNumber) error {
	cc := int(n.GetCountryCode())
	if e164 := phonenumbers.Format(n, phonenumbers.E164); cc == 44 && Categorize(e164) == Withdrawn {
		return invalid("%s", WithdrawnSentence(e164)) // as the check says it, with the 0808 5 number
	}
	region := phonenumbers.GetRegionCodeForCountryCode(cc)
	if phonenumbers.GetCountryCodeForRegion(defaultRegion) == cc {
		region = defaultRegion // "a CA number" for a Canadian customer, not "a US number"
	}
	switch phonenumbers.IsPossibleNumberWithReason(n) {
	case phonenumbers.TOO_SHORT:
		return invalid("%s has too few digits for a %s number.", s, region)
	case phonenumbers.TOO_LONG:
		return invalid("%s has too many digits for a %s number.", s, region)
	}
	// The length is possible somewhere in the plan, but not for this range: say "too few"
	// when one more digit would make a valid number, "too many" when one fewer would. That
	// is the usual typo, and a mere "invalid" leaves the customer guessing.
	if nn := n.GetNationalNumber(); nn < 1e16 {
		for d := range uint64(10) {
			if validVariant(n, nn*10+d) {
				return invalid("%s has too few digits for a %s number.", s, region)
			}
		}
		if validVariant(n, nn/10) {
			return invalid("%s has too many digits for a %s number.", s, region)
		}
	}
	return invalid("%s is not a number in service in the %s numbering plan.", s, planName(region))
}

// validVariant reports whether n with another national number would be valid.
func validVariant(n *phonenumbers.PhoneNumber, national uint64) bool {
	v := phonenumbers.PhoneNumber{
		CountryCode:          n.CountryCode,
		NationalNumber:       &national,
		ItalianLeadingZero:   n.ItalianLeadingZero,
		NumberOfLeadingZeros: n.NumberOfLeadingZeros,
	}
	return phonenumbers.IsValidNumber(&v)
}

func planName(region string) string {
	switch region {
	case "GB", "GG", "IM", "JE":
		return "UK"
	case "US", "CA":
		return "North American"
	case "", "ZZ", phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
		return "international"
	}
	return region
}

// quoteShort shows input that may be anything (letters, control characters, a whole
// paragraph) quoted and cut to a readable length.
func quoteShort(s string) string {
	const show = 24
	if utf8.RuneCountInString(s) <= show {
		return fmt.Sprintf("%q", s)
	}
	i := 0
	for n := 0; n < show; n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return fmt.Sprintf("%q…", s[:i])
}
