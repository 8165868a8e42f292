package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

var numberRow = regexp.MustCompile(`aria-label="Remove `)

// The request page shows a page of the numbers with their count, and links on to the next
// page and back to the first.
func TestWebNumbersPaged(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Pages", 0, domain.CountryGB)
	in := make([]portin.NumberInput, 150)
	for i := range in {
		in[i] = portin.NumberInput{Number: fmt.Sprintf("+44113496%04d", i)}
	}
	p, err := env.PortIns.Create(t.Context(), cust.Actor, portin.Changes{Numbers: in})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, cust.Password)
	code, body, _ := b.get("/port-ins/" + itoa(p.ID))
	if code != 200 || !strings.Contains(body, `id="number-count">150<`) || len(numberRow.FindAllString(body, -1)) != 100 ||
		!strings.Contains(body, `value="&#43;441134960099"`) || strings.Contains(body, `value="&#43;441134960100"`) || strings.Contains(body, `id="numbers-first"`) {
		t.Fatalf("first page: %d, %d rows\n%s", code, len(numberRow.FindAllString(body, -1)), body)
	}
	next := regexp.MustCompile(`href="(/port-ins/\d+\?cursor=[^"#]+)#numbers" id="numbers-next"`).FindStringSubmatch(body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	code, body, _ = b.get(strings.ReplaceAll(next[1], "&amp;", "&"))
	if code != 200 || len(numberRow.FindAllString(body, -1)) != 50 || !strings.Contains(body, `value="&#43;441134960100"`) || strings.Contains(body, `value="&#43;441134960099"`) ||
		strings.Contains(body, `id="numbers-next"`) || !strings.Contains(body, `id="numbers-first"`) || !strings.Contains(body, `id="number-count">150<`) {
		t.Fatalf("second page: %d, %d rows", code, len(numberRow.FindAllString(body, -1)))
	}
	if code, _, _ = b.get("/port-ins/" + itoa(p.ID) + "?cursor=nonsense!"); code != 422 {
		t.Errorf("a cursor PortDesk did not give out: %d", code)
	}
}
