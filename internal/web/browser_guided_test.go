package web_test

import (
	"context"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// guidedShot saves a full-page screenshot under $PORTDESK_ARTIFACTS/screenshots (CI's
// artifacts), or $PORTDESK_SCREENSHOTS as the other browser tests do; neither set: none.
func guidedShot(name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		dir := os.Getenv("PORTDESK_SCREENSHOTS")
		if a := os.Getenv("PORTDESK_ARTIFACTS"); a != "" {
			dir = filepath.Join(a, "screenshots")
		}
		if dir == "" {
			return nil
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		var png []byte
		if err := chromedp.FullScreenshot(&png, 100).Do(ctx); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// TestBrowserGuidedPortUK walks the guided port in Chromium for two UK geographic numbers,
// from the numbers to submit, then changes the request after submit.
func TestBrowserGuidedPortUK(t *testing.T) {
	t.Parallel()
	chromium(t)
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Guided Browser Ltd", 0, domain.CountryGB)
	guidedPrices(t, env)
	h, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newChrome(t)
	run, shot := b.run, guidedShot
	var text string
	flash := func(s string) chromedp.Action {
		return chromedp.WaitVisible(`//p[contains(@class, "flash") and contains(., "` + s + `")]`)
	}
	current := func(s string) chromedp.Action {
		return chromedp.WaitVisible(`//li[@aria-current="step" and contains(., "` + s + `")]`)
	}

	run("log in", loginAs(srv.URL, cust.Admin.Email, cust.Password))
	run("numbers first",
		chromedp.Click(`//nav//a[contains(., "New request")]`),
		chromedp.WaitVisible("#content", chromedp.ByID),
		chromedp.SendKeys("#content", "0113 496 0401\n0113 496 0402\n", chromedp.ByID),
		shot("guided-01-new"),
		chromedp.Click("#start-button", chromedp.ByID),
		flash("2 numbers added"), current("Numbers"),
		chromedp.WaitVisible("#numbers-table", chromedp.ByID),
		shot("guided-02-numbers"),
		chromedp.Click("#step-next", chromedp.ByID),
		current("Details as on the bill"),
	)
	fill := []chromedp.Action{}
	for id, v := range map[string]string{
		"#f-losing_provider": "BT", "#f-losing_provider_address": "BT, 1 Braham Street, London E1 8EE",
		"#f-customer_name":          "Guided Browser Ltd",
		"#f-authorised_person-name": "Gus Guide", "#f-authorised_person-title": "Director",
		"#f-authorised_person-email": "gus@guided.example",
		"#f-billing_address-line1":   "2 Park Row", "#f-billing_address-city": "Leeds",
		"#f-billing_address-postcode": "LS1 5AB", "#f-billing_address-country": "GB",
		"#f-account_number": "BT-777", "#f-btn": "0113 496 0401",
	} {
		fill = append(fill, chromedp.SendKeys(id, v, chromedp.ByQuery))
	}
	fill = append(fill, chromedp.Click(`input[name=line_type][value=single_line]`, chromedp.ByQuery), shot("guided-03-details"),
		chromedp.Click("#save-step", chromedp.ByID), flash("Saved"), current("Agreements"))
	run("details as on the bill", fill...)

	agree := []chromedp.Action{}
	for _, a := range domain.Agreements {
		agree = append(agree, chromedp.Click(`input[name=accept][value=`+string(a.Key)+`]`, chromedp.ByQuery))
	}
	agree = append(agree, chromedp.Click("#accept-quote-box", chromedp.ByID), shot("guided-04-agreements"),
		chromedp.Click("#save-step", chromedp.ByID), current("Letter of authorisation"), chromedp.WaitVisible("#sign-section", chromedp.ByID))
	run("agreements and the quote", agree...)

	// Back to the details: what was saved is there, and the step is done.
	run("go back to a step",
		chromedp.Click(`//nav[@class="guide"]//a[contains(., "Details as on the bill")]`),
		current("Details as on the bill"),
		chromedp.Value("#f-customer_name", &text, chromedp.ByID),
	)
	if text != "Guided Browser Ltd" {
		t.Fatalf("the details step lost the name: %q", text)
	}
	run("forward to the letter",
		chromedp.Click(`//nav[@class="guide"]//a[contains(., "Letter of authorisation")]`),
		current("Letter of authorisation"), chromedp.WaitVisible("#signature-pad", chromedp.ByID))

	var rect struct{ X, Y, W, H float64 }
	run("find the signature pad",
		chromedp.ScrollIntoView("#signature-pad", chromedp.ByID),
		chromedp.Evaluate(`(() => { const r = document.getElementById("signature-pad").getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, &rect),
	)
	stroke := []chromedp.Action{chromedp.MouseEvent(input.MousePressed, rect.X+20, rect.Y+rect.H/2, chromedp.ButtonLeft)}
	for i := 1; i <= 20; i++ {
		x := rect.X + 20 + float64(i)*(rect.W-40)/20
		y := rect.Y + rect.H/2 + 30*math.Sin(float64(i)/2)
		stroke = append(stroke, chromedp.MouseEvent(input.MouseMoved, x, y, chromedp.ButtonLeft, func(p *input.DispatchMouseEventParams) *input.DispatchMouseEventParams { return p.WithButtons(1) }))
	}
	stroke = append(stroke, chromedp.MouseEvent(input.MouseReleased, rect.X+rect.W-20, rect.Y+rect.H/2, chromedp.ButtonLeft),
		chromedp.Click("#agree", chromedp.ByID), shot("guided-05-letter"),
		chromedp.Click("#sign-button", chromedp.ByID), flash("Letter of authorisation signed"), current("Proof of ownership"))
	run("sign the letter", stroke...)

	billPath := filepath.Join(t.TempDir(), "bill.pdf")
	if err := os.WriteFile(billPath, desktest.BillPDF("Guided Browser Ltd - BT bill"), 0o600); err != nil {
		t.Fatal(err)
	}
	run("proof of ownership",
		chromedp.SetUploadFiles("#doc-file", []string{billPath}, chromedp.ByID),
		chromedp.Click("#upload-button", chromedp.ByID),
		flash("Document received"), current("Proof of ownership"),
		chromedp.WaitVisible("#documents-table", chromedp.ByID),
		shot("guided-06-proof"),
		chromedp.Click("#step-next", chromedp.ByID),
		current("Who gets updates"),
		shot("guided-07-updates"),
		chromedp.Click("#recipients-button", chromedp.ByID),
		current("Review and submit"),
		chromedp.WaitVisible(".ready", chromedp.ByQuery),
		chromedp.Text("#review", &text, chromedp.ByID),
		shot("guided-08-review"),
	)
	for _, want := range []string{"2 numbers, 1 order", "Earliest port date", "Quote accepted"} {
		if !strings.Contains(text, want) {
			t.Errorf("review lacks %q:\n%s", want, text)
		}
	}
	run("submit",
		chromedp.Click("#submit", chromedp.ByID),
		flash("Submitted."),
		chromedp.WaitVisible("#tracker", chromedp.ByID),
		chromedp.Text("#tracker", &text, chromedp.ByID),
		shot("guided-09-tracker"),
	)
	if !strings.Contains(text, "Submitted") || !strings.Contains(text, "nothing for you to do now") {
		t.Fatalf("tracker:\n%s", text)
	}

	date := env.Clock.Now().AddDate(0, 1, 0).Format("2006-01-02")
	run("change the date after submit",
		chromedp.Click("#change-link", chromedp.ByID),
		chromedp.WaitVisible("#change-warning", chromedp.ByID),
		shot("guided-10-change"),
		chromedp.SetValue("#f-desired_date", date, chromedp.ByID),
		chromedp.Click("#change-date-button", chromedp.ByID),
		flash("Desired date changed"),
		chromedp.WaitVisible("#tracker", chromedp.ByID),
	)
	run("add a number after submit",
		chromedp.Click("#change-link", chromedp.ByID),
		chromedp.WaitVisible("#change-add", chromedp.ByID),
		chromedp.SendKeys("#change-add", "0113 496 0403", chromedp.ByID),
		chromedp.Click("#change-add-button", chromedp.ByID),
		flash("1 number added"),
		chromedp.Text("#change-numbers-table", &text, chromedp.ByID),
		shot("guided-11-changed"),
	)
	if !strings.Contains(text, "+44 113 496 0403") {
		t.Fatalf("the added number is not listed:\n%s", text)
	}
	v, err := env.PortIns.Get(context.Background(), cust.Actor, 1)
	if err != nil || v.Status != domain.StatusSubmitted || v.NumberCount != 3 || v.DesiredDate == nil || v.DesiredDate.Format("2006-01-02") != date {
		t.Fatalf("after the changes: %v %s %d %v", err, v.Status, v.NumberCount, v.DesiredDate)
	}
}
