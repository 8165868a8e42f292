package portability

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"google.golang.org/protobuf/proto"
)

// classification is what libphonenumber says of a number.
type classification struct {
	E164, Region string
	Valid        bool
	cc           int
	national     uint64
}

// classify reads raw as libphonenumber does, through numbering's exact fast classifier.
func (c *Checker) classify(raw, region string) (classification, bool) {
	s := strings.TrimSpace(raw)
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return classification{}, false // vanity letters: refuse rather than guess
		}
	}
	cl, ok := c.classifier.Classify(s, region)
	if !ok || len(cl.E164) < 2 {
		return classification{}, false
	}
	out := classification{E164: cl.E164, Region: cl.Region, Valid: cl.Valid}
	digits := cl.E164[1:]
	// Calling codes are prefix-free: the first that libphonenumber knows is the one.
	for n := 1; n <= 3 && n < len(digits); n++ {
		cc, _ := strconv.Atoi(digits[:n])
		if r := phonenumbers.GetRegionCodeForCountryCode(cc); r != phonenumbers.UNKNOWN_REGION {
			out.cc = cc
			out.national, _ = strconv.ParseUint(digits[n:], 10, 64)
			if out.Region == "" || out.Region == phonenumbers.UNKNOWN_REGION {
				out.Region = r // an invalid number still has a country
			}
			break
		}
	}
	return out, true
}

// originalNetwork is libphonenumber's carrier for a mobile number: the network it was first
// issued on, not necessarily today's.
func originalNetwork(cl classification) string {
	n := &phonenumbers.PhoneNumber{CountryCode: proto.Int32(int32(cl.cc)), NationalNumber: proto.Uint64(cl.national)}
	name, _ := phonenumbers.GetCarrierForNumber(n, "en")
	return name
}
