package bandwidth

import (
	"encoding/xml"
	"regexp"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// The XML of Bandwidth's port-ins, as far as we write and read it. Element names follow
// Bandwidth's published reference and its SDKs' fixtures.

// LnpOrder is a port-in as made (POST, root LnpOrder) and the body of a change (PUT, root
// LnpOrderSupp): Bandwidth replaces the elements a change names and keeps the others. The
// root is XMLName's value, set by whoever writes one.
type LnpOrder struct {
	XMLName                   xml.Name
	CustomerOrderID           string        `xml:"CustomerOrderId,omitempty"`
	BillingTelephoneNumber    string        `xml:"BillingTelephoneNumber,omitempty"`
	NewBillingTelephoneNumber string        `xml:"NewBillingTelephoneNumber,omitempty"`
	Subscriber                *Subscriber   `xml:"Subscriber,omitempty"`
	LoaAuthorizingPerson      string        `xml:"LoaAuthorizingPerson,omitempty"`
	WirelessInfo              *WirelessInfo `xml:"WirelessInfo,omitempty"`
	ListOfPhoneNumbers        *PhoneNumbers `xml:"ListOfPhoneNumbers,omitempty"`
	SiteID                    string        `xml:"SiteId,omitempty"`
	PeerID                    string        `xml:"PeerId,omitempty"`
	PartialPort               *bool         `xml:"PartialPort,omitempty"`
	RequestedFocDate          string        `xml:"RequestedFocDate,omitempty"`
	ProcessingStatus          string        `xml:"ProcessingStatus,omitempty"`
}

// Subscriber is the end user as on the losing carrier's bill.
type Subscriber struct {
	SubscriberType string          `xml:"SubscriberType"`
	BusinessName   string          `xml:"BusinessName,omitempty"`
	FirstName      string          `xml:"FirstName,omitempty"`
	LastName       string          `xml:"LastName,omitempty"`
	ServiceAddress *ServiceAddress `xml:"ServiceAddress,omitempty"`
}

// ServiceAddress is Bandwidth's address, the street split into its number and name. The
// reference's examples write Country as "USA", "United States" and "US" without saying which
// it wants; we send our ISO code as the request has it (US, CA).
type ServiceAddress struct {
	HouseNumber  string `xml:"HouseNumber,omitempty"`
	StreetName   string `xml:"StreetName,omitempty"`
	AddressLine2 string `xml:"AddressLine2,omitempty"`
	City         string `xml:"City,omitempty"`
	StateCode    string `xml:"StateCode,omitempty"`
	Zip          string `xml:"Zip,omitempty"`
	Country      string `xml:"Country,omitempty"`
}

// WirelessInfo holds the account number and PIN. The reference and the SDKs' fixtures put
// both here (the change table names them wirelessInfo.accountNumber and .pinNumber) without
// saying whether a wireline port reads them elsewhere; we send them here for every port.
type WirelessInfo struct {
	AccountNumber string `xml:"AccountNumber,omitempty"`
	PinNumber     string `xml:"PinNumber,omitempty"`
}

// PhoneNumbers are ten-digit NANP numbers, without the +1.
type PhoneNumbers struct {
	PhoneNumber []string `xml:"PhoneNumber"`
}

// LnpOrderResponse is an order as Bandwidth answers it.
type LnpOrderResponse struct {
	XMLName            xml.Name     `xml:"LnpOrderResponse"`
	OrderID            string       `xml:"OrderId"`
	CustomerOrderID    string       `xml:"CustomerOrderId"`
	ProcessingStatus   string       `xml:"ProcessingStatus"`
	ListOfPhoneNumbers PhoneNumbers `xml:"ListOfPhoneNumbers"`
	RequestedFocDate   string       `xml:"RequestedFocDate"`
	ActualFocDate      string       `xml:"ActualFocDate"`
	Errors             []codeWords  `xml:"Errors"`
}

// lnpList is the answer to a search of port-ins (LNPResponseWrapper).
type lnpList struct {
	TotalCount int `xml:"TotalCount"`
	Items      []struct {
		OrderID          string `xml:"OrderId"`
		ProcessingStatus string `xml:"ProcessingStatus"`
	} `xml:"lnpPortInfoForGivenStatus"`
}

// Note is a note on an order: Bandwidth's LNP team and we talk through them.
type Note struct {
	XMLName          xml.Name `xml:"Note"`
	ID               string   `xml:"Id,omitempty"`
	UserID           string   `xml:"UserId"`
	Description      string   `xml:"Description"`
	LastDateModifier string   `xml:"LastDateModifier,omitempty"`
}

type notes struct {
	Notes []Note `xml:"Note"`
}

// statuses is Bandwidth's ProcessingStatus in ours.
var statuses = map[string]domain.CarrierStatus{
	"DRAFT": domain.CarrierDraft,
	// Named for the drafts a bulk port-in makes; a stand-alone draft may show them too.
	"VALID_DRAFT":   domain.CarrierDraft,
	"INVALID_DRAFT": domain.CarrierDraft,
	// Submitted, waiting for the letter: we attach it before submitting, so this passes.
	"PENDING_DOCUMENTS": domain.CarrierInProcess,
	"SUBMITTED":         domain.CarrierInProcess,
	"REQUESTED_SUPP":    domain.CarrierInProcess, // a change being worked
	"EXCEPTION":         domain.CarrierRefused,
	"FOC":               domain.CarrierFOCConfirmed,
	"COMPLETE":          domain.CarrierPorted,
	"REQUESTED_CANCEL":  domain.CarrierCancelled,
	"CANCELLED":         domain.CarrierCancelled,
}

var nanp = regexp.MustCompile(`^\+1([2-9][0-9]{2}[2-9][0-9]{6})$`)

// tenDigits is a number as Bandwidth's port-ins take it: NANP, ten digits. Other countries
// go through Bandwidth's separate international port-ins, which this connector does not
// drive.
func tenDigits(e164 string) (string, error) {
	m := nanp.FindStringSubmatch(e164)
	if m == nil {
		return "", &domain.Error{Code: domain.ErrInvalid,
			Message: "Bandwidth's port-in orders take US and Canadian numbers only; " + e164 + " is not one: send it to another carrier"}
	}
	return m[1], nil
}

// e164 is a number Bandwidth gave back, ours again.
func e164(n string) string {
	n = strings.TrimSpace(n)
	switch {
	case len(n) == 10:
		return "+1" + n
	case len(n) == 11 && n[0] == '1':
		return "+" + n
	}
	return n
}

// address splits our first line into the house number and street Bandwidth asks for: a
// leading token with a digit is the number ("1623", "12B", "100-2"), the rest the street.
func address(a domain.Address) *ServiceAddress {
	house, street := "", strings.TrimSpace(a.Line1)
	if first, rest, ok := strings.Cut(street, " "); ok && strings.ContainsAny(first, "0123456789") {
		house, street = first, strings.TrimSpace(rest)
	}
	return &ServiceAddress{HouseNumber: house, StreetName: street, AddressLine2: a.Line2, City: a.City,
		StateCode: strings.ToUpper(a.Region), Zip: a.Postcode, Country: a.Country}
}

// subscriber is the end user: a business by its name, a person by first and last names
// (the last word of the name is the last name).
func subscriber(o domain.CarrierOrderRequest) *Subscriber {
	s := &Subscriber{SubscriberType: "BUSINESS", BusinessName: o.EndUserName, ServiceAddress: address(o.Address)}
	if o.Residential {
		name := strings.TrimSpace(o.EndUserName)
		first, last := "", name
		if i := strings.LastIndex(name, " "); i > 0 {
			first, last = strings.TrimSpace(name[:i]), name[i+1:]
		}
		s = &Subscriber{SubscriberType: "RESIDENTIAL", FirstName: first, LastName: last, ServiceAddress: s.ServiceAddress}
	}
	return s
}
