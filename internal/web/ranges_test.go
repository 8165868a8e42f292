package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/ranges"
	"github.com/portdesk/portdesk/internal/web"
)

// browserOn serves the UI of env's use cases rebuilt with checker: range data and the
// assumption without it are the checker's.
func browserOn(t *testing.T, env *desktest.Env, checker *portability.Checker) *browser {
	t.Helper()
	deps := env.Deps
	deps.Checker = checker
	a, err := app.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(a, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// TestWebRangeDataPage: the team's Range data page says what is loaded (blocks, files and
// date per register) or that nothing is, and what UK lead times assume without it; it is
// the team's only.
func TestWebRangeDataPage(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		staff := "ranges-agent@op.example"
		env.NewStaff(t, staff, domain.RoleAgent)
		customer := env.NewCustomer(t, "Range Readers", 0, domain.CountryGB)
		tests := []struct {
			name    string
			checker *portability.Checker
			want    []string
			not     []string
		}{
			{"sample data, SUP assumed", portability.NewChecker(desktest.SampleRanges(t)),
				[]string{`<a href="/settings/ranges" aria-current="page">Range data</a>`, `<tr id="register-ofcom"><td>Ofcom number ranges (UK)</td><td>8</td><td>2</td>`,
					`<tr id="register-cnac"><td>CNAC central-office codes (Canada)</td><td>2</td><td>1</td>`, `id="ranges-files"`, "ofcom_s1_sample.csv",
					"UK lead times assume a <strong>SUP</strong> (subsequent) order"},
				[]string{`id="ranges-none"`, `id="ranges-problem"`}},
			{"fresh install, PRO chosen", portability.NewChecker(&ranges.Set{}, portability.AssumeWhenHolderUnknown(domain.OrderPRO)),
				[]string{`id="ranges-none"`, "No range data is loaded, so every UK range holder is unknown", `<tr id="register-ofcom" class="row-warn"><td>Ofcom number ranges (UK)</td><td>0</td><td>0</td><td>not loaded</td>`,
					`id="ranges-no-files"`, "UK lead times assume a <strong>PRO</strong> order"},
				[]string{`id="ranges-files"`}},
		}
		for _, tt := range tests {
			b := browserOn(t, env, tt.checker)
			b.login(staff, "correct horse battery staple")
			code, body, _ := b.get("/settings/ranges")
			if code != http.StatusOK {
				t.Fatalf("%s: %d\n%s", tt.name, code, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: the page lacks %s:\n%s", tt.name, w, body)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("%s: the page has %s", tt.name, w)
				}
			}
		}

		b := browserOn(t, env, portability.NewChecker(nil))
		b.login(customer.Admin.Email, customer.Password)
		if code, body, _ := b.get("/settings/ranges"); code != http.StatusForbidden || !strings.Contains(body, "Only the porting team") {
			t.Fatalf("a customer: %d\n%s", code, body)
		}
		if _, body, _ := b.get("/"); strings.Contains(body, `href="/settings/ranges"`) {
			t.Fatal("a customer's menu links to the range data")
		}
	})
}

// TestWebCheckSaysRangeHolderUnknown: on a fresh install the Check numbers page says that a
// UK number's range holder is unknown, on the number and on its order, and that the lead
// time assumes SUP: 7 working days for a single line, not the PRO order's 4.
func TestWebCheckSaysRangeHolderUnknown(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		customer := env.NewCustomer(t, "Fresh Install Customer", 0, domain.CountryGB)
		b := browserOn(t, env, portability.NewChecker(&ranges.Set{}))
		b.login(customer.Admin.Email, customer.Password)
		b.get("/check")
		code, body, _ := b.post("/check", url.Values{"content": {"0113 496 0000"}, "losing_provider": {"BT"}, "default_country": {"GB"}})
		if code != http.StatusOK {
			t.Fatalf("check: %d\n%s", code, body)
		}
		for _, w := range []string{
			"Range holder unknown (no Ofcom range data is loaded): the lead time assumes a subsequent (SUP) order",
			`<span class="warn">unknown</span><br><span class="muted small">lead time assumes SUP</span>`,
			"At least 7 working days (single line, SUP order assumed)",
			"Range holder unknown: lead time assumes a subsequent (SUP) order",
		} {
			if !strings.Contains(body, w) {
				t.Errorf("the page lacks %q:\n%s", w, body)
			}
		}
	})
}
