package domain

import (
	"strconv"
	"strings"
)

// The words people read for PortDesk's codes, in one place: the UI, the emails and the
// timelines all say a status, a check or a document's kind the same way.

// Label is the status as a person reads it.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Draft"
	case StatusSubmitted:
		return "Submitted"
	case StatusInProgress:
		return "In progress"
	case StatusScheduled:
		return "Scheduled"
	case StatusActionRequired:
		return "Action required"
	case StatusCompleted:
		return "Completed"
	case StatusRejected:
		return "Rejected"
	case StatusCancelled:
		return "Cancelled"
	case StatusSplit:
		return "Split into orders"
	}
	return string(s)
}

// Explanation says in a sentence what the status means for the customer, so that no status
// is a mystery (a frequent complaint about every porting desk).
func (s Status) Explanation() string {
	switch s {
	case StatusDraft:
		return "Not sent yet: complete the details and numbers, then submit."
	case StatusSubmitted:
		return "Received: the porting team is reviewing your request and documents."
	case StatusInProgress:
		return "Sent to the losing provider's carrier; we are waiting for a port date."
	case StatusScheduled:
		return "The carrier has committed to a port date (FOC). Keep your service with the losing provider until then."
	case StatusActionRequired:
		return "Something needs fixing before the port can go on: see the reason, correct it and resubmit."
	case StatusCompleted:
		return "Ported: the numbers are live in your account."
	case StatusRejected:
		return "The numbers cannot be ported; the reason says why."
	case StatusCancelled:
		return "Cancelled: nothing further will happen to this request."
	case StatusSplit:
		return "Your numbers are with more than one provider or need different letters of authorisation, so they go as separate orders: follow each order below."
	}
	return ""
}

// Label is the status as a person reads it.
func (s PortOutStatus) Label() string {
	switch s {
	case PortOutPending:
		return "Pending"
	case PortOutAuthorized:
		return "Authorized"
	case PortOutRejected:
		return "Rejected"
	case PortOutCompleted:
		return "Completed"
	case PortOutCancelled:
		return "Cancelled"
	}
	return string(s)
}

// Explanation says what the status means for the account whose numbers are leaving.
func (s PortOutStatus) Explanation() string {
	switch s {
	case PortOutPending:
		return "Another provider asked to take these numbers. Nothing has moved yet: our porting team checks the request against your account before answering. If you did not ask for this, lock port-outs now."
	case PortOutAuthorized:
		return "The move was authorized: the new provider may take the numbers on the agreed date."
	case PortOutRejected:
		return "Refused: the new provider was told why, and the numbers stay with us."
	case PortOutCompleted:
		return "The numbers have left us for the new provider; the port-out fee was charged."
	case PortOutCancelled:
		return "Cancelled: the numbers stay with us."
	}
	return ""
}

// Label is the check as the team reads it.
func (c PortOutCheckName) Label() string {
	switch c {
	case CheckNumbers:
		return "Numbers on the account and active"
	case CheckOpenPort:
		return "No other open port"
	case CheckName:
		return "End user's name"
	case CheckPostcode:
		return "Postcode / ZIP"
	case CheckPIN:
		return "Port-out PIN"
	case CheckLock:
		return "No port-out lock"
	}
	return string(c)
}

// Label is a number's status as a person reads it.
func (s NumberStatus) Label() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + strings.ReplaceAll(string(s[1:]), "_", " ")
}

// Label is the kind of a document as a person reads it.
func (k DocumentKind) Label() string {
	switch k {
	case DocBill:
		return "Proof of ownership (bill)"
	case DocSignedLOA:
		return "Signed letter of authorisation (on letterhead)"
	case DocCSR:
		return "Customer service record"
	}
	return "Other document"
}

// Label is a letter of authorisation's type as a person reads it.
func (t LOAType) Label() string {
	switch t {
	case LOAUKGeographic:
		return "UK geographic"
	case LOAUKNonGeographic:
		return "UK non-geographic"
	case LOAUSLocal:
		return "US local"
	case LOAUSTollFree:
		return "US toll-free"
	case LOACanada:
		return "Canada"
	case LOAInternational:
		return "By arrangement"
	case LOAUKMobilePAC:
		return "UK mobile (PAC, no letter)"
	}
	return "—"
}

// Label is a portability answer as a person reads it.
func (p Portable) Label() string {
	switch p {
	case PortableYes:
		return "Portable"
	case PortableNo:
		return "Not portable"
	case CheckRequired:
		return "Check required"
	}
	return string(p)
}

// RequirementLabel is what a request must carry (Require*) as a person reads it.
func RequirementLabel(r string) string {
	switch r {
	case RequireAccountNumber:
		return "account number"
	case RequirePIN:
		return "PIN"
	case RequireBTN:
		return "billing number"
	case RequireServiceAddr:
		return "service address"
	case RequirePAC:
		return "PAC (text PAC to 65075)"
	case RequireLosingProviderAddress:
		return "losing provider's address"
	case RequireLineType:
		return "line type"
	case RequireNewBTN:
		return "new billing number"
	}
	return r
}

// SMSLabel is what happens to texts after a port (SMS*) as a person reads it.
func SMSLabel(s string) string {
	switch s {
	case SMSKeeps:
		return "Keeps SMS"
	case SMSAfterVoice:
		return "2-3 business days after calls"
	}
	return "—"
}

// Label is the statement a customer accepted, short enough for a timeline line.
func (k Agreement) Label() string {
	switch k {
	case AgreementAuthorised:
		return "authorised to move these numbers"
	case AgreementAccurateBills:
		return "details exactly as on the bill"
	case AgreementKeepService:
		return "keeps the service until the port completes"
	case AgreementRouting:
		return "no active receiving number"
	case AgreementFees:
		return "carrier fees passed on at cost"
	}
	return "a statement"
}

// Label is why a request was sent back, in the team picker's words.
func (c RejectionCode) Label() string {
	for _, r := range Rejections {
		if r.Code == c {
			return r.Label
		}
	}
	return "Other reason"
}

// Label is where a number the operator serves stands, as a person reads it.
func (s InventoryStatus) Label() string {
	switch s {
	case InventoryActive:
		return "Active"
	case InventoryPortingIn:
		return "Porting in"
	case InventoryPortingOut:
		return "Porting out"
	case InventoryReleased:
		return "Released"
	}
	return "Unknown"
}

// Label is whether texts reach a number, in words: until SMS is enabled on it, it is not
// supported yet, including a number completed early by a partial completion.
func (s SMSStatus) Label() string {
	if s == SMSActive {
		return "SMS works"
	}
	return "SMS is not supported yet"
}

// RowCodeLabel is a number row's result (Row*, Warn*) as a person reads it.
func RowCodeLabel(code string) string {
	switch code {
	case RowOK:
		return "OK"
	case RowInvalidNumber:
		return "Not a phone number"
	case RowInvalidReceiving:
		return "Receiving number not valid"
	case RowDuplicateInRequest:
		return "Listed twice"
	case RowNumberInOpenPort:
		return "Already in another open port"
	case RowNumberAlreadyActive:
		return "Already active with us"
	case RowAccountMismatch:
		return "On another account"
	case RowTooLong:
		return "A field is too long"
	case RowInvalidText:
		return "Hidden characters in a field"
	case WarnActiveReceiving:
		return "Still an active receiving number"
	}
	return "Problem"
}

// SetAsideLabel is why a number was left out of a port, as a person reads it: reason is the
// first of the set-aside's reasons (a Reason* code, or "conflict:" and a Conflict* kind).
func SetAsideLabel(reason string) string {
	switch reason {
	case ReasonConflict + ":" + ConflictInInventory:
		return "Already with us"
	case ReasonConflict + ":" + ConflictOpenPort:
		return "Already on another port request"
	case ReasonConflict + ":" + ConflictNotAvailable:
		return "Not available to port into this account"
	case ReasonConflict + ":" + ConflictReceivingNumber:
		return "Still an active receiving number"
	case ReasonInvalidNumber:
		return "Not portable: not a valid number"
	case ReasonFictionalNumber:
		return "Not portable: a fictional number"
	case ReasonWithdrawnRange:
		return "Not portable: the range was withdrawn"
	case ReasonBlockNotInService:
		return "Not portable: its number block is not in service"
	case ReasonNoAgreement:
		return "Not portable: no porting agreement with its provider"
	case ReasonNotPortableType:
		return "Not portable: numbers of this kind cannot be ported"
	case ReasonCarrierNotPortable:
		return "Not portable: the carrier we port through cannot take it"
	}
	return "Not portable"
}

// CarrierSaysLabel is a carrier's answer about a number as a person reads it; reason is the
// carrier's own words for a number it cannot port.
func CarrierSaysLabel(carrier, status, reason string) string {
	switch status {
	case CarrierSaysFastPort:
		return "Fast-port eligible (" + carrier + ")"
	case CarrierSaysPortable:
		return "Portable to " + carrier + ", not fast-port eligible"
	case CarrierSaysNotPortable:
		if reason = strings.TrimRight(strings.TrimSpace(reason), "."); reason != "" {
			return "Not portable: " + carrier + " says “" + reason + "”"
		}
		return "Not portable: " + carrier + " cannot take it"
	case CarrierSaysUnavailable:
		return carrier + " could not be asked, so this check goes by the number registers only"
	}
	return ""
}

// SetAsideWhy is the reason a set-aside number carries among its warnings (submission adds
// it), in words: the first that names a reason, else plainly "Not portable".
func SetAsideWhy(warnings []string) string {
	for _, w := range warnings {
		if l := SetAsideLabel(w); l != SetAsideLabel("") {
			return l
		}
	}
	return SetAsideLabel("")
}

// Plural is a count with its noun as people read it, the one helper for pages, emails,
// timelines and letters: "1 working day", "2 working days", "1 fix", "2 fixes", "3 numbers".
// In a noun of several words the head noun takes the plural ("2 letters of authorisation").
func Plural(n int, noun string) string {
	count := strconv.Itoa(n)
	if n == 1 || n == -1 {
		return count + " " + noun
	}
	head, rest := noun, ""
	if i := strings.Index(noun, " of "); i > 0 {
		head, rest = noun[:i], noun[i:]
	}
	return count + " " + pluralNoun(head) + rest
}

func pluralNoun(s string) string {
	for _, end := range []string{"s", "x", "z", "ch", "sh"} {
		if strings.HasSuffix(s, end) {
			return s + "es"
		}
	}
	if len(s) > 1 && s[len(s)-1] == 'y' && !strings.ContainsRune("aeiou", rune(s[len(s)-2])) {
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}
