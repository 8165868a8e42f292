package access_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// An error keeps its code through every layer and says what was being done, by IDs: never
// a password, a token or an email address.
func TestErrorsNameTheOperation(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	const missing = 987654
	const newEmail = "new.user@acme.example"
	const wrong = "not the password at all"
	tz := "Mars/Olympus_Mons"
	tests := []struct {
		op   string
		code domain.ErrorCode
		call func() error
	}{
		{"login", domain.ErrUnauthenticated, func() error {
			_, _, err := env.Access.Login(ctx, c.Admin.Email, wrong, "192.0.2.1")
			return err
		}},
		{"resolve the session", domain.ErrUnauthenticated, func() error {
			_, _, err := env.Access.SessionActor(ctx, "")
			return err
		}},
		{fmt.Sprintf("get account %d", missing), domain.ErrNotFound, func() error {
			_, err := env.Access.Account(ctx, c.Actor, missing)
			return err
		}},
		{fmt.Sprintf("update account %d", c.Account.ID), domain.ErrInvalid, func() error {
			_, err := env.Access.UpdateAccount(ctx, c.Actor, c.Account.ID, access.AccountChanges{TimeZone: &tz})
			return err
		}},
		{fmt.Sprintf("create a user of account %d", missing), domain.ErrNotFound, func() error {
			_, _, err := env.Access.CreateUser(ctx, c.Actor, access.NewUser{AccountID: missing, Role: domain.RoleMember, Email: newEmail})
			return err
		}},
		{fmt.Sprintf("revoke API token %d of user %d", missing, c.Admin.ID), domain.ErrNotFound, func() error {
			return env.Access.RevokeToken(ctx, c.Actor, missing)
		}},
	}
	secrets := []string{c.Admin.Email, newEmail, wrong, c.Token}
	noSecrets := func(err error) {
		t.Helper()
		for _, s := range secrets {
			if err != nil && strings.Contains(err.Error(), s) {
				t.Errorf("the error shows %q: %v", s, err)
			}
		}
	}
	for _, tt := range tests {
		err := tt.call()
		desktest.WantError(t, err, tt.code, tt.op)
		noSecrets(err)
	}

	// The database goes away: each failure is internal, and names what was being done.
	if err := env.Store.Close(); err != nil {
		t.Fatal(err)
	}
	down := []struct {
		op   string
		call func() error
	}{
		{"login", func() error {
			_, _, err := env.Access.Login(ctx, c.Admin.Email, c.Password, "192.0.2.1")
			return err
		}},
		{"resolve the API token", func() error {
			_, err := env.Access.TokenActor(ctx, c.Token)
			return err
		}},
		{fmt.Sprintf("list the accounts of user %d", c.Admin.ID), func() error {
			_, err := env.Access.Accounts(ctx, c.Actor)
			return err
		}},
		{"delete expired sessions", func() error {
			_, err := env.Access.DeleteExpiredSessions(ctx)
			return err
		}},
	}
	for _, tt := range down {
		err := tt.call()
		desktest.WantError(t, err, domain.ErrInternal, tt.op)
		noSecrets(err)
	}
}
