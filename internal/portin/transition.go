package portin

import (
	"context"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// customerCancelWindow: within 48 hours of the FOC the carriers are already working the port;
// only the team, who can reach the carrier, may stop it then.
const customerCancelWindow = 48 * time.Hour

// Transition moves a request to another status: the one path every status change takes, so
// that each is checked against the state machine, versioned and audited the same way.
func (s *Service) Transition(ctx context.Context, a domain.Actor, id, version int64, to domain.Status, reason string) (domain.PortIn, error) {
	op := transitionOp(to)
	reason, err := desk.StatusReason(reason)
	if err != nil {
		Kind.Wrap(&err, op, id)
		return domain.PortIn{}, err
	}
	return s.frame.Change(ctx, op, a, id, version, func(tx domain.Tx, p *domain.PortIn) error {
		if !to.Valid() {
			return &domain.Error{Code: domain.ErrInvalid, Message: "unknown status",
				Fields: []domain.FieldError{{Field: "status", Code: "invalid", Message: "Unknown status."}}}
		}
		from := p.Status
		if err := domain.CheckTransition(from, to, a.Party(), reason); err != nil {
			return err
		}
		if to == domain.StatusSubmitted {
			return s.submit(ctx, tx, a, p, from)
		}
		if to == domain.StatusCompleted {
			return s.complete(ctx, tx, a, p, reason)
		}
		if to == domain.StatusScheduled {
			return &domain.Error{Code: domain.ErrInvalid, Message: "a port is scheduled by recording the FOC the carrier committed to, not by a status change",
				Fields: []domain.FieldError{{Field: "foc", Code: "required", Message: "Give the date and time the carrier committed to."}}}
		}
		if to == domain.StatusCancelled && !a.Staff && p.FOC != nil && p.FOC.Sub(s.desk.Now()) < customerCancelWindow {
			return &domain.Error{Code: domain.ErrIllegalTransition, Message: "the port is less than 48 hours away: the carriers are already working on it, so only our porting team can cancel it now. Add a note or contact them."}
		}
		p.Status, p.StatusReason = to, reason
		p.UpdatedAt = s.desk.Now()
		if err := tx.UpdatePortIn(ctx, p); err != nil {
			return err
		}
		if err := tx.SetPortInNumberStatus(ctx, id, domain.NumberStatusFor(to), to.Open()); err != nil {
			return err
		}
		return s.frame.Record(ctx, tx, a, *p, domain.PortInEvent{Type: domain.EventStatusChanged, From: from, To: to, Reason: reason,
			Detail: from.Label() + " → " + to.Label()})
	})
}

// transitionOp names a move to a status as people say it, for its errors ("cancel port-in
// request 12: …").
func transitionOp(to domain.Status) string {
	switch to {
	case domain.StatusDraft:
		return "reopen"
	case domain.StatusSubmitted:
		return "submit"
	case domain.StatusInProgress:
		return "start work on"
	case domain.StatusScheduled:
		return "schedule"
	case domain.StatusActionRequired:
		return "send back"
	case domain.StatusCompleted:
		return "complete"
	case domain.StatusRejected:
		return "reject"
	case domain.StatusCancelled:
		return "cancel"
	}
	return "change the status of"
}

// Submit sends a complete draft (or a fixed request) to the porting team.
func (s *Service) Submit(ctx context.Context, a domain.Actor, id, version int64) (domain.PortIn, error) {
	return s.Transition(ctx, a, id, version, domain.StatusSubmitted, "")
}

// Cancel withdraws a request that has not ended; its numbers are free for another request.
func (s *Service) Cancel(ctx context.Context, a domain.Actor, id, version int64, reason string) (domain.PortIn, error) {
	return s.Transition(ctx, a, id, version, domain.StatusCancelled, reason)
}
