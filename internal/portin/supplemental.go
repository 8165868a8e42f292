package portin

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

// supplementable: after submission, until the port completes, numbers and the desired date
// may still change, as a supplemental order the carrier must see.
func supplementable(st domain.Status) bool {
	return st == domain.StatusSubmitted || st == domain.StatusInProgress || st == domain.StatusScheduled
}

// supplement turns a change to a submitted request into a supplemental order: the request goes
// back to submitted (the carrier must take the change; a FOC given for the old order no
// longer holds) with a supplemental event saying what changed.
func (s *Service) supplement(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortIn, what string) error {
	from := p.Status
	p.Status, p.StatusReason, p.FOC, p.UpdatedAt = domain.StatusSubmitted, "", nil, s.desk.Now()
	if err := tx.UpdatePortIn(ctx, p); err != nil {
		return err
	}
	if err := tx.SetPortInNumberStatus(ctx, p.ID, domain.NumberSubmitted, true); err != nil {
		return err
	}
	detail := "Supplemental: " + what
	if from != domain.StatusSubmitted {
		detail += " (" + from.Label() + " → " + domain.StatusSubmitted.Label() + ")"
	}
	return s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventSupplemental, From: from, To: domain.StatusSubmitted, Detail: detail})
}

// onlyDesiredDate: the change names the desired date and nothing else the carrier sees.
func (c Changes) onlyDesiredDate() bool {
	d := c
	d.DesiredDate, d.Version = nil, 0
	return c.DesiredDate != nil && d.isEmpty()
}

// onlyRecipients: the change is who hears about the request, which the customer may edit at
// any time (the seed's "Edit Recipient Emails").
func (c Changes) onlyRecipients() bool {
	d := c
	d.Recipients, d.Version = nil, 0
	return c.Recipients != nil && d.isEmpty()
}

func (c Changes) isEmpty() bool {
	return c.AccountID == nil && c.LosingProvider == nil && c.LosingProviderAddress == nil && c.CustomerName == nil && c.CustomerType == nil &&
		c.AuthorisedPerson == nil && c.BillingAddress == nil && c.ServiceAddress == nil && c.AccountNumber == nil && c.PIN == nil && c.BTN == nil &&
		c.PortType == nil && c.LineType == nil && c.DDI == nil && c.NewBTN == nil && c.DesiredDate == nil && c.Recipients == nil &&
		len(c.Accept) == 0 && len(c.Numbers) == 0 && c.PAC == nil
}

// afterSubmission applies the changes a submitted request still takes: a new desired date (a
// supplemental order) or its recipients.
func (s *Service) afterSubmission(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortIn, c Changes) error {
	_, changed, err := s.applyChanges(ctx, tx, a, p, c)
	if err != nil || len(changed) == 0 {
		return err
	}
	if c.Recipients != nil {
		return s.writeDetails(ctx, tx, a, p, changed)
	}
	if p.DesiredDate != nil {
		if err := s.checkDesiredDate(ctx, tx, a, *p); err != nil {
			return err
		}
	}
	what := "desired date cleared"
	if p.DesiredDate != nil {
		what = "desired date " + p.DesiredDate.Format("Mon 2 Jan 2006")
	}
	return s.supplement(ctx, tx, a, p, what)
}
