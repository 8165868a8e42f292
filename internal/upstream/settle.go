package upstream

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// settle brings our request where its parts at the carrier put it, one legal move at a time
// through the request's and the team's own use cases (so each move is checked, versioned,
// recorded and emailed as if the team had made it): in process → in progress, a date →
// scheduled at the carrier's FOC, ported → completed (its numbers activated once, as any
// completion), a refusal → action required with the carrier's reasons as our rejection
// codes. changed is the part as just read, not yet saved. A refusal sends the request back
// only when it is new, so one the customer has since fixed is not sent back again.
func (s *Service) settle(ctx context.Context, changed domain.CarrierOrder, newlyRefused bool) error {
	parts, err := s.desk.Store.CarrierOrders(ctx, changed.PortInID)
	if err != nil {
		return err
	}
	for i := range parts {
		if parts[i].ID == changed.ID {
			parts[i] = changed
		}
	}
	want, foc, refusals := standing(parts)
	sys := desk.System()
	// Each move changes the request's status, so this ends within a few turns.
	for range 4 {
		p, err := s.desk.Store.PortIn(ctx, changed.PortInID)
		if err != nil {
			return err
		}
		switch {
		case !p.Status.Open() || p.Status == domain.StatusDraft:
			return nil
		case want == domain.CarrierRefused:
			if !newlyRefused || p.Status == domain.StatusActionRequired {
				return nil
			}
			rs, note := rejections(refusals)
			_, err = s.team.RequestFix(ctx, sys, p.ID, p.Version, rs, note)
			return err
		case want == domain.CarrierDraft || want == domain.CarrierCancelled:
			return nil
		case p.Status == domain.StatusSubmitted:
			_, err = s.portins.Transition(ctx, sys, p.ID, p.Version, domain.StatusInProgress, "")
		case want == domain.CarrierInProcess || p.Status == domain.StatusActionRequired:
			return nil // the customer's fix goes back to the carrier by the sync job
		case p.Status == domain.StatusInProgress || (want == domain.CarrierFOCConfirmed && foc != nil && (p.FOC == nil || !p.FOC.Equal(foc.UTC().Truncate(time.Minute)))):
			err = s.schedule(ctx, p, foc)
		case want == domain.CarrierPorted && p.Status == domain.StatusScheduled:
			_, err = s.portins.Transition(ctx, sys, p.ID, p.Version, domain.StatusCompleted, "Ported: the carrier reported it")
			return err
		default:
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// schedule records the carrier's FOC as the team would; a date the team's checks would
// refuse (in the past when the news came late, or not a business day) is still the date the
// carrier committed to, and is recorded as it said.
func (s *Service) schedule(ctx context.Context, p domain.PortIn, foc *time.Time) error {
	when := s.desk.Now()
	if foc != nil {
		when = *foc
	}
	_, err := s.team.Schedule(ctx, desk.System(), p.ID, p.Version, when, true)
	var de *domain.Error
	if err == nil || !errors.As(err, &de) || de.Code != domain.ErrInvalid {
		return err
	}
	return s.portins.Frame().Job(ctx, "record the carrier's FOC", p.ID, func(tx domain.Tx, p *domain.PortIn) error {
		from := p.Status
		if err := domain.CheckTransition(from, domain.StatusScheduled, domain.PartyStaff, ""); err != nil && from != domain.StatusScheduled {
			return err
		}
		at := when.UTC().Truncate(time.Minute)
		p.Status, p.StatusReason, p.FOC, p.UpdatedAt = domain.StatusScheduled, "", &at, s.desk.Now()
		if err := tx.UpdatePortIn(ctx, p); err != nil {
			return err
		}
		if err := tx.SetPortInNumberStatus(ctx, p.ID, domain.NumberStatusFor(domain.StatusScheduled), true); err != nil {
			return err
		}
		if err := s.portins.ScheduleCompletion(ctx, tx, *p); err != nil {
			return err
		}
		detail := "FOC " + at.Format("Monday 2 January 2006 15:04 MST") + ", as the carrier committed"
		e := domain.PortInEvent{Type: domain.EventFOCChanged, Detail: detail}
		if from != domain.StatusScheduled {
			e = domain.PortInEvent{Type: domain.EventStatusChanged, From: from, To: domain.StatusScheduled, Detail: from.Label() + " → " + domain.StatusScheduled.Label() + ": " + detail}
		}
		return s.portins.Frame().Record(ctx, tx, desk.System(), *p, e)
	})
}

// rejections turn the carrier's reasons into ours, each once, with the carrier's words as
// the note; reasons with no code of ours are said in the team's note.
func rejections(es []domain.CarrierException) ([]domain.Rejection, string) {
	var rs []domain.Rejection
	var rest []string
	seen := map[domain.RejectionCode]int{}
	for _, e := range es {
		words := strings.TrimSpace(e.Description)
		if words == "" {
			words = e.Code
		}
		if e.Rejection == "" {
			rest = append(rest, words)
			continue
		}
		if i, ok := seen[e.Rejection]; ok {
			rs[i].Note += "; “" + words + "”"
			continue
		}
		seen[e.Rejection] = len(rs)
		rs = append(rs, domain.Rejection{Code: e.Rejection, Note: "The carrier said: “" + words + "”"})
	}
	note := ""
	if len(rest) > 0 || len(rs) == 0 {
		note = "The carrier refused the order"
		if len(rest) > 0 {
			note += ": " + strings.Join(rest, "; ")
		}
		note += "."
	}
	return rs, note
}
