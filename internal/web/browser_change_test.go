package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// TestBrowserChangeAfterSubmit: a customer's admin changes a submitted request on its change
// page in Chromium (adds a number, removes one, moves the desired date), is warned first that
// each change goes back to review and the letter must be signed again, and sees the result on
// the request page.
func TestBrowserChangeAfterSubmit(t *testing.T) {
	t.Parallel()
	chromium(t)
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Change Browser Ltd", 0, domain.CountryGB)
	p := env.Submitted(t, cust.Actor, "0113 496 0411", "0113 496 0412")
	h, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newChrome(t)
	// Removing a number asks "Remove …?": say yes, as a person would.
	chromedp.ListenTarget(b.ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go func() { _ = chromedp.Run(b.ctx, page.HandleJavaScriptDialog(true)) }()
		}
	})
	run, shot := b.run, guidedShot
	flash := func(s string) chromedp.Action {
		return chromedp.WaitVisible(`//p[contains(@class, "flash") and contains(., "` + s + `")]`)
	}
	path := srv.URL + "/port-ins/" + itoa(p.ID)
	var warning, numbers, details, timeline, status string

	run("log in", loginAs(srv.URL, cust.Admin.Email, cust.Password))
	run("open the change page from the request",
		chromedp.Navigate(path),
		chromedp.Click("#change-link", chromedp.ByID),
		chromedp.WaitVisible("#change-warning", chromedp.ByID),
		chromedp.Text("#change-warning", &warning, chromedp.ByID),
		shot("change-01-warning"),
	)
	for _, want := range []string{"goes back to review", "Submitted", "signed again"} {
		if !strings.Contains(warning, want) {
			t.Fatalf("the warning lacks %q: %s", want, warning)
		}
	}
	run("add a number",
		chromedp.SendKeys("#change-add", "0113 496 0413", chromedp.ByID),
		chromedp.Click("#change-add-button", chromedp.ByID),
		flash("1 number added"),
		chromedp.WaitVisible("#change-warning", chromedp.ByID),
	)
	run("remove a number",
		chromedp.Click(`//button[@aria-label="Remove +44 113 496 0412"]`),
		flash("removed"),
		chromedp.WaitVisible("#change-warning", chromedp.ByID),
	)
	date := env.Clock.Now().AddDate(0, 1, 0)
	for date.Weekday() == time.Saturday || date.Weekday() == time.Sunday {
		date = date.AddDate(0, 0, 1)
	}
	run("move the desired date",
		chromedp.SetValue("#f-desired_date", date.Format("2006-01-02"), chromedp.ByID),
		shot("change-02-edited"),
		chromedp.Click("#change-date-button", chromedp.ByID),
		flash("Desired date changed"),
	)
	run("the result on the request page",
		chromedp.Navigate(path),
		chromedp.WaitVisible("#numbers-table", chromedp.ByID),
		chromedp.Text("#status", &status, chromedp.ByID),
		chromedp.Text("#numbers-table", &numbers, chromedp.ByID),
		chromedp.Text(".details", &details, chromedp.ByQuery),
		chromedp.Text(".timeline", &timeline, chromedp.ByQuery),
		shot("change-03-result"),
	)
	if status != "Submitted" || !strings.Contains(numbers, "+44 113 496 0411") || !strings.Contains(numbers, "+44 113 496 0413") || strings.Contains(numbers, "+44 113 496 0412") {
		t.Fatalf("after the changes: %s\n%s", status, numbers)
	}
	if !strings.Contains(details, date.Format("2 Jan 2006")) {
		t.Fatalf("the desired date is not %s:\n%s", date.Format("2 Jan 2006"), details)
	}
	if !strings.Contains(timeline, "1 number added") || !strings.Contains(strings.ToLower(timeline), "removed") {
		t.Fatalf("the timeline does not tell of the changes:\n%s", timeline)
	}
	v, err := env.PortIns.Get(context.Background(), cust.Actor, p.ID)
	if err != nil || v.Status != domain.StatusSubmitted || v.NumberCount != 2 || v.DesiredDate == nil || !v.DesiredDate.Equal(time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("stored: %v %s %d %v", err, v.Status, v.NumberCount, v.DesiredDate)
	}
}
