package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// A request split into orders lists its orders where its numbers were (each with its link,
// how many numbers it took and its status), not "No numbers yet".
func TestWebSplitParentListsItsOrders(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Split Co", 0, domain.CountryGB)
	p := env.Submitted(t, cust.Actor, "0113 496 0321", "0113 496 0322", "0800 123 4567")
	if p.Status != domain.StatusSplit {
		t.Fatalf("not split: %s", p.Status)
	}
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, cust.Password)
	_, page, _ := b.get("/port-ins/" + itoa(p.ID))
	numbers := section(page, `<section class="card" id="numbers">`, `</section>`)
	orders := regexp.MustCompile(`<a href="/port-ins/(\d+)">Order #\d+</a>`).FindAllStringSubmatch(numbers, -1)
	if strings.Contains(numbers, "No numbers yet") || len(orders) != 2 || !strings.Contains(numbers, "2 numbers") || !strings.Contains(numbers, "1 number (first") ||
		!strings.Contains(numbers, `<span class="badge s-submitted">Submitted</span>`) {
		t.Fatalf("the split request's numbers:\n%s", numbers)
	}
	if strings.Contains(page, "Add portable numbers") {
		t.Fatal("a split request asks for portable numbers")
	}
}
