package portin

import (
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// missing lists everything a request still needs before it can be submitted, all at once:
// what carriers reject a port for when it is absent (DOMAIN.md's fifteen rejections).
func (s *Service) missing(p domain.PortIn, ns []domain.PortNumber) []domain.FieldError {
	var v domain.Validation
	need := func(field, value, msg string) {
		if strings.TrimSpace(value) == "" {
			v.Add(field, "required", msg)
		}
	}
	uk := false
	for _, n := range ns {
		if ukLandline(n.Number) { // a UK mobile's PAC stands for the letter's details
			uk = true
		}
	}
	need("losing_provider", p.LosingProvider, "Name the provider the numbers are with now, as on the bill.")
	if uk {
		need("losing_provider_address", p.LosingProviderAddress, "UK orders need the losing provider's address, as on the bill.")
		need("line_type", string(p.LineType), "Say whether the losing provider's records show a single line or a multi-line installation.")
	}
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
	need("account_number", p.AccountNumber, "Enter the account number with the losing provider; it is on the bill.")
	need("btn", p.BTN, "Enter the billing telephone number (main billing number) of the account.")
	need("port_type", string(p.PortType), "Say whether every number on the account moves (full) or only some (partial).")
	if len(ns) == 0 {
		v.Add("numbers", "required", "Add at least one number to port.")
	}
	if p.PortType == domain.PortPartial && p.BTN != "" {
		btnMoves := slices.ContainsFunc(ns, func(n domain.PortNumber) bool { return n.Number == p.BTN })
		if btnMoves && p.NewBTN == "" {
			v.Add("new_btn", "required", "The billing number moves but others stay: name the new billing number for the lines that stay.")
		}
		if p.NewBTN != "" && slices.ContainsFunc(ns, func(n domain.PortNumber) bool { return n.Number == p.NewBTN }) {
			v.Add("new_btn", "invalid", "The new billing number must be one that stays with the losing provider, not one being ported.")
		}
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
