package numbering

import (
	"fmt"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// Category is what kind of number it is in porting terms: it decides the LOA, the lead time
// and who can port it.
type Category string

const (
	// GB.
	Geographic    Category = "geographic"     // 01, 02
	NonGeographic Category = "non_geographic" // 03
	Freephone     Category = "freephone"      // 0800, 0808
	SharedCost    Category = "shared_cost"    // 0843-0845, 0871-0873
	Premium       Category = "premium"        // 090, 091, 098; in North America 900 and 976
	Mobile        Category = "mobile"         // 07 but not 070 or 076
	Personal      Category = "personal"       // 070
	VoIP          Category = "voip"           // 056
	Withdrawn     Category = "withdrawn"      // 0500: not portable since June 2017
	// US and CA.
	Local    Category = "local"
	TollFree Category = "toll_free" // 800, 833, 844, 855, 866, 877, 888
	// Anywhere else: portable on request.
	International Category = "international"
	// A GB number of no category above (076 pagers, 055 corporate, 09x outside the premium
	// ranges…).
	Other Category = "other"
)

// NorthAmericanTollFree are the toll-free area codes in use.
var NorthAmericanTollFree = []string{"800", "833", "844", "855", "866", "877", "888"}

// Categorize names the category of a number in E.164. It reads the digits by the UK and
// North American plans directly rather than through libphonenumber's types, because the
// porting categories cut across them (libphonenumber calls 084x and 087x premium rate, and
// 0500 invalid).
func Categorize(e164 string) Category {
	d := strings.TrimPrefix(e164, "+")
	switch {
	case strings.HasPrefix(d, "44"):
		return ukCategory(d[2:])
	case strings.HasPrefix(d, "1") && len(d) == 11:
		return nanpCategory(d[1:4], d[4:7])
	}
	return International
}

// nanpCategory is the category of a North American number by its area code (NPA) and
// exchange (NXX): premium-rate services are the 900 area code and the 976 exchange of any area
// code, and are not local numbers whatever libphonenumber's type says.
func nanpCategory(npa, nxx string) Category {
	for _, tf := range NorthAmericanTollFree {
		if npa == tf {
			return TollFree
		}
	}
	if npa == "900" || nxx == "976" {
		return Premium
	}
	return Local
}

// Fictional reports a North American number in 555-0100 to 555-0199: reserved for fiction
// (films, books, examples) in every area code, toll-free ones included, so never a real
// line, though libphonenumber holds it valid.
func Fictional(e164 string) bool {
	d := strings.TrimPrefix(e164, "+")
	return len(d) == 11 && d[0] == '1' && d[4:7] == "555" && d[7:9] == "01"
}

// usTerritories are the NANP regions outside the fifty states that port under US rules,
// through NPAC: Puerto Rico, the US Virgin Islands, Guam, the Northern Marianas and American
// Samoa. libphonenumber gives them regions of their own.
var usTerritories = map[string]bool{"PR": true, "VI": true, "GU": true, "MP": true, "AS": true}

// PortingRegion is the country whose porting rules a number of libphonenumber's region follows:
// the region itself, but US for the US territories.
func PortingRegion(region string) string {
	if usTerritories[region] {
		return "US"
	}
	return region
}

// sharedClassifier serves PortingCountry: built once, on first use.
var sharedClassifier = sync.OnceValue(NewClassifier)

// PortingCountry is the country whose porting rules, calendar and time zone a number in
// E.164 follows: GB, US (the territories too) or CA for the countries PortDesk ports in by
// itself, else libphonenumber's region, or "" when the number has none.
func PortingCountry(e164 string) string {
	cl, ok := sharedClassifier().Classify(e164, "GB")
	switch {
	case !ok:
		return ""
	case cl.Region != "":
		return PortingRegion(cl.Region) // the Channel Islands and the Isle of Man are not GB
	case strings.HasPrefix(e164, "+44"):
		return "GB" // not a valid number (a withdrawn 0500 one), but a UK one
	case strings.HasPrefix(e164, "+1"):
		return "US"
	}
	return ""
}

func ukCategory(nsn string) Category {
	has := func(prefixes ...string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(nsn, p) {
				return true
			}
		}
		return false
	}
	switch {
	case has("1", "2"):
		return Geographic
	case has("3"):
		return NonGeographic
	case has("800", "808"):
		return Freephone
	case has("500"):
		return Withdrawn
	case has("843", "844", "845", "871", "872", "873"):
		return SharedCost
	case has("90", "91", "98"):
		return Premium
	case has("70"):
		return Personal
	case has("76"):
		return Other // pagers: not a mobile for porting
	case has("7"):
		return Mobile
	case has("56"):
		return VoIP
	}
	return Other
}

// WithdrawnReplacement is the 0808 number that replaced a withdrawn 0500 number: 0808 5
// followed by its last six digits (Ofcom's migration of June 2017).
func WithdrawnReplacement(e164 string) (string, bool) {
	d := strings.TrimPrefix(e164, "+")
	if !strings.HasPrefix(d, "44500") || len(d) < 11 {
		return "", false
	}
	return "+448085" + d[len(d)-6:], true
}

// WithdrawnSentence says, for a withdrawn 0500 number in E.164, why it cannot be ported and
// where its users went: the check and a typed number both say it.
func WithdrawnSentence(e164 string) string {
	s, _ := WithdrawnReplacement(e164)
	return fmt.Sprintf("0500 numbers were withdrawn in June 2017 and cannot be ported; their users moved to %s.", Format(s))
}

// UKDigits reads a GB number the way a person typed it, even one libphonenumber calls
// invalid (a withdrawn 0500 number must still be recognised to be explained). It returns
// the E.164 form, or false when the input is not a GB number at all.
func UKDigits(raw string) (string, bool) {
	n, err := phonenumbers.Parse(strings.TrimSpace(raw), "GB")
	if err != nil || n.GetCountryCode() != 44 {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// AgreementCategories are the categories a porting agreement, a carrier or a price names:
// every category a number is ported in, bar international (which a price may also name).
func AgreementCategories() []string {
	return []string{
		string(Geographic), string(NonGeographic), string(Freephone), string(SharedCost), string(Premium), string(Mobile),
		string(Personal), string(VoIP), string(Local), string(TollFree),
	}
}
