package web_test

import (
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// TestBrowserCompletedLetters: in Chromium, a completed request's page says what was ported
// and its letters download from it, signed, with their certificate page, as they were sent.
func TestBrowserCompletedLetters(t *testing.T) {
	t.Parallel()
	chromium(t)
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Letters Browser Co", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := completed(t, env, cust.Actor, staff, "0113 496 0831")
	h, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	b := newChrome(t)
	var ported, paperwork string
	b.run("open the completed request",
		loginAs(srv.URL, cust.Admin.Email, cust.Password),
		chromedp.Navigate(fmt.Sprintf("%s/port-ins/%d", srv.URL, p.ID)),
		chromedp.WaitVisible("#ported", chromedp.ByID),
		chromedp.Text("#ported", &ported, chromedp.ByID),
		chromedp.Click("#letters-sent summary", chromedp.ByQuery),
		chromedp.WaitVisible("#letters-sent a", chromedp.ByQuery),
		chromedp.Text("#paperwork", &paperwork, chromedp.ByID),
		b.shot("letters-01-completed"),
	)
	for _, want := range []string{"1 number", "+44 113 496 0831", "completed by PortDesk"} {
		if !strings.Contains(ported, want) {
			t.Errorf("what was ported does not say %q:\n%s", want, ported)
		}
	}
	if !strings.Contains(paperwork, "The letter as signed and sent (PDF)") || strings.Contains(paperwork, "Add portable numbers") {
		t.Fatalf("the completed request's letters:\n%s", paperwork)
	}
	// Each link downloads as the browser would, with the session's cookie.
	for _, sel := range []string{"a.loa-link", "#letters-sent a"} {
		var got struct {
			Status int
			Type   string
			Data   string
		}
		js := fmt.Sprintf(`fetch(document.querySelector(%q).href).then(async r => {
			const b = new Uint8Array(await r.arrayBuffer());
			let s = ""; for (const c of b) s += String.fromCharCode(c);
			return {Status: r.status, Type: r.headers.get("Content-Type"), Data: btoa(s)};
		})`, sel)
		b.run("download "+sel, chromedp.Evaluate(js, &got, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		pdf, err := base64.StdEncoding.DecodeString(got.Data)
		if err != nil || got.Status != 200 || got.Type != "application/pdf" {
			t.Fatalf("%s: %d %s %v", sel, got.Status, got.Type, err)
		}
		text := desktest.PDFText(t, pdf)
		for _, want := range []string{"Signed electronically by /s/ Jane Smith, Director", "Signature certificate", "The hashes match", "+44 113 496 0831"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the letter does not say %q", sel, want)
			}
		}
	}
}
