package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// After submit the request page tracks the port (the stage, the FOC in the customer's time,
// who acts next), and the change page adds and removes numbers and moves the date, each
// saying first that the request goes back to review.
func TestWebTrackerAndChangeAfterSubmit(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := context.Background()
	cust := env.NewCustomer(t, "Track Co", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, cust.Actor, "0113 496 0301", "0113 496 0302")
	base := "/port-ins/" + strconv.FormatInt(p.ID, 10)
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, cust.Password)

	_, body, _ := b.get(base)
	if !strings.Contains(body, `id="tracker"`) || !strings.Contains(body, `<li class=" current" aria-current="step">Submitted`) || !strings.Contains(body, "nothing for you to do now") {
		t.Fatalf("tracker when submitted:\n%.6000s", body)
	}
	p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
	if err != nil {
		t.Fatal(err)
	}
	if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 5), true); err != nil {
		t.Fatal(err)
	}
	_, body, _ = b.get(base)
	for _, want := range []string{`<li class="done">✓ Submitted`, `<li class="done">✓ In progress`, `aria-current="step">Scheduled`, `id="tracker-foc"`, "keep your service with BT active", `href="` + base + `/change"`} {
		if !strings.Contains(body, want) {
			t.Errorf("scheduled tracker lacks %q", want)
		}
	}

	// The change page warns first.
	code, body, _ := b.get(base + "/change")
	if code != http.StatusOK || !strings.Contains(body, `id="change-warning"`) || !strings.Contains(body, "signed again") || !strings.Contains(body, "no longer holds") {
		t.Fatalf("change page: %d %.4000s", code, body)
	}
	// A date in the past is refused beside the field.
	code, body, _ = b.post(base+"/change/date", url.Values{"desired_date": {"2001-01-01"}, "version": {versionOf(body)}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-desired_date-err"`) || !strings.Contains(body, `value="2001-01-01"`) {
		t.Fatalf("past date: %d %.4000s", code, body)
	}
	date := env.Clock.Now().AddDate(0, 1, 0).Format("2006-01-02")
	if code, body, h := b.post(base+"/change/date", url.Values{"desired_date": {date}, "version": {versionOf(body)}}); code != http.StatusSeeOther || h.Get("Location") != base {
		t.Fatalf("new date: %d %s %.3000s", code, h.Get("Location"), body)
	}
	v, _ := env.PortIns.Get(ctx, cust.Actor, p.ID)
	if v.Status != domain.StatusSubmitted || v.FOC != nil || v.DesiredDate == nil || v.DesiredDate.Format("2006-01-02") != date {
		t.Fatalf("after the date change: %s foc %v date %v", v.Status, v.FOC, v.DesiredDate)
	}
	// Add a number, then remove one: each comes back to the change page.
	_, body, _ = b.get(base + "/change")
	if code, _, h := b.post(base+"/numbers", url.Values{"content": {"0113 496 0303"}, "kind": {"txt"}, "back": {"change"}, "version": {versionOf(body)}}); code != http.StatusSeeOther || h.Get("Location") != base+"/change" {
		t.Fatalf("add: %d %s", code, h.Get("Location"))
	}
	_, body, _ = b.get(base + "/change")
	if !strings.Contains(body, "44 113 496 0303") || !strings.Contains(body, "1 number added") {
		t.Fatalf("after add:\n%.4000s", body)
	}
	if code, _, h := b.post(base+"/numbers/remove", url.Values{"number": {"+441134960301"}, "back": {"change"}, "version": {versionOf(body)}}); code != http.StatusSeeOther || h.Get("Location") != base+"/change" {
		t.Fatalf("remove: %d %s", code, h.Get("Location"))
	}
	v, _ = env.PortIns.Get(ctx, cust.Actor, p.ID)
	if v.NumberCount != 2 || v.Status != domain.StatusSubmitted {
		t.Fatalf("after add and remove: %d numbers, %s", v.NumberCount, v.Status)
	}

	// Sent back from in progress: the tracker shows the fix where it was asked for, and the
	// customer acts.
	if p, err = env.PortIns.Transition(ctx, staff, p.ID, v.Version, domain.StatusInProgress, ""); err != nil {
		t.Fatal(err)
	}
	if _, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusActionRequired, "The account number differs."); err != nil {
		t.Fatal(err)
	}
	_, body, _ = b.get(base)
	if !strings.Contains(body, `<li class="done">✓ Submitted`) || !strings.Contains(body, `<li class=" current action" aria-current="step">In progress: action required`) || !strings.Contains(body, "You act next") {
		t.Fatalf("action required tracker:\n%.6000s", body)
	}
	// No change page for a request being fixed: the page itself takes the changes.
	if code, _, h := b.get(base + "/change"); code != http.StatusSeeOther || h.Get("Location") != base {
		t.Fatalf("change page when action required: %d %s", code, h.Get("Location"))
	}
}
