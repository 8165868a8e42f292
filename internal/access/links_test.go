package access_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

func withSMTP(t *testing.T, env *desktest.Env) *smtptest.Server {
	t.Helper()
	srv := smtptest.Start(t)
	m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	env.UseMailer(t, m)
	return srv
}

// An invitation is emailed over SMTP with a single-use link valid 72 hours; accepting it
// creates the user with the password chosen. Only the token's hash is stored.
func TestInvitation(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		srv := withSMTP(t, env)
		c := env.NewCustomer(t, "Inviting Co", 0, domain.CountryGB)
		l, err := env.Access.Invite(ctx, c.Actor, c.Account.ID, access.Invitation{Email: " New@Inviting.example ", Name: "Nina", Role: domain.RoleMember})
		if err != nil || l.ID == 0 || !l.ExpiresAt.Equal(desktest.Start.Add(72*time.Hour)) {
			t.Fatalf("invite: %+v %v", l, err)
		}
		if n := env.SendAccessLinks(t); n != 1 {
			t.Fatalf("jobs run: %d", n)
		}
		got := srv.Wait(1, 5*time.Second)
		if len(got) != 1 || got[0].To[0] != "new@inviting.example" {
			t.Fatalf("mail: %+v", got)
		}
		tok := desktest.LinkToken(t, got[0])
		text, _ := got[0].Text()
		if tok == "" || !strings.Contains(text, "https://portdesk.test/invitation?token=") || !strings.Contains(text, "Inviting Co") {
			t.Fatalf("mail text: %s", text)
		}
		stored, _ := env.Store.AccessLink(ctx, l.ID)
		if strings.Contains(string(stored.TokenHash), tok) || len(stored.TokenHash) != 32 {
			t.Fatalf("stored: %x", stored.TokenHash)
		}
		if _, err := env.Access.AcceptInvitation(ctx, tok, "", "password1234"); !domain.IsCode(err, domain.ErrInvalid) || fieldsOf(err)[0] != "password" {
			t.Fatalf("common password: %v", err)
		}
		if _, err := env.Access.AcceptInvitation(ctx, "nope", "", "a long phrase of my own"); !domain.IsCode(err, domain.ErrInvalid) || fieldsOf(err)[0] != "token" {
			t.Fatalf("wrong token: %v", err)
		}
		u, err := env.Access.AcceptInvitation(ctx, tok, "Nina N", "a long phrase of my own")
		if err != nil || u.AccountID != c.Account.ID || u.Role != domain.RoleMember || u.Name != "Nina N" {
			t.Fatalf("accept: %+v %v", u, err)
		}
		if _, err := env.Access.AcceptInvitation(ctx, tok, "", "a long phrase of my own"); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("used twice: %v", err)
		}
		if _, _, err := env.Access.Login(ctx, u.Email, "a long phrase of my own", "192.0.2.3"); err != nil {
			t.Fatalf("login: %v", err)
		}
		// Expired after 72 hours.
		l2, err := env.Access.Invite(ctx, c.Actor, c.Account.ID, access.Invitation{Email: "late@inviting.example"})
		if err != nil {
			t.Fatal(err)
		}
		env.SendAccessLinks(t)
		tok2 := desktest.LinkToken(t, srv.Wait(2, 5*time.Second)[1])
		env.Clock.Advance(72 * time.Hour)
		if _, err := env.Access.AcceptInvitation(ctx, tok2, "", "a long phrase of my own"); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("expired: %v", err)
		}
		_ = l2
		var actions []string
		for _, prefix := range []string{"account:", "user:"} {
			log, _ := env.Store.AuditLog(ctx, prefix, 20)
			for _, e := range log {
				actions = append(actions, prefix+e.Action)
			}
		}
		if got := strings.Join(actions, ","); got != "account:user_invited,account:user_invited,user:invitation_accepted" {
			t.Fatalf("audit: %s", got)
		}
	})
}

// A customer admin inviting an email that has a user in another tenant gets the answer a new
// email gets; the owner of the address is told someone tried, with no link, and the
// invitation can never attach the existing user. Staff are told the truth.
func TestInvitationOfAnotherTenantsUser(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		srv := withSMTP(t, env)
		c := env.NewCustomer(t, "Curious Co", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Private Co", 0, domain.CountryGB)
		l, err := env.Access.Invite(ctx, c.Actor, c.Account.ID, access.Invitation{Email: other.Admin.Email})
		if err != nil || l.ID == 0 {
			t.Fatalf("invite of another tenant's user: %+v %v", l, err)
		}
		env.SendAccessLinks(t)
		got := srv.Wait(1, 5*time.Second)
		if len(got) != 1 || got[0].To[0] != other.Admin.Email || desktest.LinkToken(t, got[0]) != "" {
			t.Fatalf("mail: %+v", got)
		}
		if s := desktest.Subjects(t, got)[other.Admin.Email]; !strings.Contains(s, "tried to invite") {
			t.Fatalf("subject: %s", s)
		}
		if stored, _ := env.Store.AccessLink(ctx, l.ID); stored.UsedAt == nil {
			t.Fatalf("the invitation stays usable: %+v", stored)
		}
		// The other tenant's user is untouched.
		if u, _ := env.Store.UserByEmail(ctx, other.Admin.Email); u.AccountID != other.Account.ID {
			t.Fatalf("moved: %+v", u)
		}
		// Its own user: the admin sees it anyway, so it may be told.
		if _, err := env.Access.Invite(ctx, c.Actor, c.Account.ID, access.Invitation{Email: c.Admin.Email}); !domain.IsCode(err, domain.ErrConflict) {
			t.Fatalf("own user: %v", err)
		}
		staff, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		if _, err := env.Access.Invite(ctx, staff, c.Account.ID, access.Invitation{Email: other.Admin.Email}); !domain.IsCode(err, domain.ErrConflict) {
			t.Fatalf("staff: %v", err)
		}
		// An email that gets a user between the email and the acceptance: not usable.
		l3, err := env.Access.Invite(ctx, c.Actor, c.Account.ID, access.Invitation{Email: "race@curious.example"})
		if err != nil {
			t.Fatal(err)
		}
		env.SendAccessLinks(t)
		tok := desktest.LinkToken(t, srv.Wait(2, 5*time.Second)[1])
		if _, _, err := env.Access.CreateUser(ctx, other.Actor, access.NewUser{AccountID: other.Account.ID, Role: domain.RoleMember, Email: "race@curious.example", Password: "a long phrase of my own"}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Access.AcceptInvitation(ctx, tok, "", "another long phrase here"); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("taken since: %v", err)
		}
		if u, _ := env.Store.UserByEmail(ctx, "race@curious.example"); u.AccountID != other.Account.ID {
			t.Fatalf("attached: %+v", u)
		}
		_ = l3
	})
}

// Forgot password: the same answer whether or not the email has a user; a single-use link
// valid an hour; the reset ends every session.
func TestPasswordReset(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		srv := withSMTP(t, env)
		c := env.NewCustomer(t, "Forgetful Co", 0, domain.CountryGB)
		sess, _, err := env.Access.Login(ctx, c.Admin.Email, c.Password, "192.0.2.4")
		if err != nil {
			t.Fatal(err)
		}
		for _, email := range []string{"nobody@forgetful.example", c.Admin.Email} {
			if err := env.Access.RequestPasswordReset(ctx, email, "192.0.2.4"); err != nil {
				t.Fatalf("%s: %v", email, err)
			}
		}
		// Text that is no address is refused on its field, which tells nothing of who has one.
		var e *domain.Error
		if err := env.Access.RequestPasswordReset(ctx, "not an email", "192.0.2.4"); !errors.As(err, &e) || e.Code != domain.ErrInvalid || len(e.Fields) != 1 || e.Fields[0].Field != "email" {
			t.Fatalf("not an email: %v", err)
		}
		if n := env.SendAccessLinks(t); n != 1 {
			t.Fatalf("links sent: %d", n)
		}
		got := srv.Wait(1, 5*time.Second)
		if len(got) != 1 || got[0].To[0] != c.Admin.Email {
			t.Fatalf("mail: %+v", got)
		}
		tok := desktest.LinkToken(t, got[0])
		if err := env.Access.ResetPassword(ctx, tok, "short"); !domain.IsCode(err, domain.ErrInvalid) || fieldsOf(err)[0] != "password" {
			t.Fatalf("short: %v", err)
		}
		if err := env.Access.ResetPassword(ctx, tok, "my new long passphrase"); err != nil {
			t.Fatal(err)
		}
		if err := env.Access.ResetPassword(ctx, tok, "my other long passphrase"); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("used twice: %v", err)
		}
		if _, _, err := env.Access.SessionActor(ctx, sess); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("session after reset: %v", err)
		}
		if _, _, err := env.Access.Login(ctx, c.Admin.Email, "my new long passphrase", "192.0.2.4"); err != nil {
			t.Fatalf("login: %v", err)
		}
		// A link expires after an hour.
		if err := env.Access.RequestPasswordReset(ctx, c.Admin.Email, "192.0.2.4"); err != nil {
			t.Fatal(err)
		}
		env.SendAccessLinks(t)
		tok2 := desktest.LinkToken(t, srv.Wait(2, 5*time.Second)[1])
		env.Clock.Advance(time.Hour)
		if err := env.Access.ResetPassword(ctx, tok2, "yet another long passphrase"); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("expired: %v", err)
		}
		// A disabled user gets no link.
		staff, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		if _, err := env.Access.SetUserDisabled(ctx, staff, c.Admin.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := env.Access.RequestPasswordReset(ctx, c.Admin.Email, "192.0.2.4"); err != nil {
			t.Fatal(err)
		}
		if n := env.SendAccessLinks(t); n != 0 {
			t.Fatalf("a disabled user's reset: %d", n)
		}
		log, _ := env.Store.AuditLog(ctx, "user:", 20)
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, ","); got != "disabled,password_reset_requested,password_reset,password_reset_requested" {
			t.Fatalf("audit: %s", got)
		}
	})
}

// Many browsers accepting one invitation at once: exactly one user is made.
func TestInvitationAcceptedOnce(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		srv := withSMTP(t, env)
		c := env.NewCustomer(t, "Race Co", 0, domain.CountryGB)
		if _, err := env.Access.Invite(ctx, c.Actor, c.Account.ID, access.Invitation{Email: "racer@race.example"}); err != nil {
			t.Fatal(err)
		}
		env.SendAccessLinks(t)
		tok := desktest.LinkToken(t, srv.Wait(1, 5*time.Second)[0])
		const n = 8
		errs := make(chan error, n)
		for i := range n {
			go func() {
				_, err := env.Access.AcceptInvitation(ctx, tok, "", fmt.Sprintf("racing phrase number %d", i))
				errs <- err
			}()
		}
		won := 0
		for range n {
			err := <-errs
			switch {
			case err == nil:
				won++
			case !domain.IsCode(err, domain.ErrInvalid):
				t.Errorf("loser: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d accepted", won)
		}
	})
}
