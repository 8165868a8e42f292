package web_test

import (
	"context"
	_ "embed"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portout"
	"github.com/portdesk/portdesk/internal/team"
	"github.com/portdesk/portdesk/internal/web"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// axeJS is axe-core, vendored (see testdata/axe.README.md): the suite never downloads it.
//
//go:embed testdata/axe.min.js
var axeJS string

// getRoute is a GET route of the UI's mux as web.go registers it.
var getRoute = regexp.MustCompile(`mux\.Handle(?:Func)?\("GET (/[^"]*)"`)

// uiPages lists the UI's HTML pages from its mux, the path parameters filled from ids (the
// path's prefix up to its {id}: the request, port-out or webhook endpoint to show);
// downloads (PDF, CSV, documents, mail files) and the static files are not pages. Every other
// page is visited: a route with a parameter the test has nothing for fails the test.
func uiPages(t *testing.T, ids map[string]int64) []string {
	src, err := os.ReadFile("web.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range getRoute.FindAllStringSubmatch(string(src), -1) {
		p := strings.TrimSuffix(m[1], "{$}")
		if strings.HasPrefix(p, "/static/") || p == "/favicon.ico" || strings.HasSuffix(p, ".pdf") || strings.HasSuffix(p, ".csv") ||
			strings.Contains(p, "/documents/") || strings.Contains(p, "{file}") || strings.Contains(p, "{letter}") {
			continue
		}
		if i := strings.Index(p, "{id}"); i >= 0 {
			if id, ok := ids[p[:i]]; ok {
				p = strings.Replace(p, "{id}", itoa(id), 1)
			}
		}
		p = strings.Replace(p, "{step}", "review", 1) // the guided step that shows the most
		if strings.Contains(p, "{") {
			t.Errorf("not visited (no %s to show): %s", p[strings.Index(p, "{"):], p)
			continue
		}
		out = append(out, p)
	}
	return out
}

// axeResult is what the page's axe run reports: each serious or critical violation.
const axeRun = `(async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
})()`

// widest names the outermost elements reaching past the right edge, to say what to fix.
const widest = `[...document.querySelectorAll('body *')].filter(e => !e.closest('.table-wrap') || e.classList.contains('table-wrap')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 &&
  !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1)).slice(0, 4)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))`

// navLines counts the lines the main navigation takes (0 without one).
const navLines = `(() => { const n = document.querySelector('header.top nav'); if (!n) return 0;
  return new Set([...n.children].map(e => Math.round(e.getBoundingClientRect().top))).size; })()`

// TestBrowserEveryPageNarrowAndWide visits every page of the UI as a customer's admin and as
// the porting team, on a phone (390 px) and a laptop (1280 px): no page scrolls sideways and
// axe-core finds no serious or critical accessibility problem. A screenshot of each is kept
// under $PORTDESK_ARTIFACTS/pages.
func TestBrowserEveryPageNarrowAndWide(t *testing.T) {
	t.Parallel()
	chromium(t)
	ctx := context.Background()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Every Page Co", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAdmin)
	// A webhook endpoint before the submit, so its log has deliveries to list.
	rc := desktest.NewReceiver(t)
	allow := webhooks.URLPolicy{AllowPrivate: true}
	env.UseWebhooks(t, webhooks.NewSender(allow, 5*time.Second), allow)
	hookURL := rc.URL() + "/hooks"
	ep, err := env.Delivery.CreateWebhookEndpoint(ctx, cust.Actor, cust.Account.ID, delivery.WebhookInput{URL: &hookURL})
	if err != nil {
		t.Fatal(err)
	}
	p := env.Submitted(t, cust.Actor, "+441134960401", "+441134960402")
	// A number leaving, for the port-out's page.
	if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: cust.Account.ID, Number: "0113 496 0409"}); err != nil {
		t.Fatal(err)
	}
	out, err := env.PortOuts.Create(ctx, staff, portout.Input{AccountID: cust.Account.ID, GainingProvider: "Gamma", EndUserName: "Every Page Co", Numbers: []string{"0113 496 0409"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	webH, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(webH)
	t.Cleanup(srv.Close) // the parts below run after this function returns
	shots := ""
	if d := os.Getenv("PORTDESK_ARTIFACTS"); d != "" {
		shots = filepath.Join(d, "pages")
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pages := uiPages(t, map[string]int64{"/port-ins/": p.ID, "/port-outs/": out.ID, "/settings/webhooks/": ep.ID})
	if only := os.Getenv("PORTDESK_PAGES"); only != "" {
		pages = strings.Split(only, ",") // to look again at a few pages while fixing them
	}
	// About 200 visits in four parts (who × width), each its own browser, run side by side.
	for _, who := range []struct{ name, email, pw string }{{"customer", cust.Admin.Email, cust.Password}, {"staff", "agent@op.example", password}} {
		for _, width := range []int64{390, 1280} {
			t.Run(fmt.Sprintf("%s-%d", who.name, width), func(t *testing.T) {
				t.Parallel()
				// A minute or two on a quiet machine; the cap leaves room for a busy one.
				b := newChromeFor(t, 8*time.Minute)
				b.run("log in as "+who.name, chromedp.EmulateViewport(1280, 900), loginAs(srv.URL, who.email, who.pw))
				for _, page := range pages {
					if page == "/login" || page == "/forgot-password" || page == "/reset-password" || page == "/invitation" {
						if who.name == "staff" {
							continue // the signed-out pages once are enough
						}
					}
					var overflow []int
					var lines int
					var wide []string
					var bad []string
					var png []byte
					var title string
					name := fmt.Sprintf("%s-%d%s", who.name, width, strings.ReplaceAll(page, "/", "_"))
					b.run(name,
						chromedp.EmulateViewport(width, 900),
						chromedp.Navigate(srv.URL+page),
						chromedp.WaitReady("body", chromedp.ByQuery),
						chromedp.Title(&title),
						chromedp.Evaluate(`[document.documentElement.scrollWidth, window.innerWidth]`, &overflow),
						chromedp.Evaluate(widest, &wide),
						chromedp.Evaluate(navLines, &lines),
						chromedp.Evaluate(axeJS, nil),
						chromedp.Evaluate(axeRun, &bad, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
						chromedp.ActionFunc(func(ctx context.Context) error {
							if shots == "" {
								return nil
							}
							// Quality under 100 makes a JPEG, small enough for pages thousands of pixels tall.
							return chromedp.FullScreenshot(&png, 80).Do(ctx)
						}),
					)
					if shots != "" {
						if err := os.WriteFile(filepath.Join(shots, name+".jpg"), png, 0o644); err != nil {
							t.Fatal(err)
						}
					}
					if strings.HasPrefix(title, "Not found") {
						t.Errorf("%s (%s): not found, the test seeded nothing to show there", page, who.name)
					}
					if len(overflow) == 2 && overflow[0] > overflow[1] {
						t.Errorf("%s (%s) at %d px scrolls sideways: %d px wide, past the edge: %v", page, who.name, width, overflow[0], wide)
					}
					if width >= 1280 && who.name == "staff" && lines > 1 {
						t.Errorf("%s at %d px: the team's navigation takes %d lines, not one", page, width, lines)
					}
					for _, v := range bad {
						t.Errorf("%s (%s, %d px): %s", page, who.name, width, v)
					}
				}
			})
		}
	}
}
