package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

const leaverPassword = "a long phrase nobody guesses"

// TestSecurityOffboardingUI: an account admin disables a user from the Users page; the
// user's browser, mid-session, is sent to the login page on its very next request, and its
// API token stops working. The admin revokes tokens there too.
func TestSecurityOffboardingUI(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		a := env.NewCustomer(t, "Offboard UI", 0, domain.CountryGB)
		u, _, err := env.Access.CreateUser(ctx, a.Actor, access.NewUser{AccountID: a.Account.ID, Role: domain.RoleMember, Email: "leaver@ui.example", Name: "Leaver", Password: leaverPassword})
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := env.Access.TokenFor(ctx, u.Email, "ci")
		leaver := newBrowser(t, env)
		leaver.login(u.Email, leaverPassword)
		if code, _, _ := leaver.get("/"); code != http.StatusOK {
			t.Fatalf("leaver before: %d", code)
		}
		// A member has no Users page.
		if code, _, _ := leaver.get("/settings/users"); code != http.StatusForbidden {
			t.Fatalf("member's users page: %d", code)
		}

		admin := newBrowser(t, env)
		admin.login(a.Admin.Email, a.Password)
		code, body, _ := admin.get("/settings/users")
		if code != http.StatusOK || !strings.Contains(body, "leaver@ui.example") || !strings.Contains(body, `id="account-tokens"`) {
			t.Fatalf("users page: %d %s", code, body)
		}
		// Without the CSRF token: refused.
		if code, _, _ := admin.post("/settings/users/"+itoa(u.ID)+"/disable?account="+itoa(a.Account.ID), url.Values{"csrf_token": {"forged"}}); code != http.StatusForbidden {
			t.Fatalf("forged: %d", code)
		}
		if code, _, _ := admin.post("/settings/users/"+itoa(u.ID)+"/disable?account="+itoa(a.Account.ID), url.Values{}); code != http.StatusSeeOther {
			t.Fatalf("disable: %d", code)
		}
		if code, _, h := leaver.get("/"); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
			t.Fatalf("leaver after: %d %v", code, h)
		}
		if _, err := env.Access.TokenActor(ctx, tok); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("token after: %v", err)
		}
		if _, body, _ := admin.get("/settings/users"); !strings.Contains(body, "Disabled") {
			t.Fatal("not shown disabled")
		}
		// Enabled again with a new token, which the admin revokes from the page.
		admin.post("/settings/users/"+itoa(u.ID)+"/enable?account="+itoa(a.Account.ID), url.Values{})
		tok2, _ := env.Access.TokenFor(ctx, u.Email, "ci2")
		ts, _ := env.Access.AccountTokens(ctx, a.Actor, a.Account.ID)
		last := ts[len(ts)-1]
		admin.get("/settings/users")
		if code, _, _ := admin.post("/settings/users/tokens/"+itoa(last.ID)+"/revoke?account="+itoa(a.Account.ID), url.Values{}); code != http.StatusSeeOther {
			t.Fatalf("revoke: %d", code)
		}
		if _, err := env.Access.TokenActor(ctx, tok2); !domain.IsCode(err, domain.ErrUnauthenticated) {
			t.Fatalf("revoked token: %v", err)
		}
		if code, _, _ := admin.post("/settings/users/"+itoa(u.ID)+"/remove?account="+itoa(a.Account.ID), url.Values{}); code != http.StatusSeeOther {
			t.Fatalf("remove: %d", code)
		}
		if _, body, _ := admin.get("/settings/users"); strings.Contains(body, "leaver@ui.example") {
			t.Fatal("removed user still listed")
		}
	})
}

// Change password, forgot password and invitations in the browser, with the emails through a
// real SMTP server.
func TestPeoplePages(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	srv := smtptest.Start(t)
	m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	env.UseMailer(t, m)
	a := env.NewCustomer(t, "People UI", 0, domain.CountryGB)

	// Change password: the other browser is signed out, this one stays.
	here, there := newBrowser(t, env), newBrowser(t, env)
	here.login(a.Admin.Email, a.Password)
	there.login(a.Admin.Email, a.Password)
	here.get("/settings/password")
	if code, body, _ := here.post("/settings/password", url.Values{"current_password": {a.Password}, "new_password": {"password1234"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "too common") {
		t.Fatalf("common: %d", code)
	}
	here.get("/settings/password")
	if code, _, _ := here.post("/settings/password", url.Values{"current_password": {a.Password}, "new_password": {"a fresh phrase of mine"}}); code != http.StatusSeeOther {
		t.Fatalf("change: %d", code)
	}
	if code, _, _ := here.get("/"); code != http.StatusOK {
		t.Fatalf("this session: %d", code)
	}
	if code, _, _ := there.get("/"); code != http.StatusSeeOther {
		t.Fatalf("the other session: %d", code)
	}

	// Invite from the Users page, accept in a fresh browser.
	here.get("/settings/users")
	if code, body, _ := here.post("/settings/users/invite?account="+itoa(a.Account.ID), url.Values{"email": {"newbie@ui.example"}, "name": {"Newbie"}, "role": {"member"}}); code != http.StatusSeeOther {
		t.Fatalf("invite: %d %s", code, body)
	}
	env.SendAccessLinks(t)
	tok := desktest.LinkToken(t, srv.Wait(1, 5*time.Second)[0])
	guest := newBrowser(t, env)
	if code, body, _ := guest.get("/invitation?token=" + tok); code != http.StatusOK || !strings.Contains(body, "People UI") {
		t.Fatalf("invitation page: %d %s", code, body)
	}
	if code, _, h := guest.post("/invitation", url.Values{"token": {tok}, "password": {"my very own phrase"}}); code != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Fatalf("accept: %d", code)
	}
	guest.login("newbie@ui.example", "my very own phrase")
	if code, body, _ := newBrowser(t, env).get("/invitation?token=" + tok); code != http.StatusOK || !strings.Contains(body, "cannot be used") {
		t.Fatalf("used invitation: %d", code)
	}

	// Forgot password: the same page for anyone; the link sets a new one.
	anon := newBrowser(t, env)
	anon.get("/forgot-password")
	_, known, _ := anon.post("/forgot-password", url.Values{"email": {"newbie@ui.example"}})
	anon.get("/forgot-password")
	_, unknown, _ := anon.post("/forgot-password", url.Values{"email": {"ghost@ui.example"}})
	if known != unknown {
		t.Fatal("the forgot-password answer differs for a known address")
	}
	env.SendAccessLinks(t)
	reset := desktest.LinkToken(t, srv.Wait(2, 5*time.Second)[1])
	anon.get("/reset-password?token=" + reset)
	if code, _, _ := anon.post("/reset-password", url.Values{"token": {reset}, "password": {"a newer phrase of mine"}}); code != http.StatusSeeOther {
		t.Fatalf("reset: %d", code)
	}
	newBrowser(t, env).login("newbie@ui.example", "a newer phrase of mine")
}
