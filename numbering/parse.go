// Package numbering reads phone numbers and number lists the way customers type and upload
// them, with github.com/nyaruka/phonenumbers (libphonenumber) doing the numbering-plan work.
package numbering

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"

	"github.com/portdesk/portdesk/domain"
)

// maxInput bounds what is handed to libphonenumber: no real number is longer.
const maxInput = 64

// Parser implements domain.NumberParser.
type Parser struct{}

// NewParser returns a parser; it holds no state and is safe for concurrent use.
func NewParser() Parser { return Parser{} }

func invalid(format string, args ...any) error {
	return &domain.Error{Code: domain.ErrInvalid, Message: fmt.Sprintf(format, args...)}
}

// Parse reads raw in any common format; national formats are read in defaultCountry.
// Letters are refused: libphonenumber maps vanity letters to digits, and a port request
// must name the exact digits on the bill.
func (Parser) Parse(raw string, defaultCountry domain.Country) (domain.ParsedNumber, error) {
	s := strings.TrimFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
	s = strings.TrimPrefix(s, "tel:")
	if s == "" {
		return domain.ParsedNumber{}, invalid("Enter a phone number.")
	}
	if len(s) > maxInput {
		return domain.ParsedNumber{}, invalid("%q is too long to be a phone number.", s[:20]+"…")
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '(' || r == ')' || r == '-' || r == '.' || r == '/' || unicode.IsSpace(r):
		default:
			return domain.ParsedNumber{}, invalid("%q has characters that are not part of a phone number: use digits only, with an optional leading +.", s)
		}
	}
	if strings.LastIndex(s, "+") > 0 {
		return domain.ParsedNumber{}, invalid("%q has a + that is not at the start.", s)
	}
	if digits < 6 {
		return domain.ParsedNumber{}, invalid("%q has too few digits to be a phone number.", s)
	}
	region := string(defaultCountry)
	if region == "" {
		region = "GB"
	}
	n, err := phonenumbers.Parse(s, region)
	if err != nil {
		switch err {
		case phonenumbers.ErrInvalidCountryCode:
			return domain.ParsedNumber{}, invalid("%q does not start with a known country code: write it as +<country code> <number>.", s)
		case phonenumbers.ErrTooShortNSN, phonenumbers.ErrTooShortAfterIDD:
			return domain.ParsedNumber{}, invalid("%q has too few digits.", s)
		case phonenumbers.ErrNumTooLong:
			return domain.ParsedNumber{}, invalid("%q has too many digits.", s)
		}
		return domain.ParsedNumber{}, invalid("%q is not a phone number.", s)
	}
	// libphonenumber answers for invalid numbers too: check validity before trusting it.
	// The region is resolved once (IsValidNumber would resolve it again).
	region = phonenumbers.GetRegionCodeForNumber(n)
	if region == "" || !phonenumbers.IsValidNumberForRegion(n, region) {
		country := phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode()))
		switch phonenumbers.IsPossibleNumberWithReason(n) {
		case phonenumbers.TOO_SHORT:
			return domain.ParsedNumber{}, invalid("%q has too few digits for a %s number.", s, country)
		case phonenumbers.TOO_LONG:
			return domain.ParsedNumber{}, invalid("%q has too many digits for a %s number.", s, country)
		}
		return domain.ParsedNumber{}, invalid("%q is not a number in service in the %s numbering plan (a withdrawn, unallocated or fictional range).", s, planName(country))
	}
	return domain.ParsedNumber{
		E164:    phonenumbers.Format(n, phonenumbers.E164),
		Country: domain.Country(region),
	}, nil
}

func planName(region string) string {
	switch region {
	case "GB":
		return "UK"
	case "US", "CA":
		return "North American"
	case "", "ZZ":
		return "international"
	}
	return region
}

// Format shows an E.164 number the international way people read it ("+44 113 496 0000").
func Format(e164 string) string {
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return e164
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}
