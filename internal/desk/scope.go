package desk

import (
	"context"
	"slices"

	"github.com/portdesk/portdesk/internal/domain"
)

// Scope is the set of accounts an actor may see: nil for staff (everything), else the
// actor's account and its sub-accounts.
type Scope []int64

// ScopeOf is what a sees.
func (d *Desk) ScopeOf(ctx context.Context, q domain.Queries, a domain.Actor) (Scope, error) {
	if a.Staff {
		return nil, nil
	}
	if a.AccountID == 0 {
		return Scope{}, nil
	}
	if t := a.Subtree; t != nil && t.Root == a.AccountID {
		return slices.Clone(t.IDs), nil // read with the actor, in this request; each caller's own
	}
	return q.AccountSubtree(ctx, a.AccountID)
}

// Sees reports whether the scope takes in the account.
func (sc Scope) Sees(accountID int64) bool {
	return sc == nil || slices.Contains(sc, accountID)
}

// NotFound is what an actor gets for anything outside its accounts: the same answer as for
// something that does not exist, so nothing leaks.
func NotFound(what string) error { return domain.Errorf(domain.ErrNotFound, "%s not found", what) }

// Visible loads something of one account that the actor may see: another account's, like a
// missing one, is not found, so nothing leaks.
func Visible[T any](ctx context.Context, d *Desk, q domain.Queries, a domain.Actor, what string,
	load func() (T, error), accountOf func(T) int64) (T, error) {
	v, _, err := VisibleScoped(ctx, d, q, a, what, load, accountOf)
	return v, err
}

// VisibleScoped is Visible that also gives the actor's scope it read, for a caller that
// needs it again in the same request (a GET checks numbers against the same subtree).
func VisibleScoped[T any](ctx context.Context, d *Desk, q domain.Queries, a domain.Actor, what string,
	load func() (T, error), accountOf func(T) int64) (T, Scope, error) {
	var none T
	v, err := load()
	if domain.IsCode(err, domain.ErrNotFound) {
		return none, nil, NotFound(what)
	}
	if err != nil {
		return none, nil, err
	}
	sc, err := d.ScopeOf(ctx, q, a)
	if err != nil {
		return none, nil, err
	}
	if !sc.Sees(accountOf(v)) {
		return none, nil, NotFound(what)
	}
	return v, sc, nil
}

// VisibleAccount loads an account the actor may see.
func (d *Desk) VisibleAccount(ctx context.Context, q domain.Queries, a domain.Actor, id int64) (domain.Account, error) {
	sc, err := d.ScopeOf(ctx, q, a)
	if err != nil {
		return domain.Account{}, err
	}
	if !sc.Sees(id) {
		return domain.Account{}, NotFound("account")
	}
	acc, err := q.Account(ctx, id)
	if domain.IsCode(err, domain.ErrNotFound) {
		return acc, NotFound("account")
	}
	return acc, err
}

// RequireStaff lets only the porting team through.
func RequireStaff(a domain.Actor) error {
	if !a.Staff {
		return domain.Errorf(domain.ErrForbidden, "only the porting team can do this")
	}
	return nil
}

// RequireAdmin lets only admins through: the team's, or a customer's.
func RequireAdmin(a domain.Actor) error {
	if a.Role != domain.RoleAdmin {
		return domain.Errorf(domain.ErrForbidden, "only an admin can do this")
	}
	return nil
}

// System is the operator itself acting: at first start, in the admin CLI, in the jobs.
func System() domain.Actor {
	return domain.Actor{Staff: true, Role: domain.RoleAdmin, Name: "PortDesk"}
}

// ActorName is who did something, as the timeline and the audit log name them.
func ActorName(a domain.Actor) string {
	switch {
	case a.UserID == 0:
		return "PortDesk"
	case a.Name != "":
		return a.Name
	default:
		return a.Email
	}
}
