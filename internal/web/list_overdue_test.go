package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The queue's "overdue" filter is read from the database: newest first, behind a full page
// of requests that are not overdue, the overdue ones are still on the first page (they
// were dropped from a page read without the filter, which then showed nothing).
func TestWebOverdueFilterReadsItsPage(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	env.Clock.Set(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)) // a Monday
	cust := env.NewCustomer(t, "Late Co", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	var late []int64
	for i := range 2 {
		late = append(late, env.Submitted(t, cust.Actor, fmt.Sprintf("0113 496 07%02d", i)).ID)
	}
	env.Clock.Set(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)) // fourteen business days on
	var fresh []int64
	for i := range 52 {
		fresh = append(fresh, env.Submitted(t, cust.Actor, fmt.Sprintf("0113 496 08%02d", i)).ID)
	}
	b := newBrowser(t, env)
	b.login("agent@op.example", "correct horse battery staple")
	_, page, _ := b.get("/?status=queue&order=newest&overdue=1")
	for _, id := range late {
		if !strings.Contains(page, fmt.Sprintf(`href="/port-ins/%d"`, id)) {
			t.Errorf("overdue request %d is not on the first page", id)
		}
	}
	for _, id := range fresh {
		if strings.Contains(page, fmt.Sprintf(`href="/port-ins/%d"`, id)) {
			t.Errorf("request %d, submitted today, is listed as overdue", id)
		}
	}
}
