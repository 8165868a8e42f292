package bandwidth

import (
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// rejectionOf turns the codes of Bandwidth's we are sure of into our rejection codes.
// Bandwidth's reference lists its own validation codes but not the losing carriers'
// refusals, which reach an order in EXCEPTION as the carrier's words under a code of
// Bandwidth's; those are read by their words (rejectionByWords).
var rejectionOf = map[string]domain.RejectionCode{
	"7205":  domain.RejectPendingOrder, // a number is already on another port-in
	"17008": domain.RejectPendingOrder, // a number already has a pending FOC
}

// rejectionByWords reads a refusal's words, most particular first: the losing carrier's
// reasons are free text ("Account number does not match", "PIN invalid"…).
var rejectionByWords = []struct {
	words []string
	code  domain.RejectionCode
}{
	{[]string{"account number", "account #", "acct"}, domain.RejectAccountNumber},
	{[]string{"passcode", "pin"}, domain.RejectPIN},
	{[]string{"billing telephone", "billing number", "btn", "atn"}, domain.RejectBTN},
	{[]string{"partial"}, domain.RejectPartialNotSpecified},
	{[]string{"address", "zip", "postal"}, domain.RejectAddressMismatch},
	{[]string{"letter of", "loa", "signature"}, domain.RejectLOA},
	{[]string{"pending order", "another order", "pending foc", "already being processed"}, domain.RejectPendingOrder},
	{[]string{"port protection", "freeze", "port lock"}, domain.RejectPortLock},
	{[]string{"rate center", "rate centre"}, domain.RejectRateCentre},
	{[]string{"not active", "disconnected", "inactive"}, domain.RejectNumberInactive},
	{[]string{"name"}, domain.RejectNameMismatch},
}

// exception is one of Bandwidth's refusals with the rejection code of ours it amounts to;
// none when neither its code nor its words say (the customer then reads the carrier's own).
func exception(code, words string) domain.CarrierException {
	e := domain.CarrierException{Code: code, Description: words}
	if r, ok := rejectionOf[code]; ok {
		e.Rejection = r
		return e
	}
	lower := " " + strings.ToLower(words) + " "
	for _, rw := range rejectionByWords {
		for _, w := range rw.words {
			if containsWord(lower, w) {
				e.Rejection = rw.code
				return e
			}
		}
	}
	return e
}

// containsWord reports whether w appears in s not as part of a longer word ("pin" is not in
// "shipping").
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		at := i + j
		before, after := s[at-1], byte(' ')
		if at+len(w) < len(s) {
			after = s[at+len(w)]
		}
		if !isLetter(before) && !isLetter(after) {
			return true
		}
		i = at + 1
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' }
