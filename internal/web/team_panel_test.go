package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The team's moves sit in one panel, and only "Ask the customer for a fix" sends a request
// back: the plain moves no longer offer "Action required" beside it.
func TestWebOneTeamPanel(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Panel Co", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, c.Actor, "0113 496 0821")
	s := newBrowser(t, env)
	s.login("agent@op.example", "correct horse battery staple")
	code, page, _ := s.get("/port-ins/" + strconv.FormatInt(p.ID, 10))
	if code != 200 || strings.Count(page, `class="card staff-panel"`) != 1 || !strings.Contains(page, `id="move-section"`) || !strings.Contains(page, `id="fix-section"`) {
		t.Fatalf("the team's panel: %d\n%s", code, page)
	}
	moves := page[strings.Index(page, `id="move-section"`):]
	moves = moves[:strings.Index(moves, "</details>")]
	if strings.Contains(moves, `value="action_required"`) || !strings.Contains(moves, `value="cancelled"`) && !strings.Contains(moves, `value="rejected"`) {
		t.Fatalf("the plain moves:\n%s", moves)
	}
}
