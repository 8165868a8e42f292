package desk

import (
	"context"
	"fmt"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// customerMayAct says whether a customer's user may act on a port-out at all (withdraw it, add
// its documents): only the team answers a gaining provider, so only an admin, on a move the
// account announced itself.
func customerMayAct(a domain.Actor, p domain.PortOut) bool {
	return a.Role == domain.RoleAdmin && p.Origin == domain.PortOutAnnounced
}

// visiblePortOut loads a port-out the actor may see: another account's is not found.
func (s *Service) visiblePortOut(ctx context.Context, q domain.Queries, a domain.Actor, id int64) (domain.PortOut, error) {
	return visibleOf(ctx, s, q, a, "port-out", func() (domain.PortOut, error) { return q.PortOut(ctx, id) },
		func(p domain.PortOut) int64 { return p.AccountID })
}

// changePortOut runs fn on a port-out the actor sees, at the version it named, in one
// transaction: the frame of every change to a port-out.
func (s *Service) changePortOut(ctx context.Context, a domain.Actor, id, version int64, fn func(tx domain.Tx, p *domain.PortOut) error) (domain.PortOut, error) {
	var p domain.PortOut
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if p, err = s.visiblePortOut(ctx, tx, a, id); err != nil {
			return err
		}
		if err := versionIs("port-out", p.Version, version); err != nil {
			return err
		}
		return fn(tx, &p)
	})
	return p, err
}

// movePortOut is the one path of every port-out status change: checked against the state
// machine, its numbers following, the inventory put back when it ends without leaving, and
// audited with its email and webhooks. note is added to the timeline's detail.
func (s *Service) movePortOut(ctx context.Context, tx domain.Tx, a domain.Actor, p *domain.PortOut, to domain.PortOutStatus, reason, note string) error {
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
	p.Status, p.StatusReason, p.UpdatedAt = to, reason, s.now()
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
		if _, err := tx.SetInventoryStatus(ctx, p.AccountID, held, domain.InventoryPortingOut, domain.InventoryActive, s.now()); err != nil {
			return err
		}
	case domain.PortOutCompleted:
		var err error
		if released, err = s.releasePortOut(ctx, tx, a, *p, held); err != nil {
			return err
		}
		fee, err := s.chargePortOut(ctx, tx, a, *p, released)
		if err != nil {
			return err
		}
		note = strings.TrimSpace(note + " " + fmt.Sprintf("%s released.", plural(len(released), "number")) + " " + fee)
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
	return s.recordPortOut(ctx, tx, a, *p, domain.Event{Type: domain.EventStatusChanged, From: domain.Status(from), To: domain.Status(to),
		Reason: reason, Detail: detail}, released)
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
		Allowed: []domain.Status{domain.Status(domain.PortOutRejected), domain.Status(domain.PortOutCancelled)}}
}

// AuthorizePortOut lets the gaining provider take the numbers (the team). Authorizing over a
// failed check needs a reason: the timeline says why the team overrode it.
func (s *Service) AuthorizePortOut(ctx context.Context, a domain.Actor, id, version int64, reason string) (domain.PortOut, error) {
	reason, err := statusReason(reason)
	if err != nil {
		return domain.PortOut{}, err
	}
	return s.changePortOut(ctx, a, id, version, func(tx domain.Tx, p *domain.PortOut) error {
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
		return s.movePortOut(ctx, tx, a, p, domain.PortOutAuthorized, reason, note)
	})
}

// RejectPortOut refuses a port-out with the codes the gaining provider is sent (the team's
// form is prefilled with the failed checks' codes) and an optional note.
func (s *Service) RejectPortOut(ctx context.Context, a domain.Actor, id, version int64, rejections []domain.Rejection, note string) (domain.PortOut, error) {
	return s.changePortOut(ctx, a, id, version, func(tx domain.Tx, p *domain.PortOut) error {
		if err := requireStaff(a); err != nil {
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
			if len(r.Note) > maxText {
				v.Add(fmt.Sprintf("rejections[%d].note", i), "too_long", "Keep each note under 200 characters.")
			}
			if !seen[r.Code] {
				seen[r.Code] = true
				rs = append(rs, domain.Rejection{Code: r.Code, Note: strings.TrimSpace(r.Note)})
			}
		}
		note = statusNote(&v, "note", note)
		if err := v.Err(domain.ErrInvalid, "the rejection is not valid"); err != nil {
			return err
		}
		p.Rejections = rs
		codes := make([]string, len(rs))
		for i, r := range rs {
			codes[i] = string(r.Code)
		}
		return s.movePortOut(ctx, tx, a, p, domain.PortOutRejected, rejectionReason(rs, note), strings.Join(codes, ", "))
	})
}

// CompletePortOut ends an authorized port-out: the numbers leave (released, routing removed)
// and the port-out fee is charged per number, once.
func (s *Service) CompletePortOut(ctx context.Context, a domain.Actor, id, version int64) (domain.PortOut, error) {
	return s.changePortOut(ctx, a, id, version, func(tx domain.Tx, p *domain.PortOut) error {
		if err := domain.CheckPortOutTransition(p.Status, domain.PortOutCompleted, a.Party(), ""); err != nil {
			return err
		}
		if locked, err := lockedNow(ctx, tx, *p); err != nil || locked {
			if err == nil {
				err = errLocked()
			}
			return err
		}
		return s.movePortOut(ctx, tx, a, p, domain.PortOutCompleted, "", "")
	})
}

// CancelPortOut withdraws a port-out that has not ended. The team may cancel any (the gaining
// provider withdrew); a customer's admin only a move the account announced itself: a gaining
// provider's request is stopped by a lock, or the team's rejection.
func (s *Service) CancelPortOut(ctx context.Context, a domain.Actor, id, version int64, reason string) (domain.PortOut, error) {
	reason, err := statusReason(reason)
	if err != nil {
		return domain.PortOut{}, err
	}
	return s.changePortOut(ctx, a, id, version, func(tx domain.Tx, p *domain.PortOut) error {
		if !a.Staff {
			if err := requireAdmin(a); err != nil {
				return err
			}
			if !customerMayAct(a, *p) {
				return domain.Errorf(domain.ErrForbidden, "this port-out came from the gaining provider: lock port-outs to stop it, or ask the porting team")
			}
		}
		return s.movePortOut(ctx, tx, a, p, domain.PortOutCancelled, reason, "")
	})
}
