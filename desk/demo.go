package desk

import (
	"context"

	"github.com/portdesk/portdesk/domain"
)

// Demo is what SeedDemo made.
type Demo struct {
	Created  bool
	Email    string
	Password string
}

const demoEmail = "demo@portdesk.local"

// SeedDemo creates, once, a demo customer with a sub-account and requests in several states,
// so a new install shows the product at work.
func (s *Service) SeedDemo(ctx context.Context) (Demo, error) {
	if _, err := s.store.UserByEmail(ctx, demoEmail); err == nil {
		return Demo{Email: demoEmail}, nil
	}
	acc, err := s.CreateAccount(ctx, systemAdmin, "Demo Widgets Ltd", 0, domain.CountryGB)
	if err != nil {
		return Demo{}, err
	}
	if _, err := s.CreateAccount(ctx, systemAdmin, "Demo Widgets Leeds", acc.ID, domain.CountryGB); err != nil {
		return Demo{}, err
	}
	u, pw, err := s.CreateUser(ctx, systemAdmin, NewUser{AccountID: acc.ID, Role: domain.RoleAdmin, Email: demoEmail, Name: "Dana Demo"})
	if err != nil {
		return Demo{}, err
	}
	me := domain.ActorOf(u)
	str := func(v string) *string { return &v }
	ct, pt, lt := domain.CustomerBusiness, domain.PortFull, domain.MultiLine
	var accept []domain.Agreement
	for _, a := range domain.Agreements {
		accept = append(accept, a.Key)
	}
	full := PortInChanges{
		LosingProvider: str("BT"), LosingProviderAddress: str("BT Group plc, 1 Braham Street, London E1 8EE"),
		CustomerName: str("Demo Widgets Ltd"), CustomerType: &ct,
		AuthorisedPerson: &domain.Person{Name: "Dana Demo", Title: "Operations Director", Email: demoEmail},
		BillingAddress:   &domain.Address{Line1: "1 Park Row", City: "Leeds", Postcode: "LS1 5AB", Country: "GB"},
		AccountNumber:    str("BT-0042-7781"), BTN: str("0113 496 0000"), PortType: &pt, LineType: &lt, Accept: accept,
		Numbers: []NumberInput{
			{Number: "0113 496 0000", ReceivingNumber: "0161 496 0000", TrackingSource: "Google Ads"},
			{Number: "0113 496 0001", ReceivingNumber: "0161 496 0000", TrackingSource: "Website"},
		},
	}
	submitted, err := s.CreatePortIn(ctx, me, full)
	if err != nil {
		return Demo{}, err
	}
	if _, err := s.Submit(ctx, me, submitted.ID, submitted.Version); err != nil {
		return Demo{}, err
	}
	if _, err := s.AddNote(ctx, me, submitted.ID, "Please port these before our spring campaign.", false); err != nil {
		return Demo{}, err
	}
	if _, err := s.CreatePortIn(ctx, me, PortInChanges{LosingProvider: str("Gamma"), CustomerName: str("Demo Widgets Ltd"),
		Numbers: []NumberInput{{Number: "020 7946 0000", TrackingSource: "Radio"}}}); err != nil {
		return Demo{}, err
	}
	return Demo{Created: true, Email: demoEmail, Password: pw}, nil
}
