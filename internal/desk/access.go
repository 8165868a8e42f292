package desk

import (
	"context"
	"slices"

	"github.com/portdesk/portdesk/internal/domain"
)

// scope is the set of accounts an actor may see: nil for staff (everything), else the
// actor's account and its sub-accounts.
type scope []int64

func (s *Service) scopeOf(ctx context.Context, q domain.Queries, a domain.Actor) (scope, error) {
	if a.Staff {
		return nil, nil
	}
	if a.AccountID == 0 {
		return scope{}, nil
	}
	return q.AccountSubtree(ctx, a.AccountID)
}

func (sc scope) sees(accountID int64) bool {
	return sc == nil || slices.Contains(sc, accountID)
}

// notFound is what an actor gets for anything outside its accounts: the same answer as for
// something that does not exist, so nothing leaks.
func notFound(what string) error { return domain.Errorf(domain.ErrNotFound, "%s not found", what) }

// visibleOf loads something of one account that the actor may see: another account's, like
// a missing one, is not found, so nothing leaks.
func visibleOf[T any](ctx context.Context, s *Service, q domain.Queries, a domain.Actor, what string,
	load func() (T, error), accountOf func(T) int64) (T, error) {
	var none T
	v, err := load()
	if domain.IsCode(err, domain.ErrNotFound) {
		return none, notFound(what)
	}
	if err != nil {
		return none, err
	}
	sc, err := s.scopeOf(ctx, q, a)
	if err != nil {
		return none, err
	}
	if !sc.sees(accountOf(v)) {
		return none, notFound(what)
	}
	return v, nil
}

// visiblePortIn loads a request the actor may see.
func (s *Service) visiblePortIn(ctx context.Context, q domain.Queries, a domain.Actor, id int64) (domain.PortIn, error) {
	return visibleOf(ctx, s, q, a, "port-in request", func() (domain.PortIn, error) { return q.PortIn(ctx, id) },
		func(p domain.PortIn) int64 { return p.AccountID })
}

// visibleAccount loads an account the actor may see.
func (s *Service) visibleAccount(ctx context.Context, q domain.Queries, a domain.Actor, id int64) (domain.Account, error) {
	sc, err := s.scopeOf(ctx, q, a)
	if err != nil {
		return domain.Account{}, err
	}
	if !sc.sees(id) {
		return domain.Account{}, notFound("account")
	}
	acc, err := q.Account(ctx, id)
	if domain.IsCode(err, domain.ErrNotFound) {
		return acc, notFound("account")
	}
	return acc, err
}

func requireStaff(a domain.Actor) error {
	if !a.Staff {
		return domain.Errorf(domain.ErrForbidden, "only the porting team can do this")
	}
	return nil
}

func requireAdmin(a domain.Actor) error {
	if a.Role != domain.RoleAdmin {
		return domain.Errorf(domain.ErrForbidden, "only an admin can do this")
	}
	return nil
}

// checkVersion enforces optimistic locking before a change: every change must name the
// version it was based on.
func checkVersion(p domain.PortIn, version int64) error {
	return versionIs("request", p.Version, version)
}

// versionIs is the optimistic lock of every change: the version the actor named must be the
// one stored, so that nobody overwrites what they have not seen.
func versionIs(what string, stored, given int64) error {
	if given <= 0 {
		return domain.Errorf(domain.ErrVersionRequired, "send the %s's version (If-Match header or \"version\" field) with every change", what)
	}
	if given != stored {
		return domain.Errorf(domain.ErrStale, "the %s has changed since version %d (it is now at version %d): reload it and try again", what, given, stored)
	}
	return nil
}

// change runs fn on a request the actor can see, at the version the actor named, in one
// transaction: the frame of every change to a request.
func (s *Service) change(ctx context.Context, a domain.Actor, id, version int64, fn func(tx domain.Tx, p *domain.PortIn) error) (domain.PortIn, error) {
	var p domain.PortIn
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		var err error
		if p, err = s.visiblePortIn(ctx, tx, a, id); err != nil {
			return err
		}
		if err := checkVersion(p, version); err != nil {
			return err
		}
		return fn(tx, &p)
	})
	return p, err
}

// record writes an audit event in the caller's transaction.
func (s *Service) record(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortIn, e domain.Event) error {
	e.PortInID = p.ID
	e.AccountID = p.AccountID
	e.ActorID = a.UserID
	e.ActorName = actorName(a)
	e.At = s.now()
	if err := tx.AddEvent(ctx, &e); err != nil {
		return err
	}
	if e.Type == domain.EventNoteAdded {
		return nil // recordNote enqueues its email and webhooks, with the note
	}
	if err := s.enqueueHooks(ctx, tx, p, e, nil); err != nil {
		return err
	}
	if p.ParentID != 0 && e.Type == domain.EventStatusChanged && e.From == domain.StatusDraft {
		return nil // an order born of a split: the request's own email tells of all its orders
	}
	return s.enqueueEmail(ctx, tx, e, 0)
}

// recordNote records a customer-visible note's event; a note from the team is emailed to the
// customer (the customer's own notes reach the team on the desk).
func (s *Service) recordNote(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortIn, n domain.Note) error {
	e := domain.Event{PortInID: p.ID, AccountID: p.AccountID, ActorID: a.UserID, ActorName: actorName(a), Type: domain.EventNoteAdded,
		Detail: "Note added", At: s.now()}
	if err := tx.AddEvent(ctx, &e); err != nil {
		return err
	}
	if err := s.enqueueHooks(ctx, tx, p, e, &n); err != nil {
		return err
	}
	if !a.Staff {
		return nil
	}
	return s.enqueueEmail(ctx, tx, e, n.ID)
}

func actorName(a domain.Actor) string {
	switch {
	case a.UserID == 0:
		return "PortDesk"
	case a.Name != "":
		return a.Name
	default:
		return a.Email
	}
}
