package portin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Limits of a request's own fields (every text also follows the desk's one text rule).
const (
	maxPIN    = 32
	maxAcctNo = 64
	maxRecips = 20
)

// apply validates changes and writes them onto p. Every problem is collected so the user
// sees them all at once.
func (s *Service) apply(ctx context.Context, q domain.Queries, a domain.Actor, p *domain.PortIn, acc domain.Account, c Changes) error {
	var v domain.Validation
	// text writes a field that passes the text rule; a refused one stays as it was.
	text := func(field string, in *string, rule domain.TextRule, out *string) {
		if in == nil {
			return
		}
		n := len(v.Fields)
		if t := v.Text(field, *in, rule); len(v.Fields) == n {
			*out = t
		}
	}
	text("losing_provider", c.LosingProvider, domain.ShortText, &p.LosingProvider)
	text("losing_provider_address", c.LosingProviderAddress, domain.LongText, &p.LosingProviderAddress)
	text("customer_name", c.CustomerName, domain.ShortText, &p.CustomerName)
	text("account_number", c.AccountNumber, domain.TextRule{Max: maxAcctNo}, &p.AccountNumber)
	if c.CustomerType != nil {
		switch *c.CustomerType {
		case domain.CustomerBusiness, domain.CustomerResidential, "":
			p.CustomerType = *c.CustomerType
		default:
			v.Add("customer_type", "invalid", `Choose "business" or "residential".`)
		}
	}
	if c.AuthorisedPerson != nil {
		ap := *c.AuthorisedPerson
		text("authorised_person.name", &ap.Name, domain.ShortText, &p.AuthorisedPerson.Name)
		text("authorised_person.title", &ap.Title, domain.ShortText, &p.AuthorisedPerson.Title)
		if e := strings.TrimSpace(ap.Email); e != "" && !domain.ValidEmail(e) {
			v.Add("authorised_person.email", "invalid", "Enter an email address such as name@example.com.")
		} else {
			p.AuthorisedPerson.Email = strings.ToLower(e)
		}
	}
	if c.BillingAddress != nil {
		p.BillingAddress = cleanAddress(&v, "billing_address", *c.BillingAddress)
	}
	if c.ServiceAddress != nil {
		sa := cleanAddress(&v, "service_address", *c.ServiceAddress)
		if sa.IsZero() || sa == p.BillingAddress {
			p.ServiceAddress = nil
		} else {
			p.ServiceAddress = &sa
		}
	}
	if c.PIN != nil {
		n := len(v.Fields)
		pin := v.Text("pin", *c.PIN, domain.TextRule{Max: maxPIN})
		switch {
		case len(v.Fields) > n:
		case pin == "":
			p.PINSealed = nil
		default:
			p.PINSealed = s.pins.Seal(pin)
		}
	}
	// Billing numbers typed without a country code are read in the request's country (its
	// numbers', else its billing address's), not the account's.
	region := acc.Country
	if c.BTN != nil || c.NewBTN != nil {
		var ns []domain.PortNumber
		if p.ID != 0 {
			var err error
			if ns, err = q.PortInNumbers(ctx, p.ID); err != nil {
				return err
			}
		}
		region = s.readingCountry(acc, *p, ns, c.Numbers)
	}
	phone := func(field string, in *string, out *string) {
		if in == nil {
			return
		}
		if strings.TrimSpace(*in) == "" {
			*out = ""
			return
		}
		n, err := s.desk.Numbers.Parse(*in, region)
		if err != nil {
			v.Add(field, "invalid_number", domain.MessageOf(err))
			return
		}
		*out = n.E164
	}
	checkPAC(&v, c.PAC, s.desk.Now()) // stored by enterPAC, once everything is valid
	phone("btn", c.BTN, &p.BTN)
	phone("new_btn", c.NewBTN, &p.NewBTN)
	if c.PortType != nil {
		switch *c.PortType {
		case domain.PortFull, domain.PortPartial, "":
			p.PortType = *c.PortType
		default:
			v.Add("port_type", "invalid", `Choose "full" (every number on the account moves) or "partial".`)
		}
	}
	if c.LineType != nil {
		switch *c.LineType {
		case domain.SingleLine, domain.MultiLine, "":
			p.LineType = *c.LineType
		default:
			v.Add("line_type", "invalid", `Choose "single_line" or "multi_line", as the losing provider's records show the installation.`)
		}
	}
	if c.DDI != nil {
		switch *c.DDI {
		case domain.DDINone, domain.DDIWhole, domain.DDIPart, "":
			p.DDI = *c.DDI
		default:
			v.Add("ddi", "invalid", `Choose "none", "whole" (a whole DDI range moves) or "part" (part of a range).`)
		}
	}
	if c.DesiredDate != nil {
		d := strings.TrimSpace(*c.DesiredDate)
		if d == "" {
			p.DesiredDate = nil
		} else if t, err := time.Parse(time.DateOnly, d); err != nil {
			v.Add("desired_date", "invalid", "Enter a date as YYYY-MM-DD.")
		} else if t.Before(today(s.desk.Now())) {
			v.Add("desired_date", "in_past", "Choose a date from today on.")
		} else {
			p.DesiredDate = &t
		}
	}
	if c.Recipients != nil {
		rs, err := s.checkRecipients(ctx, q, &v, p.AccountID, *c.Recipients)
		if err != nil {
			return err
		}
		p.Recipients = rs
	}
	for i, k := range c.Accept {
		if !domain.KnownAgreement(k) {
			v.Add(fmt.Sprintf("accept[%d]", i), "invalid", "Unknown agreement.")
			continue
		}
		if !p.Accepted(k) {
			p.Acceptances = append(p.Acceptances, domain.Acceptance{Agreement: k, UserID: a.UserID, AcceptedAt: s.desk.Now()})
		}
	}
	return v.Err(domain.ErrInvalid, "some fields are not valid")
}

// checkRecipients keeps update emails to users of the account (or of an account above it,
// whose users see this one): updates must not go to strangers.
func (s *Service) checkRecipients(ctx context.Context, q domain.Queries, v *domain.Validation, accountID int64, in []string) ([]string, error) {
	if len(in) > maxRecips {
		v.Add("recipients", "too_many", fmt.Sprintf("Add at most %d recipients.", maxRecips))
		return nil, nil
	}
	var out []string
	seen := map[string]bool{}
	for i, r := range in {
		field := fmt.Sprintf("recipients[%d]", i)
		e := strings.ToLower(strings.TrimSpace(r))
		if e == "" || seen[e] {
			continue
		}
		seen[e] = true
		if !domain.ValidEmail(e) {
			v.Add(field, "invalid", "Enter an email address such as name@example.com.")
			continue
		}
		u, err := q.UserByEmail(ctx, e)
		if domain.IsCode(err, domain.ErrNotFound) {
			// Invited to this account and not joined yet: on the list now, emailed once they
			// accept (emails go to users only), so inviting from the request is no dead end.
			if _, ierr := q.OpenInvitation(ctx, accountID, e, s.desk.Now()); ierr == nil {
				out = append(out, e)
				continue
			} else if !domain.IsCode(ierr, domain.ErrNotFound) {
				return nil, ierr
			}
		}
		if domain.IsCode(err, domain.ErrNotFound) || (err == nil && u.Staff) {
			v.Add(field, "not_a_user", e+" is not a user of this account: invite them first.")
			continue
		}
		if err != nil {
			return nil, err
		}
		sub, err := q.AccountSubtree(ctx, u.AccountID)
		if err != nil {
			return nil, err
		}
		if !desk.Scope(sub).Sees(accountID) {
			v.Add(field, "not_a_user", e+" is not a user of this account: invite them first.")
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

func cleanAddress(v *domain.Validation, field string, a domain.Address) domain.Address {
	parts := []struct {
		name string
		val  *string
	}{{"line1", &a.Line1}, {"line2", &a.Line2}, {"city", &a.City}, {"region", &a.Region}, {"postcode", &a.Postcode}, {"country", &a.Country}}
	for _, pt := range parts {
		*pt.val = v.Text(field+"."+pt.name, *pt.val, domain.ShortText)
	}
	a.Country = strings.ToUpper(a.Country)
	if a.Country != "" && (len(a.Country) != 2 || strings.ContainsFunc(a.Country, func(r rune) bool { return r < 'A' || r > 'Z' })) {
		v.Add(field+".country", "invalid", "Use the two-letter country code, such as GB, US or CA.")
	}
	return a
}

func today(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
