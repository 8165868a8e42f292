package team

import (
	"context"
	"fmt"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/portin"
)

// Reminder kinds, the start of a reminder event's detail.
const (
	reminderStuck  = "No FOC after"
	reminderFOCEve = "Port tomorrow"
)

// Reminders flags what needs the team and reminds it once: a request without a FOC after
// Config.StuckAfterDays business days, and a scheduled port on the business day before its
// FOC. Each reminder is an event (the team's only) with an email to the team's queue
// address; one already given since the request last changed status or date is not repeated.
func (s *Service) Reminders(ctx context.Context) (sent int, err error) {
	defer desk.Wrap(&err, "reminders")
	var after int64
	for {
		page, err := s.desk.Store.ListPortIns(ctx, domain.PortInFilter{Statuses: []domain.Status{domain.StatusSubmitted, domain.StatusInProgress, domain.StatusScheduled},
			OldestFirst: true, AfterID: after, Limit: 500})
		if err != nil {
			return sent, err
		}
		for _, it := range page {
			after = it.ID
			kind, detail := s.reminderFor(it)
			if kind == "" {
				continue
			}
			done, err := s.remind(ctx, it.PortIn, kind, detail)
			if err != nil {
				return sent, fmt.Errorf("remind the team of %s %d: %w", portin.Kind.Name, it.ID, err)
			}
			if done {
				sent++
			}
		}
		if len(page) < 500 {
			return sent, nil
		}
	}
}

func (s *Service) reminderFor(it domain.PortInSummary) (kind, detail string) {
	country := string(desk.SummaryCountry(it)) // the order's country, not the account's
	switch {
	case it.Status == domain.StatusScheduled && it.FOC != nil:
		tomorrow := leadtime.AddBusinessDays(country, s.desk.Now(), 1).In(leadtime.Zone(country))
		foc := it.FOC.In(leadtime.Zone(country))
		if foc.After(s.desk.Now()) && foc.Year() == tomorrow.Year() && foc.YearDay() == tomorrow.YearDay() {
			return reminderFOCEve, reminderFOCEve + ": the FOC is " + desk.FormatFOC(*it.FOC, country)
		}
	case it.Status == domain.StatusSubmitted || it.Status == domain.StatusInProgress:
		if q := s.Queue(it.PortIn, desk.SummaryCountry(it)); q.Overdue != "" {
			return reminderStuck, q.Overdue
		}
	}
	return "", ""
}

// remind records the reminder unless one of its kind was given since the request's last
// status change or FOC move.
func (s *Service) remind(ctx context.Context, p domain.PortIn, kind, detail string) (bool, error) {
	done := false
	err := s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		es, err := tx.Events(ctx, domain.PortInSubject(p.ID))
		if err != nil {
			return err
		}
		for i := len(es) - 1; i >= 0; i-- {
			e := es[i]
			if e.Type == domain.EventStatusChanged || e.Type == domain.EventFOCChanged {
				break
			}
			if e.Type == domain.EventReminder && strings.HasPrefix(e.Detail, kind) {
				return nil
			}
		}
		done = true
		return s.portins.Frame().Record(ctx, tx, desk.System(), p, domain.PortInEvent{Type: domain.EventReminder, Detail: detail})
	})
	return done, err
}
