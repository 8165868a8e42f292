package numbering

import (
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/portdesk/portdesk/internal/domain"
)

// E164ForLookup reads raw as a number to look up in range data: in any format Parse takes,
// but valid or not, because a number in a block that is free, quarantined or withdrawn (one
// libphonenumber calls invalid) is just what one looks up to learn why. Text that is not a
// number is refused, with why.
func (Parser) E164ForLookup(raw string, defaultCountry domain.Country) (string, error) {
	s := trim(raw)
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = trim(s[4:])
	}
	if s == "" {
		return "", invalid("Enter a phone number.")
	}
	if len(s) > maxInput {
		return "", invalid("%s is too long to be a phone number.", quoteShort(s))
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '(' || r == ')' || r == '-' || r == '.' || r == '/' || isBlank(r):
		default:
			return "", invalid("%s is not a phone number: use digits, with an optional leading +.", quoteShort(s))
		}
	}
	if strings.LastIndexByte(s, '+') > 0 {
		return "", invalid("%s has a + that is not at the start.", s)
	}
	if digits < minDigits {
		return "", invalid("%s has too few digits to be a phone number.", s)
	}
	region := strings.ToUpper(string(defaultCountry))
	if region == "" {
		region = string(domain.CountryGB)
	}
	n, err := phonenumbers.Parse(international(s, region), region)
	if err != nil {
		return "", parseError(s, region, err)
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if len(e164)-1 > maxE164Digits {
		return "", invalid("%s has too many digits to be a phone number: an international number has at most %d digits, the country code included.", s, maxE164Digits)
	}
	return e164, nil
}
