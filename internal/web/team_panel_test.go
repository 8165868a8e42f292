package web_test

import (
	"net/url"
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

// A refused move keeps the team's choice: "Move to" stays on the status chosen, the reason
// typed stays, its error sits beside the reason field and the summary links to that field.
func TestWebMoveKeepsChoice(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Move Co", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, c.Actor, "0113 496 0822")
	s := newBrowser(t, env)
	s.login("agent@op.example", "correct horse battery staple")
	path := "/port-ins/" + strconv.FormatInt(p.ID, 10)
	s.get(path)
	code, page, _ := s.post(path+"/transition", url.Values{"version": {strconv.FormatInt(p.Version, 10)}, "status": {"rejected"}, "reason": {"  "}})
	if code != 422 {
		t.Fatalf("a rejection without a reason: %d", code)
	}
	i := strings.Index(page, `id="move-section"`)
	if i < 0 {
		t.Fatalf("no moves panel:\n%s", page)
	}
	moves := page[i:]
	moves = moves[:strings.Index(moves, "</details>")]
	for _, want := range []string{`<option value="rejected" selected>`, `id="reason-err"`, `aria-invalid="true"`, `aria-describedby="reason-err"`} {
		if !strings.Contains(moves, want) {
			t.Errorf("the moves panel lacks %s:\n%s", want, moves)
		}
	}
	if !strings.HasPrefix(moves, `id="move-section" open`) {
		t.Errorf("the moves panel is not open after the error:\n%.80s", moves)
	}
	sum := page[strings.Index(page, `<main`):i]
	if !strings.Contains(sum, `href="#reason"`) {
		t.Errorf("the error summary does not link to the reason field:\n%s", sum)
	}
	if strings.Count(page, `id="reason"`) != 1 {
		t.Errorf("id reason is not unique")
	}
	long := strings.Repeat("too long ", 300)
	code, page, _ = s.post(path+"/transition", url.Values{"version": {strconv.FormatInt(p.Version, 10)}, "status": {"rejected"}, "reason": {long}})
	if code != 422 || !strings.Contains(page, ">"+strings.TrimSpace(long)+"</textarea>") {
		t.Errorf("a reason too long: %d, and the reason typed is not kept", code)
	}
}
