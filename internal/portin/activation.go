package portin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
)

// smsDelay: carriers take a few business days after the voice port to route texts.
const smsDelay = 3

// ScheduleCompletion enqueues, with the FOC change, the job that completes the port at the FOC.
func (s *Service) ScheduleCompletion(ctx context.Context, tx domain.Tx, p domain.PortIn) (err error) {
	if p.FOC == nil {
		return nil
	}
	defer Kind.Wrap(&err, "schedule the completion at the FOC of", p.ID)
	return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobCompleteAtFOC, Args: domain.CompleteAtFOCArgs{PortInID: p.ID, FOC: *p.FOC}, ScheduledAt: *p.FOC})
}

// CompleteAtFOC completes a scheduled port when its FOC comes. It does nothing when the port
// was completed, cancelled or sent back meanwhile, or its FOC moved (that FOC has its own
// job); so however often it runs, the numbers are activated once.
func (s *Service) CompleteAtFOC(ctx context.Context, args domain.CompleteAtFOCArgs) (err error) {
	return s.frame.Job(ctx, "FOC completion", args.PortInID, func(tx domain.Tx, p *domain.PortIn) error {
		if p.Status != domain.StatusScheduled || p.FOC == nil || !p.FOC.Equal(args.FOC) {
			return nil
		}
		if s.desk.Now().Before(*p.FOC) {
			return s.desk.NotYet("the FOC", *p.FOC)
		}
		return s.complete(ctx, tx, desk.System(), p, "Completed at the FOC")
	})
}

// complete ends a port: the request and its numbers are completed, the numbers go live.
func (s *Service) complete(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortIn, reason string) error {
	from := p.Status
	if err := domain.CheckTransition(from, domain.StatusCompleted, a.Party(), ""); err != nil {
		return err
	}
	if err := s.LettersSigned(ctx, tx, *p); err != nil {
		return err
	}
	ns, err := tx.PortInNumbers(ctx, p.ID)
	if err != nil {
		return err
	}
	var rest []domain.PortNumber // not ported yet: a partial completion went live already
	for _, n := range ns {
		if n.Status != domain.NumberPorted && n.Status != domain.NumberSetAside {
			rest = append(rest, n)
		}
	}
	p.Status, p.StatusReason, p.UpdatedAt = domain.StatusCompleted, "", s.desk.Now()
	if err := tx.UpdatePortIn(ctx, p); err != nil {
		return err
	}
	if err := tx.SetPortInNumberStatus(ctx, p.ID, domain.NumberStatusFor(domain.StatusCompleted), false); err != nil {
		return err
	}
	if err := s.activatePorted(ctx, tx, *p, rest); err != nil {
		return err
	}
	if err := s.billing.ChargeAcceptedQuote(ctx, tx, a, *p); err != nil {
		return err
	}
	detail := from.Label() + " → " + domain.StatusCompleted.Label()
	if p.SubmittedAt != nil {
		detail += fmt.Sprintf(" (%s after submission)", took(p.UpdatedAt.Sub(*p.SubmittedAt)))
	}
	return s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventStatusChanged, From: from, To: domain.StatusCompleted, Reason: reason, Detail: detail})
}

// took says how long a port took, in days and hours.
func took(d time.Duration) string {
	days := int(d / (24 * time.Hour))
	hours := int(d%(24*time.Hour)) / int(time.Hour)
	switch {
	case days == 0:
		return domain.Plural(hours, "hour")
	case hours == 0:
		return domain.Plural(days, "day")
	}
	return domain.Plural(days, "day") + " " + domain.Plural(hours, "hour")
}

// activatePorted puts completed numbers into the account's inventory, where they live now,
// taking over an entry a number may still have from before (released when it left). Voice is
// live at once; mobiles keep SMS through the port, calls-only numbers (the check's
// not_applicable) get none, other numbers get it after smsDelay business days of the
// order's country, when a job turns it on.
func (s *Service) activatePorted(ctx context.Context, tx domain.Tx, p domain.PortIn, ns []domain.PortNumber) (err error) {
	if len(ns) == 0 {
		return nil
	}
	defer desk.Wrap(&err, "activate %s", domain.Plural(len(ns), "ported number"))
	rp, err := s.planFor(ctx, tx, desk.System(), p, ns)
	if err != nil {
		return err
	}
	sms := map[string]string{}
	for _, c := range rp.Checks {
		sms[c.E164] = c.SMS
	}
	now := s.desk.Now()
	pending := 0
	for _, n := range ns {
		if n.Status == domain.NumberSetAside {
			continue
		}
		st := domain.SMSPending
		switch sms[n.Number] {
		case domain.SMSKeeps:
			st = domain.SMSActive
		case domain.SMSNone:
			st = domain.SMSUnsupported // calls only (toll-free, freephone, premium), as the check said
		default:
			pending++
		}
		inv := domain.InventoryNumber{AccountID: p.AccountID, Number: n.Number, Status: domain.InventoryActive,
			ReceivingNumber: n.ReceivingNumber, TrackingSource: n.TrackingSource, SMS: st, CreatedAt: now, UpdatedAt: now}
		if err := tx.ActivateInventoryNumber(ctx, &inv); err != nil {
			return err
		}
	}
	if pending == 0 {
		return nil
	}
	country, err := s.Country(ctx, tx, p) // the order's business days, not the account's
	if err != nil {
		return err
	}
	due := leadtime.AddBusinessDays(string(country), now, smsDelay)
	return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobEnableSMS, Args: domain.EnableSMSArgs{PortInID: p.ID, Due: due}, ScheduledAt: due})
}

// EnableSMS turns on SMS for a completed request's numbers still waiting for it: once, with
// an event (and its webhook) naming them.
func (s *Service) EnableSMS(ctx context.Context, args domain.EnableSMSArgs) (err error) {
	return s.frame.Job(ctx, "SMS enablement", args.PortInID, func(tx domain.Tx, p *domain.PortIn) error {
		if s.desk.Now().Before(args.Due) {
			return s.desk.NotYet("SMS enablement", args.Due)
		}
		ns, err := tx.PortInNumbers(ctx, p.ID)
		if err != nil {
			return err
		}
		var numbers []string
		for _, n := range ns {
			if n.Status == domain.NumberPorted {
				numbers = append(numbers, n.Number)
			}
		}
		enabled, err := tx.EnableInventorySMS(ctx, numbers, s.desk.Now())
		if err != nil || len(enabled) == 0 {
			return err
		}
		return s.frame.Record(ctx, tx, desk.System(), *p, domain.PortInEvent{Type: domain.EventSMSEnabled, Detail: fmt.Sprintf("SMS enabled on %s", domain.Plural(len(enabled), "number"))})
	})
}

// CompleteNumbers completes some of a request's numbers: they go live now, the others stay
// open. When none is left, the request itself completes.
func (s *Service) CompleteNumbers(ctx context.Context, a domain.Actor, id, version int64, numbers []string) (domain.PortIn, error) {
	return s.frame.Change(ctx, "complete numbers of", a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if err := desk.RequireStaff(a); err != nil {
			return err
		}
		if p.Status != domain.StatusInProgress && p.Status != domain.StatusScheduled {
			return &domain.Error{Code: domain.ErrIllegalTransition, Message: "numbers complete while the port is in progress or scheduled; it is " + p.Status.Label()}
		}
		// A number the customer has not signed for never goes live.
		if err := s.LettersSigned(ctx, tx, *p); err != nil {
			return err
		}
		acc, err := tx.Account(ctx, p.AccountID)
		if err != nil {
			return err
		}
		want := make([]string, 0, len(numbers))
		for _, raw := range numbers {
			n, err := s.desk.Numbers.Parse(raw, acc.Country)
			if err != nil {
				return &domain.Error{Code: domain.ErrInvalid, Message: "not a number: " + raw,
					Fields: []domain.FieldError{{Field: "numbers", Code: "invalid", Message: raw + " is not a phone number."}}}
			}
			want = append(want, n.E164)
		}
		ns, err := tx.PortInNumbers(ctx, p.ID)
		if err != nil {
			return err
		}
		ported, err := tx.MarkNumbersPorted(ctx, p.ID, want)
		if err != nil {
			return err
		}
		if len(ported) == 0 {
			return &domain.Error{Code: domain.ErrInvalid, Message: "none of these numbers is waiting to port on this request",
				Fields: []domain.FieldError{{Field: "numbers", Code: "invalid", Message: "Give numbers of this request not ported yet."}}}
		}
		var live []domain.PortNumber
		left := 0
		for _, n := range ns {
			switch {
			case slices.Contains(ported, n.Number):
				live = append(live, n)
			case n.Status != domain.NumberPorted && n.Status != domain.NumberSetAside:
				left++
			}
		}
		if left == 0 {
			// The last ones: the port is complete. Its numbers went live in this transaction.
			if err := s.activatePorted(ctx, tx, *p, live); err != nil {
				return err
			}
			return s.complete(ctx, tx, a, p, "The last numbers completed")
		}
		if err := s.activatePorted(ctx, tx, *p, live); err != nil {
			return err
		}
		p.UpdatedAt = s.desk.Now()
		if err := tx.UpdatePortIn(ctx, p); err != nil {
			return err
		}
		return s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventNumbersPorted, Reason: strings.Join(ported, "\n"),
			Detail: fmt.Sprintf("%s ported; %s still open", domain.Plural(len(ported), "number"), domain.Plural(left, "number"))})
	})
}

// Took is how long a completed port took from submission, in words.
func Took(p domain.PortIn) string {
	if p.Status != domain.StatusCompleted || p.SubmittedAt == nil {
		return ""
	}
	return took(p.UpdatedAt.Sub(*p.SubmittedAt))
}
