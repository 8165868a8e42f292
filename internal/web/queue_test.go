package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The team's queue: age in business days, overdue flags, filters and a bulk assignment.
func TestWebQueue(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	env.Clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)) // Monday
	c := env.NewCustomer(t, "Queue Co", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	var ids []int64
	for _, n := range []string{"0113 496 0781", "0113 496 0782"} {
		ids = append(ids, env.Submitted(t, c.Actor, n).ID)
	}
	// Eight business days later (Christmas-free stretch): both are past the 5-day mark.
	env.Clock.Set(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	s := newBrowser(t, env)
	s.login("agent@op.example", "correct horse battery staple")
	_, page, _ := s.get("/?status=open&order=oldest")
	if strings.Count(page, "No FOC after 8 business days") != 2 || !strings.Contains(page, "8 d") {
		t.Fatalf("queue flags:\n%s", page)
	}
	if i, j := strings.Index(page, "#"+strconv.FormatInt(ids[0], 10)+"<"), strings.Index(page, "#"+strconv.FormatInt(ids[1], 10)+"<"); i < 0 || j < i {
		t.Fatal("the queue is not oldest first")
	}
	code, _, _ := s.post("/port-ins/bulk", url.Values{"action": {"assign_me"}, "id": {strconv.FormatInt(ids[0], 10)}, "back": {"status=open"}})
	if code != 303 {
		t.Fatalf("bulk: %d", code)
	}
	if _, page, _ = s.get("/?assigned=me"); !strings.Contains(page, "#"+strconv.FormatInt(ids[0], 10)+"<") || strings.Contains(page, "#"+strconv.FormatInt(ids[1], 10)+"<") || !strings.Contains(page, "Staff agent") {
		t.Fatalf("assigned to me:\n%s", page)
	}
	if _, page, _ = s.get("/?assigned=nobody"); strings.Contains(page, "#"+strconv.FormatInt(ids[0], 10)+"<") || !strings.Contains(page, "#"+strconv.FormatInt(ids[1], 10)+"<") {
		t.Fatal("assigned to nobody lists the wrong requests")
	}
	cust := newBrowser(t, env)
	cust.login(c.Admin.Email, c.Password)
	if _, page, _ = cust.get("/"); strings.Contains(page, "No FOC after") || strings.Contains(page, `id="bulk-form"`) {
		t.Fatal("the customer sees the team's queue tools")
	}
	if code, _, _ := cust.post("/port-ins/bulk", url.Values{"action": {"assign_me"}, "id": {strconv.FormatInt(ids[1], 10)}}); code != 403 {
		t.Fatalf("customer bulk: %d", code)
	}
}

func TestWebReport(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "R", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	s := newBrowser(t, env)
	s.login("agent@op.example", "correct horse battery staple")
	if code, page, _ := s.get("/reports/time-to-port"); code != 200 || !strings.Contains(page, "No port completed in the last 90 days") {
		t.Fatalf("report: %d", code)
	}
	cust := newBrowser(t, env)
	cust.login(c.Admin.Email, c.Password)
	if code, _, _ := cust.get("/reports/time-to-port"); code != 403 {
		t.Fatalf("customer report: %d", code)
	}
}
