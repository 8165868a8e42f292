package web_test

import (
	"context"
	"math"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// chromium finds a browser the machine already has; the suite never downloads one.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("PORTDESK_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("PORTDESK_REQUIRE_BROWSER") != "" {
		t.Fatal("PORTDESK_REQUIRE_BROWSER is set but no Chromium was found")
	}
	t.Skip("chromium not found (set PORTDESK_CHROMIUM or install Debian's chromium): skipping browser suite")
	return ""
}

// chrome is a headless Chromium for one test, with its steps and screenshots.
type chrome struct {
	t   *testing.T
	ctx context.Context
}

// newChrome starts Debian's Chromium (never a downloaded one) for the test.
func newChrome(t *testing.T) *chrome { return newChromeFor(t, 120*time.Second) }

// newChromeFor is newChrome for a test that needs the browser longer than two minutes.
func newChromeFor(t *testing.T, limit time.Duration) *chrome {
	exe := chromium(t)
	// Chromium may still be writing its profile as it exits: keep it out of t.TempDir,
	// whose cleanup fails on a busy directory, and remove it afterwards, trying again while
	// something still writes there (removal fails on a directory that gains a file).
	profile, err := os.MkdirTemp("", "portdesk-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !desktest.Poll(10*time.Second, func() bool { return os.RemoveAll(profile) == nil }) {
			t.Logf("could not remove Chromium's profile %s", profile)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 1000),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	ctx, cancelT := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	// Start the browser on the long-lived context: a step's own deadline must not close it.
	if err := chromedp.Run(ctx); err != nil {
		t.Fatal(err)
	}
	return &chrome{t: t, ctx: ctx}
}

// shot saves a full-page screenshot when PORTDESK_SCREENSHOTS names a directory.
func (c *chrome) shot(name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		dir := os.Getenv("PORTDESK_SCREENSHOTS")
		if dir == "" {
			return nil
		}
		var png []byte
		if err := chromedp.FullScreenshot(&png, 100).Do(ctx); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// loginAs logs in at base as a person does, from no session: the queue's heading shows.
func loginAs(base, email, password string) chromedp.Tasks {
	return chromedp.Tasks{
		network.ClearBrowserCookies(),
		chromedp.Navigate(base + "/login"),
		chromedp.WaitVisible("#email", chromedp.ByID),
		chromedp.SendKeys("#email", email, chromedp.ByID),
		chromedp.SendKeys("#password", password, chromedp.ByID),
		chromedp.Submit("#password", chromedp.ByID),
		chromedp.WaitVisible(`//h1[contains(., "Port requests")]`),
	}
}

// run is one step: 20 s, so a stuck one still leaves time to show the page it stuck on.
func (c *chrome) run(step string, actions ...chromedp.Action) {
	c.t.Helper()
	sctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Run(sctx, actions...); err != nil {
		var html string
		herr := chromedp.Run(c.ctx, chromedp.OuterHTML("body", &html, chromedp.ByQuery))
		c.t.Fatalf("%s: %v\npage (%v): %.3000s", step, err, herr, html)
	}
}

// TestBrowserPortIn drives the real UI in Chromium: log in, create a request, upload a CSV
// with a bad row, see it explained, add the good ones, submit, see what is missing, fill it
// in, submit again and see "Submitted".
func TestBrowserPortIn(t *testing.T) {
	t.Parallel()
	chromium(t)
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Browser Co", 0, domain.CountryGB)
	webH, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The UI alone: its pages and scripts never call the API.
	srv := httptest.NewServer(webH)
	defer srv.Close()

	dir := t.TempDir()
	csvPath := filepath.Join(dir, "numbers.csv")
	csv := "number to port,receiving number,tracking source,account name\n0113 496 0101,0161 496 0000,Google Ads,Browser Co\nnot-a-number,,Radio,\n+44 113 496 0102,,Website,\n"
	if err := os.WriteFile(csvPath, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	b := newChrome(t)
	run, shot := b.run, b.shot
	var text string
	run("log in",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#email", chromedp.ByID),
		shot("01-login"),
		chromedp.SendKeys("#email", cust.Admin.Email, chromedp.ByID),
		chromedp.SendKeys("#password", cust.Password, chromedp.ByID),
		chromedp.Submit("#password", chromedp.ByID),
		chromedp.WaitVisible(`//h1[contains(., "Port requests")]`),
	)
	run("create a draft",
		chromedp.Navigate(srv.URL+"/port-ins/new"),
		chromedp.WaitVisible("#f-losing_provider", chromedp.ByID),
		chromedp.SendKeys("#f-losing_provider", "BT", chromedp.ByID),
		shot("02-new"),
		chromedp.Click(`//button[contains(., "Save draft")]`),
		chromedp.WaitVisible("#numbers", chromedp.ByID),
	)
	run("preview a CSV with a bad row",
		chromedp.SetUploadFiles("#file", []string{csvPath}, chromedp.ByID),
		chromedp.Click("#preview-button", chromedp.ByID),
		chromedp.WaitVisible("#preview", chromedp.ByID),
		chromedp.Text("#preview", &text, chromedp.ByID),
		shot("03-preview"),
	)
	if !strings.Contains(text, "Not a phone number") || !strings.Contains(text, "not-a-number") || !strings.Contains(text, "2 numbers ready") {
		t.Fatalf("preview does not explain the bad row:\n%s", text)
	}
	run("add the good rows",
		chromedp.Click("#commit", chromedp.ByID),
		chromedp.WaitVisible(`//p[contains(@class, "flash") and contains(., "added")]`),
		chromedp.Text(".flash", &text, chromedp.ByQuery),
	)
	if !strings.Contains(text, "2 numbers added") || !strings.Contains(text, "1 row skipped") {
		t.Fatalf("flash: %q", text)
	}
	run("submit too early",
		chromedp.Click("#submit", chromedp.ByID),
		chromedp.WaitVisible("#problems", chromedp.ByID),
		chromedp.Text("#problems", &text, chromedp.ByID),
		shot("04-missing"),
	)
	if !strings.Contains(text, "customer name exactly") || !strings.Contains(text, "billing telephone number") {
		t.Fatalf("missing items:\n%s", text)
	}
	fill := []chromedp.Action{
		chromedp.Click("#edit", chromedp.ByID),
		chromedp.WaitVisible("#f-customer_name", chromedp.ByID),
	}
	for id, v := range map[string]string{
		"#f-losing_provider_address": "BT, 1 Braham Street, London E1 8EE",
		"#f-customer_name":           "Browser Co Ltd",
		"#f-authorised_person-name":  "Bea Browser", "#f-authorised_person-title": "Director",
		"#f-authorised_person-email": "bea@browser.example",
		"#f-billing_address-line1":   "2 Park Row", "#f-billing_address-city": "Leeds",
		"#f-billing_address-postcode": "LS1 5AB", "#f-billing_address-country": "GB",
		"#f-account_number": "BT-123", "#f-btn": "0113 496 0101",
	} {
		fill = append(fill, chromedp.SendKeys(id, v, chromedp.ByQuery))
	}
	fill = append(fill, chromedp.Click(`input[name=customer_type][value=business]`, chromedp.ByQuery),
		chromedp.Click(`input[name=port_type][value=full]`, chromedp.ByQuery),
		chromedp.Click(`input[name=line_type][value=single_line]`, chromedp.ByQuery))
	for _, a := range domain.Agreements {
		fill = append(fill, chromedp.Click(`input[name=accept][value=`+string(a.Key)+`]`, chromedp.ByQuery))
	}
	fill = append(fill, shot("05-form"), chromedp.Click(`//button[contains(., "Save changes")]`),
		chromedp.WaitVisible(`//p[contains(@class, "flash") and contains(., "Changes saved")]`), chromedp.WaitVisible("#sign-section", chromedp.ByID))
	run("fill in what was missing", fill...)

	// Sign the letter by drawing on the canvas with the mouse, then send a bill.
	var rect struct{ X, Y, W, H float64 }
	run("find the signature pad",
		chromedp.ScrollIntoView("#signature-pad", chromedp.ByID),
		chromedp.Evaluate(`(() => { const r = document.getElementById("signature-pad").getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, &rect),
	)
	stroke := []chromedp.Action{chromedp.MouseEvent(input.MousePressed, rect.X+20, rect.Y+rect.H/2, chromedp.ButtonLeft)}
	for i := 1; i <= 20; i++ {
		x := rect.X + 20 + float64(i)*(rect.W-40)/20
		y := rect.Y + rect.H/2 + 30*math.Sin(float64(i)/2)
		stroke = append(stroke, chromedp.MouseEvent(input.MouseMoved, x, y, chromedp.ButtonLeft, chromedp.ButtonModifiers(input.ModifierNone), func(p *input.DispatchMouseEventParams) *input.DispatchMouseEventParams { return p.WithButtons(1) }))
	}
	stroke = append(stroke, chromedp.MouseEvent(input.MouseReleased, rect.X+rect.W-20, rect.Y+rect.H/2, chromedp.ButtonLeft))
	var drawn string
	run("draw a signature", append(stroke, chromedp.Value("#drawn_signature", &drawn, chromedp.ByID), shot("06a-signature"))...)
	if !strings.HasPrefix(drawn, "data:image/png;base64,") {
		t.Fatalf("the drawing did not reach the form: %.40q", drawn)
	}
	billPath := filepath.Join(dir, "bill.pdf")
	if err := os.WriteFile(billPath, desktest.BillPDF("Browser Co Ltd - BT bill"), 0o600); err != nil {
		t.Fatal(err)
	}
	run("sign and send proof of ownership",
		chromedp.Click("#agree", chromedp.ByID),
		chromedp.Click("#sign-button", chromedp.ByID),
		chromedp.WaitVisible(`//p[contains(@class, "flash") and contains(., "Letter of authorisation signed")]`),
		chromedp.SetUploadFiles("#doc-file", []string{billPath}, chromedp.ByID),
		chromedp.Click("#upload-button", chromedp.ByID),
		chromedp.WaitVisible(`//p[contains(@class, "flash") and contains(., "Document received")]`),
		chromedp.WaitVisible(".ready", chromedp.ByQuery),
		shot("06b-paperwork"),
	)
	sigs, err := env.Store.LOASignatures(context.Background(), []int64{1})
	if err != nil || len(sigs) != 1 || len(sigs[0].Drawn) < 100 || sigs[0].UserAgent == "" || sigs[0].IP != "127.0.0.1" {
		t.Fatalf("signature evidence: %v %+v", err, sigs)
	}
	run("submit",
		chromedp.Click("#submit", chromedp.ByID),
		chromedp.WaitVisible(`//p[contains(@class, "flash") and contains(., "Submitted.")]`),
		chromedp.Text("#status", &text, chromedp.ByID),
		shot("06-submitted"),
	)
	if strings.TrimSpace(text) != "Submitted" {
		t.Fatalf("status after submit: %q", text)
	}
	run("the list shows it",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("table.list", chromedp.ByQuery),
		chromedp.Text("table.list", &text, chromedp.ByQuery),
		shot("07-list"),
	)
	if !strings.Contains(text, "+44 113 496 0101") || !strings.Contains(text, "Submitted") {
		t.Fatalf("list:\n%s", text)
	}

	// Check numbers before asking: the list becomes orders, a quote and a date; start a
	// request from the portable ones. GBP 25.00 a geographic number; the numbers are all with
	// BT, one carrier: no admin charge.
	pt := domain.DefaultPriceTable()
	pt.CarrierFees = []domain.CarrierFee{{Country: "GB", Category: "geographic", Fee: domain.Money{Amount: 2500, Currency: "GBP"}}}
	if _, err := env.Billing.SetPriceTable(context.Background(), desk.System(), pt); err != nil {
		t.Fatal(err)
	}
	run("check numbers",
		chromedp.Navigate(srv.URL+"/check"),
		chromedp.WaitVisible("#content", chromedp.ByID),
		chromedp.SendKeys("#content", "0113 496 0201\n020 7946 0201\n0800 123 4567\n0500 123456\n", chromedp.ByID),
		chromedp.SendKeys("#losing_provider", "BT", chromedp.ByID),
		chromedp.Click("#check-button", chromedp.ByID),
		chromedp.WaitVisible("#check-summary", chromedp.ByID),
		chromedp.Text("#check-summary", &text, chromedp.ByID),
		shot("08-check"),
	)
	for _, want := range []string{"3 orders", "Virgin Media Ltd", "UK non-geographic", "Set aside", "GBP 50.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("check summary lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Administration charge") {
		t.Errorf("one losing carrier was quoted an admin charge:\n%s", text)
	}
	run("start a request from the check",
		chromedp.Click("#start-request", chromedp.ByID),
		chromedp.WaitVisible("#portability", chromedp.ByID),
		chromedp.Text("#portability", &text, chromedp.ByID),
		shot("09-request-portability"),
	)
	if !strings.Contains(text, "becomes 3 orders") || !strings.Contains(text, "Accept the quote") {
		t.Fatalf("request portability:\n%s", text)
	}
}
