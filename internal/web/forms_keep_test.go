package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// summaryLink is a link of an error summary to the field it names.
var summaryLink = regexp.MustCompile(`<li><a href="#(f-[^"]+)">`)

// TestWebFormKeepsWhatWasTyped: after a validation error every field is shown again as typed,
// the PIN and the installation choices included, and each summary link points at an element
// that exists on the page.
func TestWebFormKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	a := env.NewCustomer(t, "Keeps", 0, domain.CountryGB)
	b := newBrowser(t, env)
	b.login(a.Admin.Email, a.Password)
	b.get("/port-ins/new")
	code, body, _ := b.post("/port-ins", url.Values{"losing_provider": {"BT"}, "pin": {"4711"}, "btn": {"12"},
		"line_type": {"multi_line"}, "ddi": {"whole"}, "recipients": {"nobody@example.invalid"}, "service_same": {"1"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("form error: %d\n%s", code, body)
	}
	for _, want := range []string{`value="4711"`, `value="multi_line" checked`, `value="whole" checked`, `nobody@example.invalid</textarea>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the redisplayed form lost %s", want)
		}
	}
	for _, m := range summaryLink.FindAllStringSubmatch(body, -1) {
		if !strings.Contains(body, `id="`+m[1]+`"`) {
			t.Errorf("the error summary links to #%s, which is not on the page", m[1])
		}
	}
}
