package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The Statement page: a customer's admins read their account's month with its sub-accounts
// and download it as CSV, and see nothing of other accounts; the team adjusts and reverses
// from the same page, with errors beside the fields.
func TestWebStatement(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		parent := env.NewCustomer(t, "Holdings", 0, domain.CountryGB)
		sub := env.NewCustomer(t, "Holdings Leeds", parent.Account.ID, domain.CountryGB)
		other := env.NewCustomer(t, "Rival", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		if _, _, err := env.Access.CreateUser(ctx, desk.System(), access.NewUser{AccountID: parent.Account.ID, Role: domain.RoleMember,
			Email: "member@holdings.example", Password: "correct horse battery staple"}); err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct {
			acct   int64
			amount int64
			reason string
		}{{sub.Account.ID, 2500, "Leeds admin charge"}, {other.Account.ID, 4200, "Rival's secret fee"}} {
			if _, err := env.Billing.AdjustLedger(ctx, staff, a.acct, billing.Adjustment{Amount: a.amount, Currency: "GBP", Reason: a.reason}); err != nil {
				t.Fatal(err)
			}
		}

		cust := newBrowser(t, env)
		cust.login(parent.Admin.Email, parent.Password)
		_, home, _ := cust.get("/")
		if !strings.Contains(home, `href="/statement"`) {
			t.Fatal("no Statement link in the navigation")
		}
		code, body, _ := cust.get("/statement")
		if code != 200 || !strings.Contains(body, "Leeds admin charge") || !strings.Contains(body, "GBP 25.00") || strings.Contains(body, "Rival") ||
			!strings.Contains(body, `id="statement-csv"`) || strings.Contains(body, `id="adjust-form"`) || strings.Contains(body, "/reverse") {
			t.Fatalf("the customer's statement: %d\n%s", code, body)
		}
		code, csv, h := cust.get("/statement.csv?account=" + itoa(parent.Account.ID))
		if code != 200 || h.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(csv, "Holdings Leeds,adjustment,Leeds admin charge,,25.00,GBP") {
			t.Fatalf("CSV: %d %v\n%s", code, h, csv)
		}
		for _, path := range []string{"/statement?account=" + itoa(other.Account.ID), "/statement.csv?account=" + itoa(other.Account.ID)} {
			if code, body, _ := cust.get(path); code != http.StatusNotFound || strings.Contains(body, "secret") {
				t.Errorf("%s: %d", path, code)
			}
		}
		if code, body, _ := cust.get("/statement?month=2026-13"); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="statement-month-err"`) {
			t.Errorf("a bad month: %d", code)
		}
		if code, _, _ := cust.post("/statement/adjustments", url.Values{"account": {itoa(parent.Account.ID)}, "amount": {"-10"}, "currency": {"GBP"}, "reason": {"x"}}); code != http.StatusForbidden {
			t.Errorf("a customer's adjustment: %d", code)
		}
		leeds := newBrowser(t, env)
		leeds.login(sub.Admin.Email, sub.Password)
		if code, _, _ := leeds.get("/statement?account=" + itoa(parent.Account.ID)); code != http.StatusNotFound {
			t.Errorf("the parent's statement from below: %d", code)
		}
		member := newBrowser(t, env)
		member.login("member@holdings.example", "correct horse battery staple")
		if _, home, _ := member.get("/"); strings.Contains(home, `href="/statement"`) {
			t.Error("a member is offered the statement")
		}
		if code, _, _ := member.get("/statement"); code != http.StatusForbidden {
			t.Errorf("a member's statement: %d", code)
		}

		team := newBrowser(t, env)
		team.login("agent@op.example", "correct horse battery staple")
		if code, body, _ := team.get("/statement"); code != 200 || !strings.Contains(body, `id="statement-choose"`) {
			t.Fatalf("staff without an account: %d", code)
		}
		page := "/statement?account=" + itoa(other.Account.ID)
		if code, body, _ := team.get(page); code != 200 || !strings.Contains(body, "Rival&#39;s secret fee") || !strings.Contains(body, `id="adjust-form"`) {
			t.Fatalf("staff on any account: %d\n%s", code, body)
		}
		for _, tc := range []struct {
			name, amount, currency, reason, errID string
		}{
			{"a bad currency", "10", "QQQ", "x", "adjust-currency-err"},
			{"an amount in words", "ten", "GBP", "x", "adjust-amount-err"},
			{"too many decimals", "1.005", "GBP", "x", "adjust-amount-err"},
			{"a comma that is not a thousands separator", "1,50", "GBP", "x", "adjust-amount-err"},
			{"two signs", "--5", "GBP", "x", "adjust-amount-err"},
			{"decimals in yen", "1.50", "JPY", "x", "adjust-amount-err"},
			{"no reason", "10", "GBP", "", "adjust-reason-err"},
		} {
			code, body, _ := team.post("/statement/adjustments", url.Values{"account": {itoa(other.Account.ID)}, "amount": {tc.amount}, "currency": {tc.currency}, "reason": {tc.reason}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+tc.errID+`"`) || !strings.Contains(body, `value="`+tc.amount+`"`) {
				t.Errorf("%s: %d, want the error beside its field", tc.name, code)
			}
			if tc.errID == "adjust-amount-err" && !strings.Contains(body, "commas only between groups of three digits") {
				t.Errorf("%s: the amount's error does not say how to write it", tc.name)
			}
		}
		code, _, h = team.post("/statement/adjustments", url.Values{"account": {itoa(other.Account.ID)}, "amount": {"-12.50"}, "currency": {"GBP"}, "reason": {"Goodwill"}})
		if code != http.StatusSeeOther {
			t.Fatalf("adjustment: %d", code)
		}
		_, body, _ = team.get(h.Get("Location"))
		if !strings.Contains(body, "Credit of GBP -12.50 added.") || !strings.Contains(body, "Goodwill") || !strings.Contains(body, "GBP 29.50") {
			t.Fatalf("after the adjustment:\n%s", body)
		}
		m := regexp.MustCompile(`action="/statement/entries/(\d+)/reverse"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no Reverse button")
		}
		reverse := "/statement/entries/" + m[1] + "/reverse"
		form := url.Values{"account": {itoa(other.Account.ID)}, "month": {"2026-11"}}
		if code, body, _ := team.post(reverse, form); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="reverse-err-`+m[1]+`"`) {
			t.Errorf("a reversal without a reason: %d", code)
		}
		form.Set("reason", "Charged in error")
		if code, _, _ := team.post(reverse, form); code != http.StatusSeeOther {
			t.Fatalf("reversal: %d", code)
		}
		if code, body, _ := team.post(reverse, form); code != http.StatusConflict || !strings.Contains(body, "reversed already") {
			t.Errorf("a second reversal: %d", code)
		}
		_, body, _ = team.get(page + "&month=2026-11")
		if !strings.Contains(body, "Reversed by #") || strings.Count(body, `action="/statement/entries/`) != 1 {
			t.Errorf("the reversed entry still offers a reversal:\n%s", body)
		}
		// The reversal offers no Reverse button, and a forged one is refused: an adjustment is
		// how to charge again.
		if rm := regexp.MustCompile(`Reversed by #(\d+)`).FindStringSubmatch(body); rm == nil {
			t.Error("no reversal on the statement")
		} else if code, body, _ := team.post("/statement/entries/"+rm[1]+"/reverse", form); code != http.StatusConflict || !strings.Contains(body, "make an adjustment instead") {
			t.Errorf("a reversal of the reversal: %d", code)
		}
		// Without the form's token, nothing is added.
		if code, _, _ := team.post("/statement/adjustments", url.Values{"csrf_token": {"forged"}, "account": {itoa(other.Account.ID)}, "amount": {"1"}, "currency": {"GBP"}, "reason": {"x"}}); code != http.StatusForbidden {
			t.Errorf("a forged form: %d", code)
		}
	})
}
