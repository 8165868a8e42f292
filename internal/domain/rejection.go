package domain

import (
	"fmt"
	"strings"
)

// RejectionCode names why a carrier (or the porting team) sent a request back: the fifteen
// most common in DOMAIN.md, a UK mobile's PAC, and a carrier's exception none of these
// matches. Each turns into a plain fix the customer can act on.
type RejectionCode string

const (
	RejectNameMismatch        RejectionCode = "name_mismatch"
	RejectAddressMismatch     RejectionCode = "address_mismatch"
	RejectAccountNumber       RejectionCode = "account_number"
	RejectBTN                 RejectionCode = "btn"
	RejectPIN                 RejectionCode = "pin"
	RejectPendingOrder        RejectionCode = "pending_order"
	RejectPartialNotSpecified RejectionCode = "partial_not_specified"
	RejectAssociatedNumbers   RejectionCode = "associated_numbers"
	RejectLineType            RejectionCode = "line_type"
	RejectNumberInactive      RejectionCode = "number_inactive"
	RejectWrongProvider       RejectionCode = "wrong_provider"
	RejectLOA                 RejectionCode = "loa_invalid"
	RejectDifferentAccounts   RejectionCode = "different_accounts"
	RejectPortLock            RejectionCode = "port_lock"
	RejectRateCentre          RejectionCode = "rate_centre"
	// A UK mobile ports on its PAC alone, so a wrong or lapsed PAC is the mobile's commonest
	// refusal; it is not a PIN (the customer gets a new one by text, not from the account).
	RejectPAC RejectionCode = "pac"
	// RejectCarrierException is a carrier's refusal that none of the codes above matches (an
	// exception code its connector does not know): the fix is in the carrier's own words,
	// quoted in the note.
	RejectCarrierException RejectionCode = "carrier_exception"
)

// RejectionInfo is what a code means to the team and which field the customer fixes.
type RejectionInfo struct {
	Code  RejectionCode `json:"code"`
	Label string        `json:"label"` // for the team's picker
	Field string        `json:"field"` // the request's field to fix; "" when it is not one field
	// Fixable: the customer can fix it and resubmit; otherwise the port cannot go ahead as is.
	Fixable bool `json:"fixable"`
}

// Rejections lists the codes in the order the team's picker shows them.
var Rejections = []RejectionInfo{
	{RejectNameMismatch, "Name does not match the losing provider's records", "customer_name", true},
	{RejectAddressMismatch, "Address or postcode/ZIP does not match", "billing_address", true},
	{RejectAccountNumber, "Account number wrong or missing", "account_number", true},
	{RejectBTN, "BTN / main billing number wrong", "btn", true},
	{RejectPIN, "PIN or passcode missing or wrong", "pin", true},
	{RejectPendingOrder, "Another order is pending on the account", "", true},
	{RejectPartialNotSpecified, "Partial port not specified", "port_type", true},
	{RejectAssociatedNumbers, "Associated numbers or DDI range incomplete", "numbers", true},
	{RejectLineType, "Wrong line type", "line_type", true},
	{RejectNumberInactive, "Number inactive or not on the account", "numbers", true},
	{RejectWrongProvider, "Wrong losing provider or range holder", "losing_provider", true},
	{RejectLOA, "Unauthorised signatory or invalid LOA", "loa_signature", true},
	{RejectDifferentAccounts, "Numbers on different accounts", "numbers", true},
	{RejectPortLock, "Port freeze or lock on the account", "", true},
	{RejectRateCentre, "Number cannot leave its exchange or rate centre", "numbers", false},
	{RejectPAC, "PAC (UK mobile) wrong or expired", "pac", true},
	{RejectCarrierException, "Refused by the carrier for another reason", "", true},
}

// RejectionByCode finds a code's information.
func RejectionByCode(c RejectionCode) (RejectionInfo, bool) {
	for _, r := range Rejections {
		if r.Code == c {
			return r, true
		}
	}
	return RejectionInfo{}, false
}

// Rejection is one reason a request was sent back, with the team's words for this case.
type Rejection struct {
	Code RejectionCode `json:"code"`
	Note string        `json:"note,omitempty"` // e.g. the carrier's own text, or which numbers
}

// Fix is the rejection in plain words for the customer, naming what they entered, so they
// can see the difference from their bill.
func (r Rejection) Fix(p PortIn) string {
	losing := p.LosingProvider
	if losing == "" {
		losing = "the losing provider"
	}
	var s string
	switch r.Code {
	case RejectNameMismatch:
		s = fmt.Sprintf("The customer name must read exactly as on your bill from %s, letter for letter (Ltd or Limited, & or and). You entered %q.", losing, p.CustomerName)
	case RejectAddressMismatch:
		s = fmt.Sprintf("The billing address and postcode/ZIP must be exactly as %s holds them: copy them from the latest bill. You entered %q.", losing, strings.Join(nonEmpty(p.BillingAddress.Line1, p.BillingAddress.City, p.BillingAddress.Postcode), ", "))
	case RejectAccountNumber:
		s = fmt.Sprintf("The account number is wrong or missing: copy it from the latest bill from %s (it is not the phone number). You entered %q.", losing, p.AccountNumber)
	case RejectBTN:
		s = fmt.Sprintf("The main billing number (BTN) is not the one %s has for the account: it is the number the account is billed under, shown on the bill. You entered %q.", losing, p.BTN)
	case RejectPIN:
		s = fmt.Sprintf("%s needs the account's PIN or passcode: ask them for it (often in your online account or by calling them) and enter it.", losing)
	case RejectPendingOrder:
		s = fmt.Sprintf("%s has another order open on the account (a move, an upgrade or another port). Ask them to complete or cancel it, then resubmit.", losing)
	case RejectPartialNotSpecified:
		s = "Say whether every number on the account moves (full port) or only some (partial port); for a partial port, which number becomes the account's new main number."
	case RejectAssociatedNumbers:
		s = "Some numbers that belong with these (the rest of a DDI range, or lines hunting together) are missing: add them, or confirm that only part of the range moves."
	case RejectLineType:
		s = fmt.Sprintf("The line type does not match %s's records: check whether it is a single line or a multi-line installation on the bill.", losing)
	case RejectNumberInactive:
		s = fmt.Sprintf("One or more numbers are not active on this account with %s: remove them or check the account they are on.", losing)
	case RejectWrongProvider:
		s = fmt.Sprintf("The numbers are not with %s: enter the provider you pay for these numbers today (the name on your bill).", losing)
	case RejectLOA:
		s = "The letter of authorisation was not accepted: it must be signed by someone authorised for the account, with their title. Sign it again, or upload one signed on your letterhead."
	case RejectDifferentAccounts:
		s = fmt.Sprintf("The numbers are on different accounts with %s: make one request per account, each with its own account number.", losing)
	case RejectPortLock:
		s = fmt.Sprintf("%s has a port freeze or lock on the account: ask them to lift it, then resubmit.", losing)
	case RejectRateCentre:
		s = "These numbers cannot leave their exchange or rate centre, so they cannot be ported to us as they are."
	case RejectPAC:
		s = fmt.Sprintf("%s did not accept the PAC: it was wrong or has expired (a PAC lasts 30 days). Text PAC to 65075 from the phone for a new one and enter it.", losing)
	case RejectCarrierException:
		s = "The carrier refused the order for a reason of its own: read its words below, correct what they name and resubmit (ask the porting team in a note if they are unclear)."
	default:
		s = "The request needs a change."
	}
	if r.Note != "" {
		s += " " + r.Note
	}
	return s
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
