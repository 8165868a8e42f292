package numbering

import "github.com/nyaruka/phonenumbers"

// countryMistakes are the codes people type for a country that are not its ISO 3166 code.
var countryMistakes = map[string]string{"UK": "GB", "EN": "GB", "USA": "US", "CAN": "CA", "GBR": "GB"}

// CheckCountry reports whether code is an ISO 3166 alpha-2 country with telephone numbers
// (libphonenumber's regions), and for a common mistake ("UK") the code meant ("GB").
func CheckCountry(code string) (ok bool, suggest string) {
	if s, bad := countryMistakes[code]; bad {
		return false, s
	}
	_, ok = phonenumbers.GetSupportedRegions()[code]
	return ok && len(code) == 2, ""
}
