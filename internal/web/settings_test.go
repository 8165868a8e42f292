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
	"github.com/portdesk/portdesk/internal/portin"
)

// Recipient emails change on the request page after submission, by the account's users and
// the team, until the request ends; a stranger's address is refused next to the field.
func TestWebEditRecipientsAfterSubmission(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		a := env.NewCustomer(t, "Recipients", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Strangers", 0, domain.CountryGB)
		pw := "correct horse battery staple"
		if _, _, err := env.Access.CreateUser(ctx, a.Actor, access.NewUser{AccountID: a.Account.ID, Role: domain.RoleMember, Email: "ops@recipients.example", Password: pw}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Access.CreateUser(ctx, a.Actor, access.NewUser{AccountID: a.Account.ID, Role: domain.RoleMember, Email: "finance@recipients.example", Password: pw}); err != nil {
			t.Fatal(err)
		}
		env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := env.Submitted(t, a.Actor, "0113 496 0720")
		path := "/port-ins/" + itoa(p.ID)
		version := func() string {
			t.Helper()
			v, err := env.PortIns.Get(ctx, a.Actor, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return itoa(v.Version)
		}
		recipients := func() []string {
			t.Helper()
			v, err := env.PortIns.Get(ctx, a.Actor, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return v.Recipients
		}

		b := newBrowser(t, env)
		b.login(a.Admin.Email, a.Password)
		_, body, _ := b.get(path)
		if !strings.Contains(body, `id="recipients-form"`) || !strings.Contains(body, `action="/port-ins/`+itoa(p.ID)+`/recipients"`) {
			t.Fatalf("a submitted request has no recipients form:\n%s", body)
		}
		code, _, h := b.post(path+"/recipients", url.Values{"version": {version()}, "recipients": {"OPS@recipients.example\n"}})
		if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), path) {
			t.Fatalf("save recipients: %d %v", code, h)
		}
		if got := recipients(); len(got) != 1 || got[0] != "ops@recipients.example" {
			t.Fatalf("recipients %v", got)
		}
		_, body, _ = b.get(path)
		if !strings.Contains(body, "ops@recipients.example") || !strings.Contains(body, "Submitted") {
			t.Fatalf("the page does not show the new recipient, or the status moved:\n%s", body)
		}
		// Someone who is not a user of the account: refused next to the field, what was typed kept.
		code, body, _ = b.post(path+"/recipients", url.Values{"version": {version()}, "recipients": {"finance@recipients.example\nboss@strangers.example"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="recipients-error"`) ||
			!strings.Contains(body, "boss@strangers.example is not a user of this account") || !strings.Contains(body, "finance@recipients.example\nboss@strangers.example</textarea>") {
			t.Fatalf("a stranger as recipient: %d\n%s", code, body)
		}
		if got := recipients(); len(got) != 1 || got[0] != "ops@recipients.example" {
			t.Fatalf("a refused change was kept: %v", got)
		}
		// Another customer's user is no recipient either.
		code, body, _ = b.post(path+"/recipients", url.Values{"version": {version()}, "recipients": {other.Admin.Email}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "is not a user of this account") {
			t.Fatalf("another account's user as recipient: %d", code)
		}
		// CSRF like every form.
		if code, _, _ := b.post(path+"/recipients", url.Values{"version": {version()}, "recipients": {""}, "csrf_token": {"forged"}}); code != http.StatusForbidden {
			t.Fatalf("forged csrf: %d", code)
		}
		// A member of the account may change them too, and the team.
		m := newBrowser(t, env)
		m.login("finance@recipients.example", pw)
		m.get(path)
		if code, _, _ := m.post(path+"/recipients", url.Values{"version": {version()}, "recipients": {"ops@recipients.example, finance@recipients.example"}}); code != http.StatusSeeOther {
			t.Fatalf("member: %d", code)
		}
		if got := recipients(); len(got) != 2 {
			t.Fatalf("member's change: %v", got)
		}
		s := newBrowser(t, env)
		s.login("agent@op.example", pw)
		if _, body, _ := s.get(path); !strings.Contains(body, `id="recipients-form"`) {
			t.Fatal("staff have no recipients form")
		}
		if code, _, _ := s.post(path+"/recipients", url.Values{"version": {version()}, "recipients": {""}}); code != http.StatusSeeOther {
			t.Fatalf("staff clear the recipients: %d", code)
		}
		if got := recipients(); len(got) != 0 {
			t.Fatalf("cleared: %v", got)
		}
		// Another account's user does not even see the request.
		o := newBrowser(t, env)
		o.login(other.Admin.Email, other.Password)
		o.get("/")
		if code, _, _ := o.post(path+"/recipients", url.Values{"version": {version()}, "recipients": {other.Admin.Email}}); code != http.StatusNotFound {
			t.Fatalf("another account: %d", code)
		}
		// Once the request has ended, the form goes, and a post is refused.
		v, _ := env.PortIns.Get(ctx, a.Actor, p.ID)
		if _, err := env.PortIns.Transition(ctx, a.Actor, p.ID, v.Version, domain.StatusCancelled, "changed our minds"); err != nil {
			t.Fatal(err)
		}
		if _, body, _ := b.get(path); strings.Contains(body, `id="recipients-form"`) {
			t.Fatal("a cancelled request still offers the recipients form")
		}
		if code, _, _ := b.post(path+"/recipients", url.Values{"version": {version()}, "recipients": {"ops@recipients.example"}}); code != http.StatusConflict {
			t.Fatalf("recipients of a cancelled request: %d", code)
		}
	})
}

// Customer admins set their account's time zone on the Account page; the request page then
// shows the FOC in it, with the carrier's time beside it.
func TestWebAccountTimeZone(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := context.Background()
	a := env.NewCustomer(t, "Pacific Widgets", 0, domain.CountryUS)
	pw := "correct horse battery staple"
	if _, _, err := env.Access.CreateUser(ctx, a.Actor, access.NewUser{AccountID: a.Account.ID, Role: domain.RoleMember, Email: "member@pacific.example", Password: pw}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, env)
	b.login(a.Admin.Email, a.Password)
	if _, body, _ := b.get("/"); !strings.Contains(body, `href="/settings/account"`) {
		t.Fatal("no Account link in the navigation for a customer admin")
	}
	code, body, _ := b.get("/settings/account")
	if code != 200 || !strings.Contains(body, `id="account-form-`+itoa(a.Account.ID)+`"`) || !strings.Contains(body, "America/New_York") {
		t.Fatalf("account page: %d\n%s", code, body)
	}
	code, body, _ = b.post("/settings/account", url.Values{"account_id": {itoa(a.Account.ID)}, "time_zone": {"Pacific Time"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="time_zone-error-`+itoa(a.Account.ID)+`"`) || !strings.Contains(body, `is not a time zone`) || !strings.Contains(body, `value="Pacific Time"`) {
		t.Fatalf("invalid zone: %d\n%s", code, body)
	}
	code, _, h := b.post("/settings/account", url.Values{"account_id": {itoa(a.Account.ID)}, "time_zone": {"America/Los_Angeles"}})
	if code != http.StatusSeeOther || h.Get("Location") != "/settings/account" {
		t.Fatalf("save zone: %d %v", code, h)
	}
	if acc, _ := env.Access.Account(ctx, a.Actor, a.Account.ID); acc.TimeZone != "America/Los_Angeles" {
		t.Fatalf("zone not saved: %+v", acc)
	}
	// A member sees the zone but cannot change it.
	m := newBrowser(t, env)
	m.login("member@pacific.example", pw)
	if _, body, _ := m.get("/"); strings.Contains(body, `href="/settings/account"`) {
		t.Error("a member has the Account link")
	}
	if code, body, _ := m.get("/settings/account"); code != 200 || strings.Contains(body, `id="account-form-`) || !strings.Contains(body, "America/Los_Angeles") {
		t.Fatalf("member's account page: %d\n%s", code, body)
	}
	if code, _, _ := m.post("/settings/account", url.Values{"account_id": {itoa(a.Account.ID)}, "time_zone": {"Europe/London"}}); code != http.StatusForbidden {
		t.Fatalf("member changes the zone: %d", code)
	}

	// The request page shows the FOC in the account's zone, the carrier's time beside it.
	env.Clock.Set(time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC))
	b.login(a.Admin.Email, a.Password) // four hours on, the session has ended as idle
	p, err := env.PortIns.Create(ctx, a.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "+1 212 555 0231"}}})
	if err != nil {
		t.Fatal(err)
	}
	foc := time.Date(2026, 12, 8, 15, 0, 0, 0, time.UTC) // 10:00 in New York
	if err := env.Store.InTx(ctx, func(tx domain.Tx) error {
		p.Status, p.FOC = domain.StatusScheduled, &foc
		return tx.UpdatePortIn(ctx, &p)
	}); err != nil {
		t.Fatal(err)
	}
	_, body, _ = b.get("/port-ins/" + itoa(p.ID))
	if want := "Tuesday 8 December 2026 at 07:00 PST (10:00 EST, the carrier&#39;s time)"; !strings.Contains(body, want) {
		t.Fatalf("the request page lacks %q:\n%s", want, body)
	}
}
