package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// TestBrowserMobilePAC drives a UK mobile request in Chromium: the customer adds a mobile
// number, is asked for a PAC instead of a letter and a bill, types a wrong one and is told
// why, enters the code and its last day, and submits without signing or uploading anything.
func TestBrowserMobilePAC(t *testing.T) {
	t.Parallel()
	chromium(t)
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Mobile Co", 0, domain.CountryGB)
	p := mobileRequest(t, env, cust.Actor)
	webH, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(webH)
	defer srv.Close()

	b := newChrome(t)
	run, shot := b.run, b.shot
	var text string
	run("log in", loginAs(srv.URL, cust.Admin.Email, cust.Password))
	run("add a mobile number",
		chromedp.Navigate(srv.URL+"/port-ins/"+itoa(p.ID)),
		chromedp.WaitVisible("#content", chromedp.ByID),
		chromedp.SendKeys("#content", "07912 345678\n", chromedp.ByID),
		chromedp.Click("#preview-button", chromedp.ByID),
		chromedp.WaitVisible("#commit", chromedp.ByID),
		chromedp.Click("#commit", chromedp.ByID),
		chromedp.WaitVisible("#pac-form", chromedp.ByID),
		chromedp.Text(".checklist", &text, chromedp.ByQuery),
		shot("m1-asks-for-pac"),
	)
	if !strings.Contains(text, "Enter the PAC") || strings.Contains(text, "Sign the letter") || strings.Contains(text, "proof of ownership") {
		t.Fatalf("still needed:\n%s", text)
	}
	run("a PAC with a digit short",
		chromedp.SendKeys("#pac-code", "ABC12345", chromedp.ByID),
		chromedp.SetValue("#pac-expires_on", env.PACExpiry(20), chromedp.ByID),
		chromedp.Click("#pac-button", chromedp.ByID),
		chromedp.WaitVisible("#pac-code-err", chromedp.ByID),
		chromedp.Text("#pac-code-err", &text, chromedp.ByID),
		shot("m2-bad-pac"),
	)
	if !strings.Contains(text, "three letters and six digits") {
		t.Fatalf("PAC error: %q", text)
	}
	run("enter the PAC",
		chromedp.Evaluate(`document.getElementById("pac-code").select()`, nil),
		chromedp.SendKeys("#pac-code", "abc123456", chromedp.ByID),
		chromedp.Click("#pac-button", chromedp.ByID),
		chromedp.WaitVisible(`//p[contains(@class, "flash") and contains(., "PAC saved")]`),
		chromedp.WaitVisible(".ready", chromedp.ByQuery),
		chromedp.Text("#pac-saved", &text, chromedp.ByID),
		shot("m3-pac-saved"),
	)
	if !strings.Contains(text, "ABC123456") {
		t.Fatalf("saved PAC: %q", text)
	}
	run("submit without a letter or a bill",
		chromedp.Click("#submit", chromedp.ByID),
		chromedp.WaitVisible(`//p[contains(@class, "flash") and contains(., "Submitted.")]`),
		chromedp.Text("#status", &text, chromedp.ByID),
		shot("m4-submitted"),
	)
	if strings.TrimSpace(text) != "Submitted" {
		t.Fatalf("status after submit: %q", text)
	}
	ctx := context.Background()
	docs, _ := env.Store.Documents(ctx, []int64{p.ID})
	sigs, _ := env.Store.LOASignatures(ctx, []int64{p.ID})
	pacs, _ := env.Store.PACs(ctx, []int64{p.ID})
	if len(docs) != 0 || len(sigs) != 0 || len(pacs) != 1 || pacs[0].Code != "ABC123456" {
		t.Fatalf("documents %+v, signatures %+v, PACs %+v", docs, sigs, pacs)
	}
}
