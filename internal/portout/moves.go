package portout

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// customerMayAct says whether a customer's user may act on a port-out at all (withdraw it, add
// its documents): only the team answers a gaining provider, so only an admin, on a move the
// account announced itself.
func customerMayAct(a domain.Actor, p domain.PortOut) bool {
	return a.Role == domain.RoleAdmin && p.Origin == domain.PortOutAnnounced
}

// move is the one path of every port-out status change: checked against the state
// machine, its numbers following, the inventory put back when it ends without leaving, and
// audited with its email and webhooks. note is added to the timeline's detail.
func (s *Service) move(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortOut, to domain.PortOutStatus, reason, note string) error {
	from := p.Status
	if err := domain.CheckPortOutTransition(from, to, a.Party(), reason); err != nil {
		return err
	}
	var held []string
	for _, n := range p.Numbers {
		if n.Held {
			held = append(held, n.Number)
		}
	}
	p.Status, p.StatusReason, p.UpdatedAt = to, reason, s.desk.Now()
	if to != domain.PortOutPending {
		p.AutoAuthorizeAt = nil // answered: auto-authorization has nothing left to do
	}
	if to != domain.PortOutRejected {
		p.Rejections = nil
	}
	if err := tx.UpdatePortOut(ctx, p); err != nil {
		return err
	}
	if err := tx.SetPortOutNumberStatus(ctx, p.ID, to, to.Open()); err != nil {
		return err
	}
	var released []string
	switch to {
	case domain.PortOutRejected, domain.PortOutCancelled:
		// The numbers stay: back to active, those this port-out marked and no other.
		if _, err := tx.SetInventoryStatus(ctx, p.AccountID, held, domain.InventoryPortingOut, domain.InventoryActive, s.desk.Now()); err != nil {
			return err
		}
	case domain.PortOutCompleted:
		var err error
		if released, err = s.releasePortOut(ctx, tx, *p, held); err != nil {
			return err
		}
		fee, err := s.billing.ChargePortOut(ctx, tx, a, *p, released)
		if err != nil {
			return err
		}
		note = strings.TrimSpace(note + " " + fmt.Sprintf("%s released.", domain.Plural(len(released), "number")) + " " + fee)
	}
	for i := range p.Numbers {
		p.Numbers[i].Status = domain.PortOutNumberStatusFor(to, p.Numbers[i].Outcome != "")
		if !to.Open() {
			p.Numbers[i].Held = false
		}
	}
	detail := from.Label() + " → " + to.Label()
	if note != "" {
		detail += ": " + note
	}
	return s.recordReleased(ctx, tx, a, *p, released, domain.PortOutEvent{Type: domain.EventStatusChanged, From: from, To: to,
		Reason: reason, Detail: detail})
}

// releasePortOut takes the port-out's numbers out of the account's inventory: released, their
// receiving numbers and tracking sources cleared. Only the numbers it held are its to release,
// and a number released once is not released again.
func (s *Service) releasePortOut(ctx context.Context, tx domain.Tx, p domain.PortOut, held []string) ([]string, error) {
	released, err := tx.ReleaseInventoryNumbers(ctx, p.AccountID, held, s.desk.Now())
	slices.Sort(released)
	return released, err
}

// lockedNow reports whether the account or one of the port-out's numbers is locked now: a lock
// set after a port-out arrived still stops it.
func lockedNow(ctx context.Context, q domain.Queries, p domain.PortOut) (bool, error) {
	pr, err := q.PortOutProtection(ctx, p.AccountID)
	if err != nil || pr.Locked {
		return pr.Locked, err
	}
	locks, err := q.NumberLocks(ctx, p.NumberList())
	if err != nil {
		return false, err
	}
	for _, l := range locks {
		if l.AccountID == p.AccountID {
			return true, nil
		}
	}
	return false, nil
}

func errLocked() error {
	return &domain.Error{Code: domain.ErrIllegalTransition, Message: "the account's admins have locked these numbers against porting out: reject the port-out with the lock code",
		Allowed: domain.StatusNames([]domain.PortOutStatus{domain.PortOutRejected, domain.PortOutCancelled})}
}

// Authorize lets the gaining provider take the numbers (the team). Authorizing over a
// failed check needs a reason: the timeline says why the team overrode it.
func (s *Service) Authorize(ctx context.Context, a domain.Actor, id, version int64, reason string) (domain.PortOut, error) {
	const op = "authorize"
	reason, err := desk.StatusReason(reason)
	if err != nil {
		Kind.Wrap(&err, op, id)
		return domain.PortOut{}, err
	}
	return s.frame.Change(ctx, op, a, id, version, func(tx domain.Tx, p *domain.PortOut) error {
		if err := domain.CheckPortOutTransition(p.Status, domain.PortOutAuthorized, a.Party(), reason); err != nil {
			return err
		}
		if p.Failed() && reason == "" {
			return &domain.Error{Code: domain.ErrInvalid, Message: "some checks failed: say why you authorize it anyway",
				Fields: []domain.FieldError{{Field: "reason", Code: "required", Message: "Give the reason to authorize over the failed checks."}}}
		}
		if locked, err := lockedNow(ctx, tx, *p); err != nil || locked {
			if err == nil {
				err = errLocked()
			}
			return err
		}
		note := ""
		if p.Failed() {
			note = "over failed checks"
		}
		return s.move(ctx, tx, a, p, domain.PortOutAuthorized, reason, note)
	})
}

// Reject refuses a port-out with the codes the gaining provider is sent (the team's
// form is prefilled with the failed checks' codes) and an optional note.
func (s *Service) Reject(ctx context.Context, a domain.Actor, id, version int64, rejections []domain.Rejection, note string) (domain.PortOut, error) {
	return s.frame.Change(ctx, "reject", a, id, version, func(tx domain.Tx, p *domain.PortOut) error {
		if err := desk.RequireStaff(a); err != nil {
			return err
		}
		var v domain.Validation
		if len(rejections) == 0 {
			v.Add("rejections", "required", "Choose at least one rejection code.")
		}
		seen := map[domain.RejectionCode]bool{}
		var rs []domain.Rejection
		for i, r := range rejections {
			if !domain.PortOutRejectionCode(r.Code) {
				v.Add(fmt.Sprintf("rejections[%d].code", i), "invalid", "A port-out cannot be rejected with "+string(r.Code)+".")
				continue
			}
			note := v.Text(fmt.Sprintf("rejections[%d].note", i), r.Note, domain.ShortText)
			if !seen[r.Code] {
				seen[r.Code] = true
				rs = append(rs, domain.Rejection{Code: r.Code, Note: note})
			}
		}
		note = v.Text("note", note, domain.ReasonText)
		if err := v.Err(domain.ErrInvalid, "the rejection is not valid"); err != nil {
			return err
		}
		p.Rejections = rs
		codes := make([]string, len(rs))
		for i, r := range rs {
			codes[i] = r.Code.Label()
		}
		return s.move(ctx, tx, a, p, domain.PortOutRejected, rejectionReason(rs, note), strings.Join(codes, "; "))
	})
}

// Complete ends an authorized port-out: the numbers leave (released, routing removed)
// and the port-out fee is charged per number, once.
func (s *Service) Complete(ctx context.Context, a domain.Actor, id, version int64) (domain.PortOut, error) {
	return s.frame.Change(ctx, "complete", a, id, version, func(tx domain.Tx, p *domain.PortOut) error {
		if err := domain.CheckPortOutTransition(p.Status, domain.PortOutCompleted, a.Party(), ""); err != nil {
			return err
		}
		if locked, err := lockedNow(ctx, tx, *p); err != nil || locked {
			if err == nil {
				err = errLocked()
			}
			return err
		}
		return s.move(ctx, tx, a, p, domain.PortOutCompleted, "", "")
	})
}

// Cancel withdraws a port-out that has not ended. The team may cancel any (the gaining
// provider withdrew); a customer's admin only a move the account announced itself: a gaining
// provider's request is stopped by a lock, or the team's rejection.
func (s *Service) Cancel(ctx context.Context, a domain.Actor, id, version int64, reason string) (domain.PortOut, error) {
	const op = "cancel"
	reason, err := desk.StatusReason(reason)
	if err != nil {
		Kind.Wrap(&err, op, id)
		return domain.PortOut{}, err
	}
	return s.frame.Change(ctx, op, a, id, version, func(tx domain.Tx, p *domain.PortOut) error {
		if !a.Staff {
			if err := desk.RequireAdmin(a); err != nil {
				return err
			}
			if !customerMayAct(a, *p) {
				return domain.Errorf(domain.ErrForbidden, "this port-out came from the gaining provider: lock port-outs to stop it, or ask the porting team")
			}
		}
		return s.move(ctx, tx, a, p, domain.PortOutCancelled, reason, "")
	})
}
