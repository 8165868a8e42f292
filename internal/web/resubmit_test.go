package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// A request sent back for a fix: the guided review shows what to fix and no green "all in";
// resubmitting it with nothing changed asks first (a box to tick, no script needed), and once
// something has changed it goes straight back.
func TestWebResubmitUnchangedAsksFirst(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Resubmit Co", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	p := env.Submitted(t, cust.Actor, "+441134960311")
	ctx := t.Context()
	sendBack := func() int64 {
		t.Helper()
		v, err := env.PortIns.Get(ctx, cust.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		q, err := env.Team.RequestFix(ctx, staff, p.ID, v.Version, []domain.Rejection{{Code: domain.RejectNameMismatch}}, "")
		if err != nil {
			t.Fatal(err)
		}
		return q.Version
	}
	version := sendBack()
	status := func() domain.Status {
		v, err := env.PortIns.Get(ctx, cust.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return v.Status
	}
	path := "/port-ins/" + itoa(p.ID)
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, cust.Password)

	_, review, _ := b.get(path + "/steps/review")
	if !strings.Contains(review, `id="fixes"`) || strings.Contains(review, `class="ready"`) || !strings.Contains(review, "Resubmit the request") {
		t.Fatalf("review step of a request sent back:\n%s", section(review, `<section class="card" id="review">`, `</form>`))
	}
	for _, form := range []url.Values{{}, {"step": {"review"}}} {
		form.Set("version", itoa(version))
		code, page, _ := b.post(path+"/submit", form)
		if code != http.StatusConflict || !strings.Contains(page, `id="confirm-resubmit"`) || !strings.Contains(page, `name="resubmit_unchanged"`) {
			t.Fatalf("unchanged resubmit %v: %d\n%s", form, code, page)
		}
		if st := status(); st != domain.StatusActionRequired {
			t.Fatalf("resubmitted without confirming: %s", st)
		}
	}
	if code, _, _ := b.post(path+"/submit", url.Values{"version": {itoa(version)}, "resubmit_unchanged": {"1"}}); code != http.StatusSeeOther || status() != domain.StatusSubmitted {
		t.Fatalf("confirmed resubmit: %d, %s", code, status())
	}

	// Sent back again and then changed: no question.
	version = sendBack()
	name := "Acme Widgets Limited"
	if _, err := env.PortIns.Update(ctx, cust.Actor, p.ID, version, portin.Changes{CustomerName: &name}); err != nil {
		t.Fatal(err)
	}
	env.Paperwork(t, cust.Actor, p.ID) // the letter shows the name: signed again
	v, err := env.PortIns.Get(ctx, cust.Actor, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if code, page, _ := b.post(path+"/submit", url.Values{"version": {itoa(v.Version)}}); code != http.StatusSeeOther || status() != domain.StatusSubmitted {
		t.Fatalf("changed resubmit: %d, %s\n%s", code, status(), page)
	}
}
