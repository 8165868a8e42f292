package api

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

const leaverPassword = "a long phrase nobody guesses"

// TestSecurityOffboardingAPI: an account admin disables a user through the API, and the
// user's token stops working with the very next request; the admin sees and revokes the
// account's tokens, and removes the user. Every answer matches openapi.json.
func TestSecurityOffboardingAPI(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		c := newClient(t, env)
		a := env.NewCustomer(t, "Offboard API", 0, domain.CountryGB)
		b := env.NewCustomer(t, "Bystander API", 0, domain.CountryGB)
		u, _, err := env.Access.CreateUser(ctx, a.Actor, access.NewUser{AccountID: a.Account.ID, Role: domain.RoleMember, Email: "leaver@offboard.example", Password: leaverPassword})
		if err != nil {
			t.Fatal(err)
		}
		tok, err := env.Access.TokenFor(ctx, u.Email, "ci")
		if err != nil {
			t.Fatal(err)
		}
		sess, _, err := env.Access.Login(ctx, u.Email, leaverPassword, "192.0.2.5")
		if err != nil {
			t.Fatal(err)
		}
		c.want(c.do("GET", "/api/v1/me", tok, nil), 200)

		var list struct {
			Data []struct {
				ID     int64 `json:"id"`
				UserID int64 `json:"user_id"`
			}
		}
		c.want(c.do("GET", fmt.Sprintf("/api/v1/accounts/%d/tokens", a.Account.ID), a.Token, nil), 200).json(t, &list)
		if len(list.Data) != 2 {
			t.Fatalf("account tokens: %+v", list)
		}
		c.want(c.do("GET", fmt.Sprintf("/api/v1/accounts/%d/tokens", a.Account.ID), tok, nil), 403)

		c.want(c.do("POST", fmt.Sprintf("/api/v1/users/%d/disable", u.ID), b.Token, nil), 404)
		c.want(c.do("POST", fmt.Sprintf("/api/v1/users/%d/disable", a.Admin.ID), tok, nil), 403)
		var got struct {
			DisabledAt *time.Time `json:"disabled_at"`
		}
		c.want(c.do("POST", fmt.Sprintf("/api/v1/users/%d/disable", u.ID), a.Token, nil), 200).json(t, &got)
		if got.DisabledAt == nil {
			t.Fatal("no disabled_at")
		}
		c.want(c.do("GET", "/api/v1/me", tok, nil), 401)
		if _, _, err := env.Access.SessionActor(ctx, sess); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("session: %v", err)
		}
		c.want(c.do("POST", fmt.Sprintf("/api/v1/users/%d/enable", u.ID), a.Token, nil), 200)
		c.want(c.do("GET", "/api/v1/me", tok, nil), 401) // its tokens stay revoked

		tok2, _ := env.Access.TokenFor(ctx, u.Email, "ci2")
		c.want(c.do("GET", "/api/v1/me", tok2, nil), 200)
		c.want(c.do("GET", fmt.Sprintf("/api/v1/accounts/%d/tokens", a.Account.ID), a.Token, nil), 200).json(t, &list)
		last := list.Data[len(list.Data)-1]
		if last.UserID != u.ID {
			t.Fatalf("newest token: %+v", last)
		}
		c.want(c.do("DELETE", fmt.Sprintf("/api/v1/accounts/%d/tokens/%d", b.Account.ID, last.ID), b.Token, nil), 404)
		c.want(c.do("DELETE", fmt.Sprintf("/api/v1/accounts/%d/tokens/%d", a.Account.ID, last.ID), a.Token, nil), 204)
		c.want(c.do("GET", "/api/v1/me", tok2, nil), 401)

		c.want(c.do("DELETE", fmt.Sprintf("/api/v1/users/%d", u.ID), a.Token, nil), 204)
		c.want(c.do("DELETE", fmt.Sprintf("/api/v1/users/%d", u.ID), a.Token, nil), 404)
		var users struct{ Data []struct{ ID int64 } }
		c.want(c.do("GET", fmt.Sprintf("/api/v1/accounts/%d/users", a.Account.ID), a.Token, nil), 200).json(t, &users)
		if len(users.Data) != 1 {
			t.Fatalf("users after removal: %+v", users)
		}
	})
}

// Changing one's password through the API: the current one is needed, the policy holds.
func TestChangePasswordAPI(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	a := env.NewCustomer(t, "Rotate API", 0, domain.CountryGB)
	c.want(c.do("POST", "/api/v1/me/password", a.Token, map[string]string{"current_password": "wrong one entirely", "new_password": "a fresh long phrase"}), 422)
	c.want(c.do("POST", "/api/v1/me/password", a.Token, map[string]string{"current_password": a.Password, "new_password": "qwerty123456"}), 422)
	c.want(c.do("POST", "/api/v1/me/password", a.Token, map[string]string{"current_password": a.Password, "new_password": "a fresh long phrase"}), 204)
	if _, _, err := env.Access.Login(context.Background(), a.Admin.Email, "a fresh long phrase", "192.0.2.6"); err != nil {
		t.Fatal(err)
	}
}

func smtpFor(t *testing.T, env *desktest.Env) *smtptest.Server {
	t.Helper()
	srv := smtptest.Start(t)
	m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	env.UseMailer(t, m)
	return srv
}

// Invitations and password resets through the API, their emails through a real SMTP server.
// A customer admin inviting another tenant's user gets the same 202 as for a new address.
func TestInvitationsAndResetsAPI(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		srv := smtpFor(t, env)
		c := newClient(t, env)
		a := env.NewCustomer(t, "Invite API", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Secret API", 0, domain.CountryGB)

		fresh := c.want(c.do("POST", fmt.Sprintf("/api/v1/accounts/%d/invitations", a.Account.ID), a.Token, map[string]string{"email": "new@invite.example", "name": "Nia"}), 202)
		taken := c.want(c.do("POST", fmt.Sprintf("/api/v1/accounts/%d/invitations", a.Account.ID), a.Token, map[string]string{"email": other.Admin.Email, "name": "Nia"}), 202)
		var f, k map[string]any
		fresh.json(t, &f)
		taken.json(t, &k)
		if len(f) != len(k) || f["role"] != k["role"] {
			t.Fatalf("answers differ: %s vs %s", fresh.body, taken.body)
		}
		c.want(c.do("POST", fmt.Sprintf("/api/v1/accounts/%d/invitations", a.Account.ID), other.Token, map[string]string{"email": "x@invite.example"}), 404)
		if n := env.SendAccessLinks(t); n != 2 {
			t.Fatalf("sent %d", n)
		}
		mails := srv.Wait(2, 5*time.Second)
		var tok string
		for _, m := range mails {
			if m.To[0] == "new@invite.example" {
				tok = desktest.LinkToken(t, m)
			} else if desktest.LinkToken(t, m) != "" {
				t.Fatalf("a link to an existing user: %s", m.To[0])
			}
		}
		c.want(c.do("POST", "/api/v1/invitations/accept", "", map[string]string{"token": tok, "password": "short"}), 422)
		var u struct {
			ID        int64
			AccountID int64 `json:"account_id"`
		}
		c.want(c.do("POST", "/api/v1/invitations/accept", "", map[string]string{"token": tok, "password": "my own long phrase"}), 201).json(t, &u)
		if u.AccountID != a.Account.ID {
			t.Fatalf("user: %+v", u)
		}
		c.want(c.do("POST", "/api/v1/invitations/accept", "", map[string]string{"token": tok, "password": "my own long phrase"}), 422)

		// Forgot password: 202 for anyone, an email only to a user.
		r1 := c.want(c.do("POST", "/api/v1/password-resets", "", map[string]string{"email": "ghost@invite.example"}), 202)
		r2 := c.want(c.do("POST", "/api/v1/password-resets", "", map[string]string{"email": "new@invite.example"}), 202)
		if string(r1.body) != string(r2.body) {
			t.Fatalf("answers differ: %s vs %s", r1.body, r2.body)
		}
		if n := env.SendAccessLinks(t); n != 1 {
			t.Fatalf("reset links sent: %d", n)
		}
		reset := desktest.LinkToken(t, srv.Wait(3, 5*time.Second)[2])
		c.want(c.do("POST", "/api/v1/password-resets/confirm", "", map[string]string{"token": reset, "password": "a newer long phrase"}), 204)
		c.want(c.do("POST", "/api/v1/password-resets/confirm", "", map[string]string{"token": reset, "password": "a newer long phrase"}), 422)
		if _, _, err := env.Access.Login(context.Background(), "new@invite.example", "a newer long phrase", "192.0.2.6"); err != nil {
			t.Fatal(err)
		}
	})
}

// A customer admin's "add a user" is an invitation: the same 202 whether or not the email
// has a user in another tenant, and no password of theirs. Staff still create and are told.
func TestAddUserIsAnInvitationForCustomers(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	a := env.NewCustomer(t, "Adder API", 0, domain.CountryGB)
	other := env.NewCustomer(t, "Hidden API", 0, domain.CountryGB)
	_, staffToken := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	path := fmt.Sprintf("/api/v1/accounts/%d/users", a.Account.ID)
	var fresh, taken map[string]any
	c.want(c.do("POST", path, a.Token, map[string]string{"email": "fresh@adder.example", "role": "member"}), 202).json(t, &fresh)
	c.want(c.do("POST", path, a.Token, map[string]string{"email": other.Admin.Email, "role": "member"}), 202).json(t, &taken)
	if len(fresh) != len(taken) || fresh["role"] != taken["role"] {
		t.Fatalf("answers differ: %v vs %v", fresh, taken)
	}
	c.want(c.do("POST", path, a.Token, map[string]string{"email": "pw@adder.example", "role": "member", "password": "a long phrase of mine"}), 422)
	c.want(c.do("POST", path, staffToken, map[string]string{"email": other.Admin.Email, "role": "member"}), 409)
	c.want(c.do("POST", path, staffToken, map[string]string{"email": "direct@adder.example", "role": "member"}), 201)
}
