package portin

import (
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portability"
)

// missing lists everything a request still needs before it can be submitted, all at once:
// what carriers reject a port for when it is absent (DOMAIN.md's fifteen rejections). Beyond
// what every request carries, each order demands exactly what its requires lists (the
// portability check's requirements of its numbers), no more and no less.
func (s *Service) missing(p domain.PortIn, ns []domain.PortNumber, orders []portability.Order) []domain.FieldError {
	var v domain.Validation
	need := func(field, value, msg string) {
		if strings.TrimSpace(value) == "" {
			v.Add(field, "required", msg)
		}
	}
	need("losing_provider", p.LosingProvider, "Name the provider the numbers are with now, as on the bill.")
	need("customer_name", p.CustomerName, "Enter the customer name exactly as it appears on the bill.")
	need("customer_type", string(p.CustomerType), "Say whether the customer is a business or residential.")
	need("authorised_person.name", p.AuthorisedPerson.Name, "Name the person authorised to sign for the account.")
	need("authorised_person.email", p.AuthorisedPerson.Email, "Give the authorised person's email address.")
	if p.CustomerType == domain.CustomerBusiness {
		need("authorised_person.title", p.AuthorisedPerson.Title, "Give the authorised person's job title.")
	}
	need("billing_address.line1", p.BillingAddress.Line1, "Enter the billing address exactly as on the bill.")
	need("billing_address.city", p.BillingAddress.City, "Enter the town or city of the billing address.")
	need("billing_address.postcode", p.BillingAddress.Postcode, "Enter the postcode or ZIP of the billing address.")
	need("billing_address.country", p.BillingAddress.Country, "Enter the country of the billing address.")
	if c := p.BillingAddress.Country; c == "US" || c == "CA" {
		need("billing_address.region", p.BillingAddress.Region, "Enter the state or province of the billing address.")
	}
	need("port_type", string(p.PortType), "Say whether every number on the account moves (full) or only some (partial).")
	if len(ns) == 0 {
		v.Add("numbers", "required", "Add at least one number to port.")
	}
	for _, r := range requiredByOrders(orders) {
		switch r {
		case domain.RequireAccountNumber:
			need("account_number", p.AccountNumber, "Enter the account number with the losing provider; it is on the bill.")
		case domain.RequirePIN:
			if !p.PINSet() {
				v.Add("pin", "required", "Enter the account PIN or passcode the losing provider gave you: "+whoNeeds(orders, r)+" cannot port without it.")
			}
		case domain.RequireBTN:
			need("btn", p.BTN, "Enter the billing telephone number (main billing number) of the account.")
		case domain.RequireLosingProviderAddress:
			need("losing_provider_address", p.LosingProviderAddress, "UK orders need the losing provider's address, as on the bill.")
		case domain.RequireLineType:
			need("line_type", string(p.LineType), "Say whether the losing provider's records show a single line or a multi-line installation.")
		case domain.RequireNewBTN:
			need("new_btn", p.NewBTN, "The billing number moves but others stay: name the new billing number for the lines that stay.")
		case domain.RequireServiceAddr:
			// The billing address above stands for it unless another service address is given.
		case domain.RequirePAC:
			// UK mobiles port on a PAC: what submit asks of them is the PAC order's.
		}
	}
	if p.PortType == domain.PortPartial && p.NewBTN != "" && slices.ContainsFunc(ns, func(n domain.PortNumber) bool { return n.Number == p.NewBTN }) {
		v.Add("new_btn", "invalid", "The new billing number must be one that stays with the losing provider, not one being ported.")
	}
	if p.DesiredDate != nil && p.DesiredDate.Before(today(s.desk.Now())) {
		v.Add("desired_date", "in_past", "The desired date has passed: choose another or clear it.")
	}
	for _, ag := range domain.Agreements {
		if !p.Accepted(ag.Key) {
			v.Add("accept."+string(ag.Key), "required", ag.Text)
		}
	}
	return v.Fields
}

// requiredByOrders is every requirement of the orders, each once, in the order first met.
func requiredByOrders(orders []portability.Order) []string {
	var out []string
	for _, o := range orders {
		for _, r := range o.Requires {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// whoNeeds names the orders that require r, for a person: "the order from Bell Canada".
func whoNeeds(orders []portability.Order, r string) string {
	var names []string
	for _, o := range orders {
		if slices.Contains(o.Requires, r) {
			names = append(names, fmt.Sprintf("the %s order from %s", o.LOAType.Label(), desk.OrDefault(o.Provider, "the losing provider")))
		}
	}
	return strings.Join(names, " and ")
}
