package web_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// TestBrowserStatement drives the ledger in Chromium: the team charges a sub-account, credits
// it, and reverses the charge after confirming; the parent account's admin reads the month
// with the sub-account's entries, the reversal marked, and the total per currency.
func TestBrowserStatement(t *testing.T) {
	t.Parallel()
	chromium(t)
	env := desktest.New(t, desktest.SQLite)
	parent := env.NewCustomer(t, "Statement Holdings", 0, domain.CountryGB)
	sub := env.NewCustomer(t, "Statement Leeds", parent.Account.ID, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	h, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	b := newChrome(t)
	// The reverse form asks "Reverse this entry?": say yes, as a person would.
	chromedp.ListenTarget(b.ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go func() { _ = chromedp.Run(b.ctx, page.HandleJavaScriptDialog(true)) }()
		}
	})
	login := func(email, password string) chromedp.Tasks { return loginAs(srv.URL, email, password) }
	adjust := func(amount, reason string) chromedp.Tasks {
		return chromedp.Tasks{
			chromedp.WaitVisible("#adjust-form", chromedp.ByID),
			chromedp.SendKeys("#adjust-amount", amount, chromedp.ByID),
			chromedp.SetValue("#adjust-currency", "GBP", chromedp.ByID),
			chromedp.SendKeys("#adjust-reason", reason, chromedp.ByID),
			chromedp.Click("#adjust-submit", chromedp.ByID),
			chromedp.WaitVisible(fmt.Sprintf(`//table[@id="entries-%d"]//td[contains(., %q)]`, sub.Account.ID, reason)),
		}
	}
	b.run("the team charges and credits the sub-account",
		login("agent@op.example", "correct horse battery staple"),
		chromedp.Navigate(fmt.Sprintf("%s/statement?account=%d", srv.URL, sub.Account.ID)),
		adjust("25.00", "Out-of-hours port"),
		adjust("-5.00", "Goodwill credit"),
	)
	var charge string
	b.run("find the charge", chromedp.AttributeValue(fmt.Sprintf(`//table[@id="entries-%d"]//tr[contains(., "Out-of-hours port")]`, sub.Account.ID),
		"id", &charge, nil))
	id := strings.TrimPrefix(charge, "entry-")
	b.run("the team reverses the charge",
		chromedp.SendKeys("#reverse-reason-"+id, "Charged in error", chromedp.ByID),
		chromedp.Click(fmt.Sprintf(`#reverse-%s button`, id), chromedp.ByQuery),
		chromedp.WaitVisible(fmt.Sprintf(`//tr[@id="entry-%s"]//span[contains(., "Reversed by")]`, id)),
		b.shot("statement-01-team"),
	)
	var total, section string
	b.run("the parent's admin reads the month",
		login(parent.Admin.Email, parent.Password),
		chromedp.Navigate(srv.URL+"/statement"),
		chromedp.WaitVisible("#statement", chromedp.ByID),
		chromedp.Text("#statement-totals", &total, chromedp.ByID),
		chromedp.Text(fmt.Sprintf("#entries-%d", sub.Account.ID), &section, chromedp.ByID),
		b.shot("statement-02-customer"),
	)
	if !strings.Contains(total, "GBP -5.00") {
		t.Errorf("the parent's total reads %q, want GBP -5.00", total)
	}
	for _, want := range []string{"Out-of-hours port", "Reversed by", "Goodwill credit", "GBP 25.00", "GBP -25.00"} {
		if !strings.Contains(section, want) {
			t.Errorf("the sub-account's entries do not say %q:\n%s", want, section)
		}
	}
	var forms int
	b.run("customers have no ledger tools", chromedp.Evaluate(`document.querySelectorAll("#adjust-form, form[id^=reverse-]").length`, &forms))
	if forms != 0 {
		t.Error("the customer sees the team's ledger forms")
	}
}
