package access_test

import (
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

const memberPassword = "a long phrase nobody guesses"

// member adds a member to the customer's account, with a session and a token.
func member(t *testing.T, env *desktest.Env, c desktest.Customer, email string) (domain.User, string, string) {
	t.Helper()
	u, _, err := env.Access.CreateUser(ctx, c.Actor, access.NewUser{AccountID: c.Account.ID, Role: domain.RoleMember, Email: email, Name: "Member", Password: memberPassword})
	if err != nil {
		t.Fatal(err)
	}
	sess, _, err := env.Access.Login(ctx, email, memberPassword, "192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := env.Access.TokenFor(ctx, email, "ci")
	if err != nil {
		t.Fatal(err)
	}
	return u, sess, tok
}

// Disabling a user ends its sessions and revokes its tokens in the same change, and neither
// works afterwards even if one were left; removing does the same and frees the email. Every
// change is audited; nobody outside the account's admins (and staff admins) may do it.
func TestSecurityOffboardingAccess(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Offboard Co", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Other Co", 0, domain.CountryGB)
		u, sess, tok := member(t, env, c, "leaver@offboard.example")

		if _, err := env.Access.SetUserDisabled(ctx, other.Actor, u.ID, true); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("another account's admin: %v", err)
		}
		if _, err := env.Access.SetUserDisabled(ctx, domain.ActorOf(u), c.Admin.ID, true); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("a member: %v", err)
		}
		if _, err := env.Access.SetUserDisabled(ctx, c.Actor, c.Admin.ID, true); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("oneself: %v", err)
		}
		got, err := env.Access.SetUserDisabled(ctx, c.Actor, u.ID, true)
		if err != nil || got.DisabledAt == nil {
			t.Fatalf("disable: %+v %v", got, err)
		}
		if _, _, err := env.Access.SessionActor(ctx, sess); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("session after disable: %v", err)
		}
		if _, err := env.Access.TokenActor(ctx, tok); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("token after disable: %v", err)
		}
		if _, _, err := env.Access.Login(ctx, u.Email, memberPassword, "192.0.2.7"); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("login after disable: %v", err)
		}
		// A token made after the disable (by the admin CLI, say) does not work either.
		late, err := env.Access.TokenFor(ctx, u.Email, "late")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Access.TokenActor(ctx, late); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("token made while disabled: %v", err)
		}
		ts, err := env.Access.AccountTokens(ctx, c.Actor, c.Account.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ts {
			if x.UserID == u.ID && x.Name == "ci" && x.RevokedAt == nil {
				t.Fatalf("token not revoked: %+v", x)
			}
		}
		if _, err := env.Access.SetUserDisabled(ctx, c.Actor, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Access.Login(ctx, u.Email, memberPassword, "192.0.2.7"); err != nil {
			t.Fatalf("login after enable: %v", err)
		}

		// Removal, by a staff admin this time.
		staff, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		agent, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		if err := env.Access.RemoveUser(ctx, agent, u.ID); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("an agent removes: %v", err)
		}
		sess2, _, _ := env.Access.Login(ctx, u.Email, memberPassword, "192.0.2.7")
		if err := env.Access.RemoveUser(ctx, staff, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Access.SessionActor(ctx, sess2); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("session after removal: %v", err)
		}
		us, _ := env.Access.Users(ctx, c.Actor, c.Account.ID)
		for _, x := range us {
			if x.ID == u.ID {
				t.Fatalf("removed user listed: %+v", x)
			}
		}
		if err := env.Access.RemoveUser(ctx, staff, u.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("removed twice: %v", err)
		}
		// The email is free again.
		if _, _, err := env.Access.CreateUser(ctx, c.Actor, access.NewUser{AccountID: c.Account.ID, Role: domain.RoleMember, Email: u.Email, Password: memberPassword}); err != nil {
			t.Fatalf("email after removal: %v", err)
		}
		log, err := env.Store.AuditLog(ctx, "user:", 50)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, ","); got != "removed,enabled,disabled" {
			t.Fatalf("audit: %s", got)
		}
		if !strings.Contains(log[2].Detail, `"tokens_revoked":1`) || !strings.Contains(log[2].Detail, `"sessions_ended":1`) {
			t.Fatalf("disable audit: %s", log[2].Detail)
		}
	})
}

// An account's admins see and revoke the tokens of its users; others do not.
func TestAccountTokens(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Tokens Co", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Elsewhere Co", 0, domain.CountryGB)
		u, _, tok := member(t, env, c, "dev@tokens.example")
		ts, err := env.Access.AccountTokens(ctx, c.Actor, c.Account.ID)
		if err != nil || len(ts) != 2 { // the admin's and the member's
			t.Fatalf("tokens: %+v %v", ts, err)
		}
		var id int64
		for _, x := range ts {
			if x.UserID == u.ID {
				id = x.ID
			}
		}
		if _, err := env.Access.AccountTokens(ctx, domain.ActorOf(u), c.Account.ID); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("member lists: %v", err)
		}
		if _, err := env.Access.AccountTokens(ctx, other.Actor, c.Account.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("other account lists: %v", err)
		}
		if err := env.Access.RevokeAccountToken(ctx, other.Actor, c.Account.ID, id); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("other account revokes: %v", err)
		}
		if err := env.Access.RevokeAccountToken(ctx, other.Actor, other.Account.ID, id); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("other account revokes through its own: %v", err)
		}
		if err := env.Access.RevokeAccountToken(ctx, c.Actor, c.Account.ID, id); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Access.TokenActor(ctx, tok); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("revoked token: %v", err)
		}
		log, _ := env.Store.AuditLog(ctx, "api_token:", 5)
		if len(log) != 1 || log[0].Action != "revoked" || log[0].ActorID != c.Admin.ID {
			t.Fatalf("audit: %+v", log)
		}
	})
}

// Changing one's password needs the current one, follows the policy, and ends the user's
// other sessions but the one it is made from.
func TestChangePassword(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := env.NewCustomer(t, "Rotate Co", 0, domain.CountryGB)
		u, here, _ := member(t, env, c, "me@rotate.example")
		there, _, _ := env.Access.Login(ctx, u.Email, memberPassword, "192.0.2.8")
		me := domain.ActorOf(u)
		for _, tc := range []struct{ current, next, field string }{
			{"wrong password!!", "a brand new long phrase", "current_password"},
			{memberPassword, "short", "new_password"},
			{memberPassword, "Password123456", "new_password"},
			{memberPassword, "QWERTYUIOP1234", "new_password"},
			{memberPassword, "me@rotate.example", "new_password"},
		} {
			err := env.Access.ChangePassword(ctx, me, tc.current, tc.next, here)
			if !domain.IsCode(err, domain.ErrInvalid) || strings.Join(fieldsOf(err), ",") != tc.field {
				t.Fatalf("%q → %q: %v %v", tc.current, tc.next, err, fieldsOf(err))
			}
		}
		if err := env.Access.ChangePassword(ctx, me, memberPassword, "a brand new long phrase", here); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Access.SessionActor(ctx, here); err != nil {
			t.Fatalf("the session it was made from: %v", err)
		}
		if _, _, err := env.Access.SessionActor(ctx, there); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("another session: %v", err)
		}
		if _, _, err := env.Access.Login(ctx, u.Email, memberPassword, "192.0.2.8"); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("old password: %v", err)
		}
		if _, _, err := env.Access.Login(ctx, u.Email, "a brand new long phrase", "192.0.2.8"); err != nil {
			t.Fatalf("new password: %v", err)
		}
		log, _ := env.Store.AuditLog(ctx, "user:", 5)
		if len(log) != 1 || log[0].Action != "password_changed" {
			t.Fatalf("audit: %+v", log)
		}
	})
}

// Passwords people choose: at least 12 characters, not on the list of common ones in any
// case; generated ones are long.
func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Policy Co", 0, domain.CountryGB)
	for _, pw := range []string{"elevenchars", "password1234", "PASSWORD1234", "Qwerty123456", "iloveyou2024", "123456789012", "aaaaaaaaaaaa", "1q2w3e4r5t6y"} {
		_, _, err := env.Access.CreateUser(ctx, c.Actor, access.NewUser{AccountID: c.Account.ID, Role: domain.RoleMember, Email: "p@policy.example", Password: pw})
		if !domain.IsCode(err, domain.ErrInvalid) || strings.Join(fieldsOf(err), ",") != "password" {
			t.Fatalf("%q: %v", pw, err)
		}
	}
	if !access.IsCommonPassword("LetMeIn12345") || access.IsCommonPassword("correct horse battery staple") {
		t.Fatal("common list")
	}
	_, pw, err := env.Access.CreateUser(ctx, c.Actor, access.NewUser{AccountID: c.Account.ID, Role: domain.RoleMember, Email: "gen@policy.example"})
	if err != nil || len(pw) < 20 {
		t.Fatalf("generated %q: %v", pw, err)
	}
}
