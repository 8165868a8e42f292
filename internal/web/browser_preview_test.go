package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/web"
)

// letterShown measures the letter on the page as first loaded: the words' box, their font
// size, what they say, and where the PDF link and viewer are.
const letterShown = `(() => {
  const w = document.querySelector('.letter-words'); if (!w) return null;
  const r = w.getBoundingClientRect(), a = document.querySelector('.letter-pdf-link a'), o = document.querySelector('.loa-preview');
  return {width: r.width, height: r.height, font: parseFloat(getComputedStyle(w.querySelector("dd")).fontSize),
    text: w.innerText, link: a ? a.href : '', linkVisible: !!(a && a.offsetParent), type: o ? o.type : '', object: o ? o.getAttribute('data') : ''};
})()`

type letterBox struct {
	Width, Height, Font float64
	Text, Link, Type    string
	LinkVisible         bool
	Object              string
}

// TestBrowserLetterPreview: the letter to sign is readable as the page first loads, on a
// laptop and on a phone: its words in the page (a browser's PDF viewer showed a black box,
// and a phone's shows none), the PDF one link away and, when asked for, in a viewer sized to
// show a page. The request page and the signature link's public page both.
func TestBrowserLetterPreview(t *testing.T) {
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
	cust := env.NewCustomer(t, "Preview Co", 0, domain.CountryGB)
	p, err := env.PortIns.Create(ctx, cust.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0851"}}})
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
	b := newChrome(t)
	b.run("log in", loginAs(srv.URL, cust.Admin.Email, cust.Password))
	check := func(where string, width int64, url string) {
		t.Helper()
		var got *letterBox
		var pdf struct {
			Status int
			Type   string
		}
		var viewer float64
		var bad []string
		var pad struct{ Role, Name, Hint string }
		b.run(where,
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(url),
			chromedp.WaitReady("body", chromedp.ByQuery),
			chromedp.Evaluate(letterShown, &got),
			chromedp.Evaluate(axeJS, nil),
			chromedp.Evaluate(axeRun, &bad, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			chromedp.Evaluate(`(() => { const c = document.getElementById('signature-pad'); if (!c) return {};
			  const h = document.getElementById(c.getAttribute('aria-describedby') || '-');
			  return {role: c.getAttribute('role') || '', name: c.getAttribute('aria-label') || '', hint: h ? h.textContent : ''}; })()`, &pad),
			guidedShot(fmt.Sprintf("letter-preview-%s-%d", where, width)),
		)
		for _, v := range bad {
			t.Errorf("%s at %d px: %s", where, width, v)
		}
		// The drawing pad is named, and says the typed name alone signs (it is optional).
		if pad.Role != "img" || !strings.Contains(pad.Name, "typed name is enough") || !strings.Contains(pad.Hint, "typed full name") {
			t.Errorf("%s: the signature pad is %+v", where, pad)
		}
		if got == nil {
			t.Fatalf("%s at %d px: the letter is not shown in words", where, width)
		}
		if got.Width < 300 || got.Height < 200 || got.Font < 14 {
			t.Errorf("%s at %d px: the letter's words are %.0f×%.0f px at %.0f px type", where, width, got.Width, got.Height, got.Font)
		}
		for _, want := range []string{"Letter of Authority", "Acme Widgets Ltd", "Jane Smith", "+44 113 496 0851", "Authorisation", "Account number"} {
			if !strings.Contains(strings.ToLower(got.Text), strings.ToLower(want)) {
				t.Errorf("%s: the letter's words do not say %q:\n%s", where, want, got.Text)
			}
		}
		if !got.LinkVisible || got.Type != "application/pdf" || got.Object == "" {
			t.Errorf("%s: PDF link visible %v, viewer type %q data %q", where, got.LinkVisible, got.Type, got.Object)
		}
		b.run(where+": the PDF",
			chromedp.Evaluate(fmt.Sprintf(`fetch(%q).then(r => ({status: r.status, type: r.headers.get('content-type')}))`, got.Link), &pdf,
				func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			chromedp.Click(".loa-pdf summary", chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector('.loa-preview').getBoundingClientRect().height`, &viewer),
		)
		if pdf.Status != 200 || pdf.Type != "application/pdf" {
			t.Errorf("%s: the PDF link answers %d %q", where, pdf.Status, pdf.Type)
		}
		if viewer < 380 {
			t.Errorf("%s at %d px: the PDF viewer is %.0f px tall", where, width, viewer)
		}
	}
	for _, width := range []int64{1280, 390} {
		check("request", width, fmt.Sprintf("%s/port-ins/%d", srv.URL, p.ID))
	}
	rs, err := env.PortIns.SendForSignature(ctx, cust.Actor, p.ID, "")
	if err != nil || len(rs) != 1 {
		t.Fatalf("send for signature: %v %v", rs, err)
	}
	env.SendSignatureRequests(t)
	tok := desktest.LinkToken(t, mail.Wait(1, 5*time.Second)[0])
	for _, width := range []int64{1280, 390} {
		check("sign", width, srv.URL+"/sign?token="+tok)
	}
}
