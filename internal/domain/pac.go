package domain

import (
	"strings"
	"time"
)

// PAC is the porting authorisation code of a UK mobile order: the losing provider texts it
// to its customer (who sent PAC to 65075), and it alone authorises the port; no letter and no
// bill. One PAC moves the mobile numbers of one account with the losing provider, so the
// desk keeps one per request and order.
type PAC struct {
	PortInID int64
	OrderKey string // the order it authorises (portability.Order.Key)
	Code     string // three letters and six digits, upper-case: ABC123456
	// ExpiresOn is the last day the code is valid, as the losing provider's text says: a
	// calendar date at 00:00 UTC.
	ExpiresOn time.Time
	EnteredBy int64 // the user who entered it
	EnteredAt time.Time
}

// PACValidDays is how long a PAC is valid from the day it is issued.
const PACValidDays = 30

// ParsePAC reads a PAC as a person types it (any case, spaces between the groups) and
// returns it upper-case, or false when it is not three letters and six digits.
func ParsePAC(s string) (string, bool) {
	code := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(code) != 9 {
		return "", false
	}
	for i, c := range []byte(code) {
		if i < 3 && (c < 'A' || c > 'Z') || i >= 3 && (c < '0' || c > '9') {
			return "", false
		}
	}
	return code, true
}

// Letter reports whether numbers of this type port on a signed letter of authorisation
// (and so need the losing provider's bill as proof of ownership); a UK mobile's PAC is
// authorisation enough.
func (t LOAType) Letter() bool { return t != LOAUKMobilePAC }
