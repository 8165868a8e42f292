package team

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/portin"
)

// RequestFix sends a request back to the customer (action required) with one or more
// rejection codes, each shown as a plain fix, and the team's own words.
func (s *Service) RequestFix(ctx context.Context, a domain.Actor, id, version int64, rejections []domain.Rejection, note string) (domain.PortIn, error) {
	const op = "send back"
	var v domain.Validation
	note = v.Text("note", note, domain.ReasonText)
	if len(rejections) == 0 && note == "" {
		v.Add("rejections", "required", "Choose at least one reason, or say what to fix.")
	}
	seen := map[domain.RejectionCode]bool{}
	for i, r := range rejections {
		if _, ok := domain.RejectionByCode(r.Code); !ok {
			v.Add(fmt.Sprintf("rejections[%d].code", i), "invalid", "Unknown rejection code.")
		}
		if seen[r.Code] {
			v.Add(fmt.Sprintf("rejections[%d].code", i), "duplicate", "Each reason once.")
		}
		seen[r.Code] = true
		rejections[i].Note = v.Text(fmt.Sprintf("rejections[%d].note", i), r.Note, domain.LongText)
	}
	if err := v.Err(domain.ErrInvalid, "the fix request is not valid"); err != nil {
		portin.Kind.Wrap(&err, op, id)
		return domain.PortIn{}, err
	}
	return s.portins.Frame().Change(ctx, op, a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if err := desk.RequireStaff(a); err != nil { // after scope: another account's request is 404
			return err
		}
		var fixes []string
		for i, r := range rejections {
			fixes = append(fixes, r.Fix(*p))
			if r.Code != domain.RejectPAC {
				continue
			}
			had, err := portin.RefusePAC(ctx, tx, *p)
			if err != nil {
				return err
			}
			if !had {
				return &domain.Error{Code: domain.ErrInvalid, Message: "the fix request is not valid", Fields: []domain.FieldError{
					{Field: fmt.Sprintf("rejections[%d].code", i), Code: "no_pac", Message: "This request has no PAC to refuse: it has no UK mobile numbers, or the PAC was already taken away."}}}
			}
		}
		if note != "" {
			fixes = append(fixes, note)
		}
		reason := strings.Join(fixes, "\n")
		from := p.Status
		if err := domain.CheckTransition(from, domain.StatusActionRequired, a.Party(), reason); err != nil {
			return err
		}
		// A port sent back loses its date: the carrier will commit to a new one.
		p.Status, p.StatusReason, p.Rejections, p.FOC, p.UpdatedAt = domain.StatusActionRequired, reason, rejections, nil, s.desk.Now()
		if err := tx.UpdatePortIn(ctx, p); err != nil {
			return err
		}
		if err := tx.SetPortInNumberStatus(ctx, id, domain.NumberStatusFor(domain.StatusActionRequired), true); err != nil {
			return err
		}
		var codes []string
		for _, r := range rejections {
			codes = append(codes, r.Code.Label())
		}
		return s.portins.Frame().Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventStatusChanged, From: from, To: domain.StatusActionRequired,
			Reason: reason, Detail: from.Label() + " → " + domain.StatusActionRequired.Label() + codeList(codes)})
	})
}

func codeList(codes []string) string {
	if len(codes) == 0 {
		return ""
	}
	return ": " + strings.Join(codes, "; ")
}

// Schedule records the date and time the carrier committed to (the FOC): the request becomes
// scheduled, or, when it already was, its date moves. The FOC must be in the future and a
// business day of the order's country (its numbers', not the account's); a FOC before the
// earliest date quoted for the order is taken only when confirmEarly says the agent checked
// it. Every set or change is an event and an email.
func (s *Service) Schedule(ctx context.Context, a domain.Actor, id, version int64, foc time.Time, confirmEarly bool) (domain.PortIn, error) {
	return s.portins.Frame().Change(ctx, "record the FOC of", a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if err := desk.RequireStaff(a); err != nil {
			return err
		}
		c, err := s.portins.Country(ctx, tx, *p)
		if err != nil {
			return err
		}
		country := string(c)
		foc = foc.UTC().Truncate(time.Minute)
		var v domain.Validation
		switch {
		case !foc.After(s.desk.Now()):
			v.Add("foc", "past", "The FOC must be in the future.")
		case !leadtime.IsBusinessDay(country, foc):
			v.Add("foc", "not_business_day", fmt.Sprintf("%s is not a business day in %s: carriers port on working days.", desk.FormatFOC(foc, country), country))
		case !confirmEarly:
			earliest, err := s.portins.QuotedEarliest(ctx, tx, *p)
			if err != nil {
				return err
			}
			local := foc.In(leadtime.Zone(country))
			if day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC); earliest != nil && day.Before(*earliest) {
				v.Add("foc", "before_earliest", fmt.Sprintf("%s is before %s, the earliest date quoted for this order: confirm it if the carrier did commit to it.",
					desk.FormatFOC(foc, country), earliest.Format("Monday 2 January 2006")))
			}
		}
		if err := v.Err(domain.ErrInvalid, "the FOC date cannot be used"); err != nil {
			return err
		}
		// A date is for the order the carrier was sent: after a supplemental order, for the
		// letter signed again, which completes the port at the FOC.
		if err := s.portins.LettersSigned(ctx, tx, *p); err != nil {
			return err
		}
		when := desk.FormatFOC(foc, country)
		switch p.Status {
		case domain.StatusScheduled:
			if p.FOC != nil && p.FOC.Equal(foc) {
				return nil
			}
			old := "none"
			if p.FOC != nil {
				old = desk.FormatFOC(*p.FOC, country)
			}
			p.FOC, p.UpdatedAt = &foc, s.desk.Now()
			if err := tx.UpdatePortIn(ctx, p); err != nil {
				return err
			}
			if err := s.portins.ScheduleCompletion(ctx, tx, *p); err != nil {
				return err
			}
			return s.portins.Frame().Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventFOCChanged, Detail: "FOC moved from " + old + " to " + when})
		default:
			from := p.Status
			if err := domain.CheckTransition(from, domain.StatusScheduled, a.Party(), ""); err != nil {
				return err
			}
			p.Status, p.StatusReason, p.FOC, p.UpdatedAt = domain.StatusScheduled, "", &foc, s.desk.Now()
			if err := tx.UpdatePortIn(ctx, p); err != nil {
				return err
			}
			if err := tx.SetPortInNumberStatus(ctx, id, domain.NumberStatusFor(domain.StatusScheduled), true); err != nil {
				return err
			}
			if err := s.portins.ScheduleCompletion(ctx, tx, *p); err != nil {
				return err
			}
			return s.portins.Frame().Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventStatusChanged, From: from, To: domain.StatusScheduled,
				Detail: from.Label() + " → " + domain.StatusScheduled.Label() + ": FOC " + when})
		}
	})
}

// Assign gives a request to a member of the porting team (0: nobody).
func (s *Service) Assign(ctx context.Context, a domain.Actor, id, version, userID int64) (domain.PortIn, error) {
	const op = "assign"
	name := "nobody"
	if userID != 0 && a.Staff {
		u, err := s.desk.Store.User(ctx, userID)
		if err != nil && !domain.IsCode(err, domain.ErrNotFound) {
			err = fmt.Errorf("user %d: %w", userID, err) // the store failing is not "no such member"
			portin.Kind.Wrap(&err, op, id)
			return domain.PortIn{}, err
		}
		if err != nil || !u.Staff {
			err = &domain.Error{Code: domain.ErrInvalid, Message: "assign to a member of the porting team",
				Fields: []domain.FieldError{{Field: "user_id", Code: "invalid", Message: "Not a member of the porting team."}}}
			portin.Kind.Wrap(&err, op, id)
			return domain.PortIn{}, err
		}
		name = desk.OrDefault(u.Name, u.Email)
	}
	return s.portins.Frame().Change(ctx, op, a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if err := desk.RequireStaff(a); err != nil {
			return err
		}
		if p.AssignedTo == userID {
			return nil
		}
		p.AssignedTo, p.UpdatedAt = userID, s.desk.Now()
		if err := tx.UpdatePortIn(ctx, p); err != nil {
			return err
		}
		return s.portins.Frame().Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventAssigned, Detail: "Assigned to " + name})
	})
}
