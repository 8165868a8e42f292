package domain

import "time"

// CustomerType is whether the end user is a business or a person; carriers check it.
type CustomerType string

const (
	CustomerBusiness    CustomerType = "business"
	CustomerResidential CustomerType = "residential"
)

// PortType says whether every number on the losing provider's account moves (full) or only
// some (partial: the rest stay and, if the BTN moves, need a new BTN).
type PortType string

const (
	PortFull    PortType = "full"
	PortPartial PortType = "partial"
)

// LineType is the installation as the losing provider's records show it: UK lead times
// and orders depend on it.
type LineType string

const (
	SingleLine LineType = "single_line"
	MultiLine  LineType = "multi_line"
)

// DDIRange says whether the numbers are a direct-dial-in range, and whether all of it moves
// (a DDI range moves whole; part of one is the slowest UK order).
type DDIRange string

const (
	DDINone  DDIRange = "none"
	DDIWhole DDIRange = "whole"
	DDIPart  DDIRange = "part"
)

// Address is a postal address exactly as on the losing provider's bill.
type Address struct {
	Line1    string `json:"line1"`
	Line2    string `json:"line2"`
	City     string `json:"city"`
	Region   string `json:"region"`
	Postcode string `json:"postcode"`
	Country  string `json:"country"`
}

// IsZero reports whether no part of the address was given.
func (a Address) IsZero() bool { return a == Address{} }

// Person is the end user's authorised signatory.
type Person struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Email string `json:"email"`
}

// Agreement is a statement the customer must accept before submitting.
type Agreement string

const (
	AgreementAuthorised    Agreement = "authorised"     // entitled to port these numbers for the end user
	AgreementKeepService   Agreement = "keep_service"   // keeps service with the losing provider until done
	AgreementFees          Agreement = "carrier_fees"   // carrier fees are passed on at cost
	AgreementRouting       Agreement = "routing_chosen" // no number is still an active receiving number
	AgreementAccurateBills Agreement = "details_match_bill"
)

// Agreements is every statement a request must carry, with the words shown to the customer.
var Agreements = []struct {
	Key  Agreement
	Text string
}{
	{AgreementAuthorised, "I am authorised by the end user to move these numbers and to sign the letter of authorisation."},
	{AgreementAccurateBills, "The customer name, address and account details are exactly as on the losing provider's bill."},
	{AgreementKeepService, "I will keep the service with the losing provider active until the port has completed."},
	{AgreementRouting, "None of these numbers is an active receiving number, or I have chosen other routing for its tracking numbers."},
	{AgreementFees, "Carrier fees for this port, if any, are passed on to us at cost."},
}

// KnownAgreement reports whether k is one of the statements above.
func KnownAgreement(k Agreement) bool {
	for _, a := range Agreements {
		if a.Key == k {
			return true
		}
	}
	return false
}

// Acceptance records who accepted a statement, and when.
type Acceptance struct {
	Agreement  Agreement `json:"agreement"`
	UserID     int64     `json:"user_id"`
	AcceptedAt time.Time `json:"accepted_at"`
}

// PortIn is a request to move numbers from a losing provider to the operator.
type PortIn struct {
	ID        int64
	AccountID int64 // where the numbers will live; fixed while the request is open
	// ParentID is the request this order was split from (one order per range holder and
	// LOA type), or 0.
	ParentID int64
	Status   Status
	Version  int64 // optimistic lock: every change increments it
	// StatusReason is the latest reason given with a status change (the fix asked for, why
	// it was rejected or cancelled).
	StatusReason string

	LosingProvider        string
	LosingProviderAddress string // asked for on UK orders
	CustomerName          string // exactly as on the bill
	CustomerType          CustomerType
	AuthorisedPerson      Person
	BillingAddress        Address
	ServiceAddress        *Address // nil when the same as billing
	AccountNumber         string   // with the losing provider
	PINSealed             []byte   // AES-GCM sealed PIN/passcode; never shown again
	BTN                   string   // E.164 billing telephone number / main billing number
	PortType              PortType
	LineType              LineType
	DDI                   DDIRange
	NewBTN                string     // partial ports that move the BTN
	DesiredDate           *time.Time // a calendar date at 00:00 UTC
	Recipients            []string   // extra emails for updates; each a user of the account
	Acceptances           []Acceptance
	QuoteAcceptance       *QuoteAcceptance // the quote the customer accepted, if any
	// Rejections are why the request was last sent back (action required); cleared when it is
	// submitted again.
	Rejections []Rejection
	// FOC is the firm order commitment: the date and time the carrier committed to port.
	FOC *time.Time
	// AssignedTo is the porting-team member working the request, or 0.
	AssignedTo int64

	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	SubmittedAt *time.Time

	// Papers counts the documents, LOA signatures and sent letters on the request, as the
	// store keeps them when they are added or removed (writing the request does not set it):
	// a request read with none has no paperwork of its own to read.
	Papers int
}

// PINSet reports whether a PIN was entered.
func (p PortIn) PINSet() bool { return len(p.PINSealed) > 0 }

// Accepted reports whether agreement k has been accepted.
func (p *PortIn) Accepted(k Agreement) bool {
	for _, a := range p.Acceptances {
		if a.Agreement == k {
			return true
		}
	}
	return false
}

// PortInSummary is a row of the request list.
type PortInSummary struct {
	PortIn
	AccountName    string
	AccountCountry Country
	NumberCount    int
	NoteCount      int // the speech bubble in the list
	FirstNumber    string
}
