package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

var (
	scriptOrStyle = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`)
	anyTag        = regexp.MustCompile(`<[^>]*>`)
)

// visibleText is what a person reads on a page: no tags, attributes, scripts or styles.
func visibleText(page string) string {
	return anyTag.ReplaceAllString(scriptOrStyle.ReplaceAllString(page, " "), " ")
}

// rawCodes are the codes of the domain's lists that have words of their own: none may be
// shown to a person as it is.
func rawCodes() []string {
	codes := []string{domain.RowInvalidNumber, domain.RowInvalidReceiving, domain.RowDuplicateInRequest, domain.RowNumberInOpenPort,
		domain.RowNumberAlreadyActive, domain.RowAccountMismatch, domain.WarnActiveReceiving,
		string(domain.InventoryPortingIn), string(domain.InventoryPortingOut), string(domain.StatusActionRequired), string(domain.StatusInProgress)}
	for _, a := range domain.Agreements {
		if strings.Contains(string(a.Key), "_") { // a one-word code is an English word too
			codes = append(codes, string(a.Key))
		}
	}
	for _, r := range domain.Rejections {
		if strings.Contains(string(r.Code), "_") {
			codes = append(codes, string(r.Code))
		}
	}
	return codes
}

// TestWebNoRawCodesShown renders the pages a customer and the team read most, after a row
// problem, accepted statements and a request sent back, and fails on any code shown as it is.
func TestWebNoRawCodesShown(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Words Co", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, cust.Actor, "+441134960301", "+441134960302")
	v, err := env.PortIns.Get(context.Background(), cust.Actor, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Team.RequestFix(context.Background(), staff, p.ID, v.Version,
		[]domain.Rejection{{Code: domain.RejectNameMismatch}, {Code: domain.RejectPIN}}, "Please check"); err != nil {
		t.Fatal(err)
	}
	path := "/port-ins/" + itoa(p.ID)

	c := newBrowser(t, env)
	c.login(cust.Admin.Email, cust.Password)
	team := newBrowser(t, env)
	team.login("agent@op.example", password)
	pages := map[string]string{}
	for _, u := range []string{"/", path, path + "/edit", "/port-outs", "/statement"} {
		_, pages["customer "+u], _ = c.get(u)
	}
	for _, u := range []string{"/", path, "/settings/agreements", "/settings/prices", "/reports/time-to-port"} {
		_, pages["team "+u], _ = team.get(u)
	}
	c.get(path)
	_, pages["customer number preview"], _ = c.post(path+"/numbers/preview", url.Values{"content": {"0113 496 0001\n0113 496 0001\nbanana\n"}})
	// Sent back: the yellow "what to fix" is not followed by a green "all done".
	if page := pages["customer "+path]; !strings.Contains(page, `id="fixes"`) || strings.Contains(page, "You have completed all required fields") {
		t.Errorf("the request sent back says both what to fix and that all is complete")
	}
	for name, page := range pages {
		text := visibleText(page)
		for _, code := range rawCodes() {
			if i := strings.Index(text, code); i >= 0 {
				t.Errorf("%s shows the code %q: …%s…", name, code, text[max(0, i-80):min(len(text), i+80)])
			}
		}
	}
}
