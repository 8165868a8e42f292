package desk

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/portdesk/portdesk/internal/domain"
)

const (
	maxText       = 200
	maxLongText   = 1000
	maxPIN        = 32
	maxAcctNo     = 64
	maxRecips     = 20
	maxReasonText = 2000 // a reason or note typed for a status change: read in emails and timelines
)

// statusNote trims a reason or note typed for a status change and refuses one too long to
// read; line breaks are welcome there.
func statusNote(v *domain.Validation, field, s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxReasonText {
		v.Add(field, "too_long", fmt.Sprintf("Keep it under %d characters.", maxReasonText))
	}
	return s
}

// statusReason is statusNote for a lone "reason" field.
func statusReason(s string) (string, error) {
	var v domain.Validation
	s = statusNote(&v, "reason", s)
	return s, v.Err(domain.ErrInvalid, "the reason is too long")
}

// apply validates changes and writes them onto p. Every problem is collected so the user
// sees them all at once.
func (s *Service) apply(ctx context.Context, q domain.Queries, a domain.Actor, p *domain.PortIn, acc domain.Account, c PortInChanges) error {
	var v domain.Validation
	text := func(field string, in *string, max int, out *string) {
		if in == nil {
			return
		}
		t := strings.TrimSpace(*in)
		if utf8.RuneCountInString(t) > max {
			v.Add(field, "too_long", fmt.Sprintf("Use at most %d characters.", max))
			return
		}
		if strings.ContainsFunc(t, isControl) && max <= maxText {
			v.Add(field, "invalid", "Remove line breaks and control characters.")
			return
		}
		*out = t
	}
	text("losing_provider", c.LosingProvider, maxText, &p.LosingProvider)
	text("losing_provider_address", c.LosingProviderAddress, maxLongText, &p.LosingProviderAddress)
	text("customer_name", c.CustomerName, maxText, &p.CustomerName)
	text("account_number", c.AccountNumber, maxAcctNo, &p.AccountNumber)
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
		text("authorised_person.name", &ap.Name, maxText, &p.AuthorisedPerson.Name)
		text("authorised_person.title", &ap.Title, maxText, &p.AuthorisedPerson.Title)
		if e := strings.TrimSpace(ap.Email); e != "" && !validEmail(e) {
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
		pin := strings.TrimSpace(*c.PIN)
		switch {
		case pin == "":
			p.PINSealed = nil
		case utf8.RuneCountInString(pin) > maxPIN || strings.ContainsFunc(pin, isControl):
			v.Add("pin", "invalid", fmt.Sprintf("A PIN or passcode has at most %d characters and no spaces or line breaks.", maxPIN))
		default:
			p.PINSealed = s.pins.Seal(pin)
		}
	}
	phone := func(field string, in *string, out *string) {
		if in == nil {
			return
		}
		if strings.TrimSpace(*in) == "" {
			*out = ""
			return
		}
		n, err := s.numbers.Parse(*in, acc.Country)
		if err != nil {
			v.Add(field, "invalid_number", messageOf(err))
			return
		}
		*out = n.E164
	}
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
		} else if t.Before(today(s.now())) {
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
			p.Acceptances = append(p.Acceptances, domain.Acceptance{Agreement: k, UserID: a.UserID, AcceptedAt: s.now()})
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
		if !validEmail(e) {
			v.Add(field, "invalid", "Enter an email address such as name@example.com.")
			continue
		}
		u, err := q.UserByEmail(ctx, e)
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
		if !scope(sub).sees(accountID) {
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
		*pt.val = strings.TrimSpace(*pt.val)
		if utf8.RuneCountInString(*pt.val) > maxText {
			v.Add(field+"."+pt.name, "too_long", fmt.Sprintf("Use at most %d characters.", maxText))
		} else if strings.ContainsFunc(*pt.val, isControl) {
			v.Add(field+"."+pt.name, "invalid", "Remove line breaks and control characters.")
		}
	}
	a.Country = strings.ToUpper(a.Country)
	if a.Country != "" && (len(a.Country) != 2 || strings.ContainsFunc(a.Country, func(r rune) bool { return r < 'A' || r > 'Z' })) {
		v.Add(field+".country", "invalid", "Use the two-letter country code, such as GB, US or CA.")
	}
	return a
}

func validEmail(e string) bool {
	addr, err := mail.ParseAddress(e)
	return err == nil && addr.Address == e && strings.Contains(e, ".")
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func today(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// messageOf returns the user-safe message of a domain error.
func messageOf(err error) string {
	if e, ok := err.(*domain.Error); ok {
		return e.Message
	}
	return "This value is not valid."
}
