package desk

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portability"
)

const settingAgreementsSeeded = "porting_agreements_seeded"

// SeedDefaults loads the seeds' porting agreements the first time PortDesk starts on a
// database. Once seeded, the table is the operator's: rows it deletes stay deleted.
func (s *Service) SeedDefaults(ctx context.Context) error {
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if _, err := tx.Setting(ctx, settingAgreementsSeeded); !domain.IsCode(err, domain.ErrNotFound) {
			return err
		}
		for _, row := range portability.SeedAgreements() {
			row.UpdatedAt = s.now()
			if err := tx.CreatePortingAgreement(ctx, &row); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, systemAdmin, agreementSubject(row.ID), "created", row); err != nil {
				return err
			}
		}
		return tx.SetSetting(ctx, settingAgreementsSeeded, "true", s.now())
	})
}

func agreementSubject(id int64) string { return fmt.Sprintf("porting_agreement:%d", id) }

// audit records a change to something that is not a request, with its new value.
func (s *Service) audit(ctx context.Context, tx domain.Tx, a domain.Actor, subject, action string, value any) error {
	detail, err := json.Marshal(value)
	if err != nil {
		return err
	}
	return tx.AddAudit(ctx, &domain.AuditEntry{Subject: subject, ActorID: a.UserID, ActorName: actorName(a), Action: action, Detail: string(detail), At: s.now()})
}

// PortingAgreements lists the table; every user may read it (it explains their checks).
func (s *Service) PortingAgreements(ctx context.Context, _ domain.Actor) ([]domain.PortingAgreement, error) {
	return s.store.PortingAgreements(ctx)
}

// AgreementCategories are the categories an agreement can name.
var AgreementCategories = []string{
	string(numbering.Geographic), string(numbering.NonGeographic), string(numbering.Freephone), string(numbering.SharedCost),
	string(numbering.Premium), string(numbering.Mobile), string(numbering.Personal), string(numbering.VoIP),
	string(numbering.Local), string(numbering.TollFree),
}

func validAgreement(a *domain.PortingAgreement) error {
	var v domain.Validation
	a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
	a.Provider = strings.TrimSpace(a.Provider)
	a.Notes = strings.TrimSpace(a.Notes)
	if len(a.Country) != 2 {
		v.Add("country", "invalid", "Give the country as a two-letter code, e.g. GB.")
	}
	if portability.NormaliseProvider(a.Provider) == "" {
		v.Add("provider", "required", "Name the losing provider.")
	}
	var former []string
	for _, f := range a.FormerNames {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(former, f) {
			former = append(former, f)
		}
	}
	a.FormerNames = former
	if a.FormerNames == nil {
		a.FormerNames = []string{}
	}
	if a.Categories == nil {
		a.Categories = []string{}
	}
	for _, c := range a.Categories {
		if !slices.Contains(AgreementCategories, c) {
			v.Add("categories", "invalid", fmt.Sprintf("Unknown category %q: use %s.", c, strings.Join(AgreementCategories, ", ")))
		}
	}
	switch a.Portable {
	case "":
		a.Portable = domain.PortableYes
	case domain.PortableYes, domain.PortableNo, domain.CheckRequired:
	default:
		v.Add("portable", "invalid", "Use yes, no or check_required.")
	}
	switch a.Route {
	case "", domain.RouteDirect, domain.RouteTransit:
	default:
		v.Add("route", "invalid", "Use direct or transit, or leave it empty.")
	}
	if len(a.Notes) > 2000 {
		v.Add("notes", "too_long", "Keep notes under 2,000 characters.")
	}
	return v.Err(domain.ErrInvalid, "the agreement is not valid")
}

// CreatePortingAgreement adds a provider the operator ports from (staff admins and agents).
func (s *Service) CreatePortingAgreement(ctx context.Context, a domain.Actor, row domain.PortingAgreement) (domain.PortingAgreement, error) {
	if err := requireStaff(a); err != nil {
		return row, err
	}
	if err := validAgreement(&row); err != nil {
		return row, err
	}
	row.ID, row.UpdatedAt = 0, s.now()
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.CreatePortingAgreement(ctx, &row); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, agreementSubject(row.ID), "created", row)
	})
	return row, err
}

// UpdatePortingAgreement changes a row of the table.
func (s *Service) UpdatePortingAgreement(ctx context.Context, a domain.Actor, row domain.PortingAgreement) (domain.PortingAgreement, error) {
	if err := requireStaff(a); err != nil {
		return row, err
	}
	if err := validAgreement(&row); err != nil {
		return row, err
	}
	row.UpdatedAt = s.now()
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.UpdatePortingAgreement(ctx, &row); err != nil {
			if domain.IsCode(err, domain.ErrNotFound) {
				return notFound("porting agreement")
			}
			return err
		}
		return s.audit(ctx, tx, a, agreementSubject(row.ID), "updated", row)
	})
	return row, err
}

// DeletePortingAgreement removes a row; checks then say check_required for that provider.
func (s *Service) DeletePortingAgreement(ctx context.Context, a domain.Actor, id int64) error {
	if err := requireStaff(a); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		row, err := tx.PortingAgreement(ctx, id)
		if domain.IsCode(err, domain.ErrNotFound) {
			return notFound("porting agreement")
		}
		if err != nil {
			return err
		}
		if err := tx.DeletePortingAgreement(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, agreementSubject(id), "deleted", row)
	})
}

// AuditLog lists changes to agreements and prices, newest first (staff only).
func (s *Service) AuditLog(ctx context.Context, a domain.Actor, subjectPrefix string) ([]domain.AuditEntry, error) {
	if err := requireStaff(a); err != nil {
		return nil, err
	}
	return s.store.AuditLog(ctx, subjectPrefix, 200)
}

// PriceTable is the operator's prices; every user may read them (quotes come from them).
func (s *Service) PriceTable(ctx context.Context, _ domain.Actor) (domain.PriceTable, error) {
	return s.prices(ctx, s.store)
}

// SetPriceTable replaces the price table (staff admins only). Quotes already accepted keep
// their amounts.
func (s *Service) SetPriceTable(ctx context.Context, a domain.Actor, pt domain.PriceTable) (domain.PriceTable, error) {
	if err := requireAdmin(a); err != nil {
		return pt, err
	}
	if err := requireStaff(a); err != nil {
		return pt, err
	}
	if err := validPrices(&pt); err != nil {
		return pt, err
	}
	pt.UpdatedAt = s.now()
	b, err := json.Marshal(pt)
	if err != nil {
		return pt, err
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.SetSetting(ctx, settingPriceTable, string(b), s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, settingPriceTable, "updated", pt)
	})
	return pt, err
}

// maxPrice is the most a price may be, in major units of its currency.
const maxPrice = 1_000_000

// validMoney checks a price as the ledger checks an amount: an ISO 4217 currency in use, and
// an amount in that currency's own minor units (JPY has none: 1500 is JPY 1500).
func validMoney(v *domain.Validation, field string, m *domain.Money) {
	m.Currency = strings.ToUpper(strings.TrimSpace(m.Currency))
	if !ValidCurrency(m.Currency) {
		v.Add(field+".currency", "invalid", "Give an ISO 4217 currency code in use, such as GBP, USD or CAD.")
	}
	limit := domain.Money{Amount: maxPrice * pow10(minorDigits(m.Currency)), Currency: m.Currency}
	if m.Amount < 0 || m.Amount > limit.Amount {
		v.Add(field+".amount", "invalid", fmt.Sprintf("Give an amount from 0 to %s (over the API, in the currency's minor units: pence, cents).", domain.FormatMoney(limit)))
	}
}

func validPrices(pt *domain.PriceTable) error {
	var v domain.Validation
	seen := map[string]bool{}
	for i := range pt.CarrierFees {
		f := &pt.CarrierFees[i]
		f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
		field := fmt.Sprintf("carrier_fees[%d]", i)
		if len(f.Country) != 2 {
			v.Add(field+".country", "invalid", "Give the country as a two-letter code.")
		}
		if !slices.Contains(AgreementCategories, f.Category) && f.Category != string(numbering.International) {
			v.Add(field+".category", "invalid", fmt.Sprintf("Unknown category %q.", f.Category))
		}
		if seen[f.Country+f.Category] {
			v.Add(field, "duplicate", "One fee per country and category.")
		}
		seen[f.Country+f.Category] = true
		validMoney(&v, field+".fee", &f.Fee)
	}
	for i := range pt.AdminCharges {
		c := &pt.AdminCharges[i]
		c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
		if len(c.Country) != 2 {
			v.Add(fmt.Sprintf("admin_charges[%d].country", i), "invalid", "Give the country as a two-letter code.")
		}
		validMoney(&v, fmt.Sprintf("admin_charges[%d].charge", i), &c.Charge)
	}
	for i := range pt.PortOutFees {
		f := &pt.PortOutFees[i]
		f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
		if len(f.Country) != 2 {
			v.Add(fmt.Sprintf("port_out_fees[%d].country", i), "invalid", "Give the country as a two-letter code.")
		}
		validMoney(&v, fmt.Sprintf("port_out_fees[%d].fee", i), &f.Fee)
	}
	if pt.FreeNumbers < 0 {
		v.Add("free_numbers", "invalid", "Give how many numbers from one carrier carry no admin charge (0 or more).")
	}
	if pt.CarrierFees == nil {
		pt.CarrierFees = []domain.CarrierFee{}
	}
	if pt.AdminCharges == nil {
		pt.AdminCharges = []domain.AdminCharge{}
	}
	if pt.PortOutFees == nil {
		pt.PortOutFees = []domain.PortOutFee{}
	}
	return v.Err(domain.ErrInvalid, "the price table is not valid")
}
