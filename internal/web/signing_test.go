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
	"github.com/portdesk/portdesk/internal/portin"
)

// The public signing page: the link opens the letter without an account; its form needs the
// page's form token as well as the link's; a refused form keeps the letter and what was
// typed; the link signs once.
func TestWebSignatureLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := desktest.New(t, desktest.SQLite)
	mail := smtptest.Start(t)
	m, err := notify.NewSMTP(notify.SMTPConfig{Host: mail.Host, Port: mail.Port, TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	env.UseMailer(t, m)
	cust := env.NewCustomer(t, "Link Form Co", 0, domain.CountryGB)
	p, err := env.PortIns.Create(ctx, cust.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0851"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.PortIns.Update(ctx, cust.Actor, p.ID, p.Version, desktest.Complete()); err != nil {
		t.Fatal(err)
	}
	admin := newBrowser(t, env)
	admin.login(cust.Admin.Email, cust.Password)
	admin.get("/port-ins/" + itoa(p.ID))
	if code, body, _ := admin.post("/port-ins/"+itoa(p.ID)+"/loa/send", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("send: %d %s", code, body)
	}
	env.SendSignatureRequests(t)
	tok := desktest.LinkToken(t, mail.Wait(1, 5*time.Second)[0])

	guest := newBrowser(t, env)
	if code, body, _ := guest.get("/sign?token=nope"); code != http.StatusOK || !strings.Contains(body, "cannot be used") {
		t.Fatalf("unknown link: %d", code)
	}
	if code, body, _ := guest.get("/sign?token=" + tok); code != http.StatusOK || !strings.Contains(body, "Acme Widgets Ltd") || !strings.Contains(body, "44 113 496 0851") {
		t.Fatalf("the letter's page: %d %s", code, body)
	}
	if code, _, h := guest.get("/sign/letter.pdf?token=" + tok); code != http.StatusOK || h.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the letter's PDF: %d %s", code, h.Get("Content-Type"))
	}
	if code, _, _ := guest.get("/sign/letter.pdf?token=nope"); code != http.StatusNotFound {
		t.Fatalf("the PDF of an unknown link: %d", code)
	}
	stranger := newBrowser(t, env) // never opened the page: no form token
	if code, _, _ := stranger.post("/sign", url.Values{"csrf_token": {"forged"}, "token": {tok}, "signer_name": {"Jane Smith"}, "signer_title": {"Director"}, "agree": {"1"}}); code != http.StatusForbidden {
		t.Fatalf("without the form token: %d", code)
	}
	code, body, _ := guest.post("/sign", url.Values{"token": {tok}, "signer_name": {"Jane Smith"}, "signer_title": {"Head of IT"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "I agree") || !strings.Contains(body, `value="Head of IT"`) || !strings.Contains(body, "link-sign-form") {
		t.Fatalf("without agreeing: %d %s", code, body)
	}
	if code, body, _ := guest.post("/sign", url.Values{"token": {tok}, "signer_name": {"Jane Smith"}, "signer_title": {"Director"}, "agree": {"1"}}); code != http.StatusOK || !strings.Contains(body, "the letter is signed") {
		t.Fatalf("sign: %d %s", code, body)
	}
	if code, body, _ := guest.post("/sign", url.Values{"token": {tok}, "signer_name": {"Jane Smith"}, "signer_title": {"Director"}, "agree": {"1"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot be used") {
		t.Fatalf("signed twice: %d", code)
	}
	if _, body, _ := admin.get("/port-ins/" + itoa(p.ID)); !strings.Contains(body, "through the emailed link") {
		t.Fatal("the admin's page does not say the letter was signed through the link")
	}
}

// Send for signature is offered to those who may send: the customer's admin and the team,
// not a plain member, whose post is refused too.
func TestWebSendForSignatureWho(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Who Sends Co", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	const pw = "correct horse battery staple"
	if _, _, err := env.Access.CreateUser(ctx, c.Actor, access.NewUser{AccountID: c.Account.ID, Role: domain.RoleMember, Email: "member@who.example", Password: pw}); err != nil {
		t.Fatal(err)
	}
	p, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0871"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, desktest.Complete()); err != nil {
		t.Fatal(err)
	}
	path := "/port-ins/" + itoa(p.ID)
	for _, who := range []struct {
		email, password string
		may             bool
	}{{c.Admin.Email, c.Password, true}, {"agent@op.example", pw, true}, {"member@who.example", pw, false}} {
		b := newBrowser(t, env)
		b.login(who.email, who.password)
		code, page, _ := b.get(path)
		if code != http.StatusOK || strings.Contains(page, `id="send-for-signature"`) != who.may {
			t.Errorf("%s: %d, the send button shown: %v, want %v", who.email, code, strings.Contains(page, `id="send-for-signature"`), who.may)
		}
		if !who.may {
			if code, _, _ := b.post(path+"/loa/send", url.Values{}); code != http.StatusForbidden {
				t.Errorf("%s posts send: %d", who.email, code)
			}
		}
	}
}
