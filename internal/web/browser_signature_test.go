package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/web"
)

// TestBrowserSendForSignature: in Chromium, a customer's admin sends the letter for signature;
// the authorised person opens the emailed link in a browser of their own, with no account,
// types their title, draws, agrees and signs; the admin's page then says "Signed", and the
// evidence says it was signed through the link, from which address and browser.
func TestBrowserSendForSignature(t *testing.T) {
	t.Parallel()
	chromium(t)
	ctx := context.Background()
	env := desktest.New(t, desktest.SQLite)
	mail := smtptest.Start(t)
	m, err := notify.NewSMTP(notify.SMTPConfig{Host: mail.Host, Port: mail.Port, TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	env.UseMailer(t, m)
	cust := env.NewCustomer(t, "Signature Browser Co", 0, domain.CountryGB)
	p, err := env.PortIns.Create(ctx, cust.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0841"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.PortIns.Update(ctx, cust.Actor, p.ID, p.Version, desktest.Complete()); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	page := fmt.Sprintf("%s/port-ins/%d", srv.URL, p.ID)

	admin := newChrome(t)
	var waiting string
	admin.run("the admin sends the letter for signature",
		loginAs(srv.URL, cust.Admin.Email, cust.Password),
		chromedp.Navigate(page),
		chromedp.WaitVisible("#send-for-signature", chromedp.ByID),
		chromedp.Click("#send-for-signature", chromedp.ByID),
		chromedp.WaitVisible(`//p[contains(@class, "signature-request")][contains(., "Waiting for signature")]`),
		chromedp.Text("#signature-requests", &waiting, chromedp.ByID),
		admin.shot("signature-01-waiting"),
	)
	if !strings.Contains(waiting, "jane@acme.example") {
		t.Fatalf("the waiting request does not say to whom:\n%s", waiting)
	}
	if n := env.SendSignatureRequests(t); n != 1 {
		t.Fatalf("jobs run: %d", n)
	}
	got := mail.Wait(1, 5*time.Second)
	if len(got) != 1 || got[0].To[0] != "jane@acme.example" {
		t.Fatalf("mail: %+v", got)
	}
	tok := desktest.LinkToken(t, got[0])
	if tok == "" {
		t.Fatal("no link in the email")
	}

	signer := newChrome(t) // a browser of their own: no session, no account
	var box []float64
	var done string
	signer.run("the signer opens the link and signs",
		chromedp.Navigate(srv.URL+"/sign?token="+tok),
		chromedp.WaitVisible("#link-sign-form", chromedp.ByID),
		chromedp.SendKeys("#signer_title", "Director", chromedp.ByID),
		chromedp.ScrollIntoView("#signature-pad", chromedp.ByID),
		chromedp.Evaluate(`(() => { const r = document.getElementById("signature-pad").getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`, &box),
		chromedp.ActionFunc(func(ctx context.Context) error {
			x, y, w, h := box[0], box[1], box[2], box[3]
			if err := input.DispatchMouseEvent(input.MousePressed, x+w*0.1, y+h*0.5).WithButton(input.Left).WithClickCount(1).Do(ctx); err != nil {
				return err
			}
			for i := 1; i <= 10; i++ {
				if err := input.DispatchMouseEvent(input.MouseMoved, x+w*(0.1+0.07*float64(i)), y+h*(0.5+0.3*float64(i%2)-0.15)).WithButton(input.Left).WithButtons(1).Do(ctx); err != nil {
					return err
				}
			}
			return input.DispatchMouseEvent(input.MouseReleased, x+w*0.8, y+h*0.5).WithButton(input.Left).WithClickCount(1).Do(ctx)
		}),
		chromedp.Click("#agree", chromedp.ByID),
		signer.shot("signature-02-signer"),
		chromedp.Click("#link-sign-button", chromedp.ByID),
		chromedp.WaitVisible("#signed-done", chromedp.ByID),
		chromedp.Text("#signed-done", &done, chromedp.ByID),
	)
	if !strings.Contains(done, "Jane Smith, Director") {
		t.Fatalf("the signer's thanks: %s", done)
	}
	var dead string
	signer.run("the link works once",
		chromedp.Navigate(srv.URL+"/sign?token="+tok),
		chromedp.WaitVisible("#sign-link-bad", chromedp.ByID),
		chromedp.Text("#sign-link-bad", &dead, chromedp.ByID),
	)

	var signed, timeline string
	admin.run("the admin sees it signed",
		chromedp.Navigate(page),
		chromedp.WaitVisible(`//p[contains(@class, "signature-request")][contains(., "Signed")]`),
		chromedp.Text("#paperwork", &signed, chromedp.ByID),
		chromedp.Text("ol.timeline", &timeline, chromedp.ByQuery),
		admin.shot("signature-03-signed"),
	)
	if !strings.Contains(signed, "Signed by Jane Smith, Director") || !strings.Contains(signed, "through the emailed link") {
		t.Fatalf("the admin's paperwork:\n%s", signed)
	}
	// The timeline tells both: the letter sent to Jane, then signed through her link.
	for _, want := range []string{"sent for signature to Jane Smith <jane@acme.example>", "through the link emailed to jane@acme.example"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline does not say %q:\n%s", want, timeline)
		}
	}
	sigs, err := env.Store.LOASignatures(ctx, []int64{p.ID})
	if err != nil || len(sigs) != 1 {
		t.Fatalf("signatures: %+v %v", sigs, err)
	}
	g := sigs[0]
	if g.SignatureRequestID == 0 || g.UserID != 0 || g.IP != "127.0.0.1" || !strings.Contains(g.UserAgent, "Chrome") || len(g.Drawn) == 0 || g.SignerEmail != "jane@acme.example" {
		t.Fatalf("evidence: request %d, user %d, ip %q, agent %q, drawn %d bytes, email %q", g.SignatureRequestID, g.UserID, g.IP, g.UserAgent, len(g.Drawn), g.SignerEmail)
	}
}
