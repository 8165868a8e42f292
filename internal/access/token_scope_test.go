package access_test

import (
	"slices"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// An API token's actor carries its scope, read with the token: the customer's account and
// the accounts below it, as a scope read on its own says, sub-accounts made since the
// token included. An actor whose account is changed after (acting for a sub-account) does
// not take the scope of the account it came from; the team's actor carries none.
func TestTokenActorCarriesItsScope(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Scoped Co", 0, domain.CountryGB)
		sub := env.NewCustomer(t, "Scoped Co Branch", c.Account.ID, domain.CountryGB)
		env.NewCustomer(t, "Elsewhere Ltd", 0, domain.CountryGB)
		a, err := env.Access.TokenActor(ctx, c.Token)
		if err != nil {
			t.Fatal(err)
		}
		if a.Subtree == nil || a.Subtree.Root != c.Account.ID || !slices.Equal(a.Subtree.IDs, []int64{c.Account.ID, sub.Account.ID}) {
			t.Fatalf("the token's actor carries %+v", a.Subtree)
		}
		// With the account's own row, as the store reads it, for a request in it.
		stored, err := env.Store.Account(ctx, c.Account.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := a.Subtree.AccountFor(c.Account.ID); !ok || got != stored {
			t.Fatalf("the token's actor carries the account %+v %v, stored %+v", got, ok, stored)
		}
		if _, ok := a.Subtree.AccountFor(sub.Account.ID); ok {
			t.Fatal("the token's actor claims to carry the sub-account's row")
		}
		// A web session carries the same.
		session, _, err := env.Access.Login(ctx, c.Admin.Email, c.Password, "192.0.2.7")
		if err != nil {
			t.Fatal(err)
		}
		sa, _, err := env.Access.SessionActor(ctx, session)
		if err != nil {
			t.Fatal(err)
		}
		if sa.Subtree == nil || sa.Subtree.Root != c.Account.ID || !slices.Equal(sa.Subtree.IDs, a.Subtree.IDs) || sa.Subtree.Account != stored {
			t.Fatalf("the session's actor carries %+v", sa.Subtree)
		}
		read, err := env.Desk.ScopeOf(ctx, env.Store, domain.Actor{AccountID: c.Account.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := env.Desk.ScopeOf(ctx, env.Store, a); err != nil || !slices.Equal(got, read) {
			t.Fatalf("scope %v %v, read on its own %v", got, err, read)
		}
		moved := a
		moved.AccountID = sub.Account.ID
		if got, err := env.Desk.ScopeOf(ctx, env.Store, moved); err != nil || !slices.Equal(got, []int64{sub.Account.ID}) {
			t.Fatalf("acting for the sub-account: scope %v %v", got, err)
		}
		_, staffToken := env.NewStaff(t, "scope-agent@portdesk.test", domain.RoleAgent)
		staff, err := env.Access.TokenActor(ctx, staffToken)
		if err != nil {
			t.Fatal(err)
		}
		if staff.Subtree != nil {
			t.Fatalf("the team's actor carries %+v", staff.Subtree)
		}
		if got, err := env.Desk.ScopeOf(ctx, env.Store, staff); err != nil || got != nil {
			t.Fatalf("the team's scope %v %v", got, err)
		}
	})
}
