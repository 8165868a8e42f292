package portability

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// classification is what libphonenumber says of a number.
type classification struct {
	E164, Region string
	Valid        bool
}

// classify reads raw as libphonenumber does. (numbering.Classifier replaces this with an
// exact, faster path.)
func classify(raw, region string) (classification, bool) {
	s := strings.TrimSpace(raw)
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return classification{}, false // vanity letters: refuse rather than guess
		}
	}
	n, err := phonenumbers.Parse(s, region)
	if err != nil {
		return classification{}, false
	}
	region = phonenumbers.GetRegionCodeForNumber(n)
	if region == "" || region == "ZZ" {
		region = phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())) // an invalid number still has a country
	}
	return classification{E164: phonenumbers.Format(n, phonenumbers.E164), Region: region, Valid: phonenumbers.IsValidNumber(n)}, true
}
