package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// completed is a request of numbers the porting team completed at its FOC.
func completed(t *testing.T, env *desktest.Env, a, staff domain.Actor, numbers ...string) domain.PortIn {
	t.Helper()
	ctx := context.Background()
	p := env.Submitted(t, a, numbers...)
	p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
	if err != nil {
		t.Fatal(err)
	}
	if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 3), true); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(p.FOC.Add(time.Minute))
	if err := env.PortIns.CompleteAtFOC(ctx, domain.CompleteAtFOCArgs{PortInID: p.ID, FOC: *p.FOC}); err != nil {
		t.Fatal(err)
	}
	p, _ = env.Store.PortIn(ctx, p.ID)
	return p
}

var frozenLink = regexp.MustCompile(`href="(/port-ins/\d+/loa/frozen/\d+)"`)

// A completed request's page says what was ported, when and by whom, and keeps its signed
// letter; a request whose letter changed after signing asks for it to be signed again.
func TestWebLettersAfterThePort(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Evidence Co", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := completed(t, env, c.Actor, staff, "0113 496 0821")
	path := "/port-ins/" + itoa(p.ID)

	b := newBrowser(t, env)
	b.login(c.Admin.Email, c.Password)
	code, page, _ := b.get(path)
	if code != http.StatusOK {
		t.Fatalf("page: %d", code)
	}
	for _, want := range []string{`id="ported"`, "1 number</strong> on", "completed by PortDesk (Completed at the FOC)", "44 113 496 0821",
		"The letter as signed and sent (PDF)", "Letters signed and sent (1)", "signed online", "bill.pdf"} {
		if !strings.Contains(page, want) {
			t.Errorf("the completed request's page does not say %q", want)
		}
	}
	for _, not := range []string{"Add portable numbers", "Set aside", "already with us", "Sign the letter"} {
		if strings.Contains(page, not) {
			t.Errorf("the completed request's page says %q", not)
		}
	}
	frozen := frozenLink.FindStringSubmatch(page)
	if frozen == nil {
		t.Fatal("the completed request's page links no letter signed and sent")
	}
	for _, link := range []string{path + "/loa.pdf?order=" + url.QueryEscape("GB|uk_geographic|bt"), frozen[1]} {
		res, err := b.c.Get(b.base + link)
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("%s: %d %s", link, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if text := desktest.PDFText(t, pdf); !strings.Contains(text, "Signature certificate") || !strings.Contains(text, "+44 113 496 0821") {
			t.Errorf("%s is not the signed letter: %s", link, text)
		}
	}

	// A supplemental order: sign again, from the page.
	q := env.Submitted(t, c.Actor, "0113 496 0822")
	if _, err := env.PortIns.AddNumbers(context.Background(), c.Actor, q.ID, q.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "0113 496 0823"}})), false); err != nil {
		t.Fatal(err)
	}
	qpath := "/port-ins/" + itoa(q.ID)
	_, page, _ = b.get(qpath)
	for _, want := range []string{"Sign again", "it goes to the carrier once signed again", "The letter to sign again (PDF)", "The letter sent before (PDF)", `id="sign-section"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page of a letter changed after signing does not say %q", want)
		}
	}
	if code, _, h := b.post(qpath+"/loa/sign", url.Values{"signer_name": {"Jane Smith"}, "signer_title": {"Director"}, "signer_email": {"jane@acme.example"}, "agree": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("sign again: %d %v", code, h)
	}
	_, page, _ = b.get(qpath)
	if strings.Contains(page, "Sign again") || !strings.Contains(page, "Letters signed and sent (2)") || !strings.Contains(page, "The letter as signed and sent (PDF)") {
		t.Errorf("after signing again the page still asks for it")
	}
}
