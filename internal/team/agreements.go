package team

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portability"
)

const settingAgreementsSeeded = "porting_agreements_seeded"

// SeedDefaults loads the seeds' porting agreements the first time PortDesk starts on a
// database. Once seeded, the table is the operator's: rows it deletes stay deleted.
func (s *Service) SeedDefaults(ctx context.Context) (err error) {
	defer desk.Wrap(&err, "seed the porting agreements")
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if _, err := tx.Setting(ctx, settingAgreementsSeeded); !domain.IsCode(err, domain.ErrNotFound) {
			return err
		}
		for _, row := range portability.SeedAgreements() {
			row.UpdatedAt = s.desk.Now()
			if err := tx.CreatePortingAgreement(ctx, &row); err != nil {
				return err
			}
			if err := s.desk.Audit(ctx, tx, desk.System(), agreementSubject(row.ID), "created", row); err != nil {
				return err
			}
		}
		return tx.SetSetting(ctx, settingAgreementsSeeded, "true", s.desk.Now())
	})
}

func agreementSubject(id int64) string { return fmt.Sprintf("porting_agreement:%d", id) }

// PortingAgreements lists the table; every user may read it (it explains their checks).
func (s *Service) PortingAgreements(ctx context.Context, _ domain.Actor) (_ []domain.PortingAgreement, err error) {
	defer desk.Wrap(&err, "list the porting agreements")
	return s.desk.Store.PortingAgreements(ctx)
}

func validAgreement(a *domain.PortingAgreement) error {
	var v domain.Validation
	a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
	a.Provider = v.Text("provider", a.Provider, domain.ShortText)
	a.Notes = v.Text("notes", a.Notes, domain.ReasonText)
	if len(a.Country) != 2 {
		v.Add("country", "invalid", "Give the country as a two-letter code, e.g. GB.")
	}
	if portability.NormaliseProvider(a.Provider) == "" && !v.Has("provider") {
		v.Add("provider", "required", "Name the losing provider.")
	}
	var former []string
	for i, f := range a.FormerNames {
		if f = v.Text(fmt.Sprintf("former_names[%d]", i), f, domain.ShortText); f != "" && !slices.Contains(former, f) {
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
		if !slices.Contains(numbering.AgreementCategories(), c) {
			v.Add("categories", "invalid", fmt.Sprintf("Unknown category %q: use %s.", c, strings.Join(numbering.AgreementCategories(), ", ")))
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
	return v.Err(domain.ErrInvalid, "the agreement is not valid")
}

// CreatePortingAgreement adds a provider the operator ports from (staff admins and agents).
func (s *Service) CreatePortingAgreement(ctx context.Context, a domain.Actor, row domain.PortingAgreement) (_ domain.PortingAgreement, err error) {
	defer desk.Wrap(&err, "create a porting agreement")
	if err := desk.RequireStaff(a); err != nil {
		return row, err
	}
	if err := validAgreement(&row); err != nil {
		return row, err
	}
	row.ID, row.UpdatedAt = 0, s.desk.Now()
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.CreatePortingAgreement(ctx, &row); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, agreementSubject(row.ID), "created", row)
	})
	return row, err
}

// UpdatePortingAgreement changes a row of the table.
func (s *Service) UpdatePortingAgreement(ctx context.Context, a domain.Actor, row domain.PortingAgreement) (_ domain.PortingAgreement, err error) {
	defer desk.Wrap(&err, "update porting agreement %d", row.ID)
	if err := desk.RequireStaff(a); err != nil {
		return row, err
	}
	if err := validAgreement(&row); err != nil {
		return row, err
	}
	row.UpdatedAt = s.desk.Now()
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.UpdatePortingAgreement(ctx, &row); err != nil {
			if domain.IsCode(err, domain.ErrNotFound) {
				return desk.NotFound("porting agreement")
			}
			return err
		}
		return s.desk.Audit(ctx, tx, a, agreementSubject(row.ID), "updated", row)
	})
	return row, err
}

// DeletePortingAgreement removes a row; checks then say check_required for that provider.
func (s *Service) DeletePortingAgreement(ctx context.Context, a domain.Actor, id int64) (err error) {
	defer desk.Wrap(&err, "delete porting agreement %d", id)
	if err := desk.RequireStaff(a); err != nil {
		return err
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		row, err := tx.PortingAgreement(ctx, id)
		if domain.IsCode(err, domain.ErrNotFound) {
			return desk.NotFound("porting agreement")
		}
		if err != nil {
			return err
		}
		if err := tx.DeletePortingAgreement(ctx, id); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, agreementSubject(id), "deleted", row)
	})
}

// AuditLog lists changes to agreements and prices, newest first (staff only).
func (s *Service) AuditLog(ctx context.Context, a domain.Actor, subjectPrefix string) (_ []domain.AuditEntry, err error) {
	defer desk.Wrap(&err, "audit log")
	if err := desk.RequireStaff(a); err != nil {
		return nil, err
	}
	var v domain.Validation
	subjectPrefix = v.Text("subject", subjectPrefix, domain.ShortText)
	if err := v.Err(domain.ErrInvalid, "the filter is not valid"); err != nil {
		return nil, err
	}
	return s.desk.Store.AuditLog(ctx, subjectPrefix, 200)
}
