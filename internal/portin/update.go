package portin

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

// Update changes a request's details while the customer may still edit it.
func (s *Service) Update(ctx context.Context, a domain.Actor, id, version int64, c Changes) (domain.PortIn, error) {
	return s.frame.Change(ctx, "update", a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if !p.Status.Editable() {
			if (supplementable(p.Status) && c.onlyDesiredDate()) || (p.Status.Open() && c.onlyRecipients()) {
				return s.afterSubmission(ctx, tx, a, p, c)
			}
			return &domain.Error{Code: domain.ErrIllegalTransition,
				Message: "a request can only be changed while it is a draft or needs action; it is " + p.Status.Label() + " (numbers and the desired date can still change, as a supplemental order)",
				Allowed: domain.StatusNames(domain.AllowedTransitions(p.Status, a.Party()))}
		}
		if c.AccountID != nil && *c.AccountID != p.AccountID {
			return &domain.Error{Code: domain.ErrConflict, Message: "a request's account cannot change while it is open",
				Fields: []domain.FieldError{{Field: "account_id", Code: "immutable", Message: "Cancel this request and start one in the other account."}}}
		}
		if len(c.Numbers) > 0 {
			return &domain.Error{Code: domain.ErrInvalid, Message: "numbers are added to a request on their own, not with its details",
				Fields: []domain.FieldError{{Field: "numbers", Code: "read_only", Message: "Add numbers on their own, once the request exists."}}}
		}
		before, changed, err := s.applyChanges(ctx, tx, a, p, c)
		if err != nil || len(changed) == 0 {
			return err // nothing to write: the version stays
		}
		if p.DesiredDate != nil && !equalTime(before, *p) {
			if err := s.checkDesiredDate(ctx, tx, a, *p); err != nil {
				return err
			}
		}
		if err := s.writeDetails(ctx, tx, a, p, changed); err != nil {
			return err
		}
		for _, k := range newAcceptances(before, *p) {
			if err := s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventAgreement, Detail: "Accepted: " + k.Label()}); err != nil {
				return err
			}
		}
		return s.scheduleDraftExpiry(ctx, tx, *p)
	})
}

// applyChanges checks changes and writes them onto p, and names the fields that changed;
// before is p as it was.
func (s *Service) applyChanges(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortIn, c Changes) (before domain.PortIn, changed []string, err error) {
	acc, err := tx.Account(ctx, p.AccountID)
	if err != nil {
		return *p, nil, err
	}
	before = *p
	if err := s.apply(ctx, tx, a, p, acc, c); err != nil {
		return before, nil, err
	}
	changed = changedFields(before, *p)
	entered, err := s.enterPAC(ctx, tx, a, *p, c.PAC)
	if entered {
		changed = append(changed, "PAC") // the code is not shown: it could port the numbers away
	}
	return before, changed, err
}

// writeDetails stores a change of the request's details, with its event naming the fields.
func (s *Service) writeDetails(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortIn, changed []string) error {
	p.UpdatedAt = s.desk.Now()
	if err := tx.UpdatePortIn(ctx, p); err != nil {
		return err
	}
	return s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventUpdated, Detail: "Changed " + joinFields(changed)})
}

// checkDesiredDate refuses a desired date the numbers' lead times rule out, as soon as it is
// entered: not a business day, before the earliest date, or over 30 days after it.
func (s *Service) checkDesiredDate(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortIn) error {
	ns, err := tx.PortInNumbers(ctx, p.ID)
	if err != nil || len(ns) == 0 {
		return err
	}
	rp, err := s.planFor(ctx, tx, a, p, ns)
	if err != nil {
		return err
	}
	if rp.DesiredDateProblem == "" {
		return nil
	}
	return &domain.Error{Code: domain.ErrInvalid, Message: "the desired date cannot be asked for",
		Fields: []domain.FieldError{{Field: "desired_date", Code: "lead_time", Message: rp.DesiredDateProblem}}}
}
