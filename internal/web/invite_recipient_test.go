package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// "Who gets updates" is no dead end: an admin invites someone from the step (or the edit
// form), who is put on the request's updates at once and can be chosen there from then on;
// a member, who cannot invite, is not offered the form.
func TestWebInviteFromRecipients(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Invite Co", 0, domain.CountryGB)
	ctx := t.Context()
	p, err := env.PortIns.Create(ctx, cust.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0351"}}})
	if err != nil {
		t.Fatal(err)
	}
	path := "/port-ins/" + itoa(p.ID)
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, cust.Password)
	_, step, _ := b.get(path + "/steps/updates")
	if !strings.Contains(step, `id="invite-form"`) || !strings.Contains(step, "are added to this request's updates now") {
		t.Fatalf("the updates step offers no invitation:\n%s", section(step, `id="recipients"`, `</section>`))
	}
	if _, edit, _ := b.get(path + "/edit"); !strings.Contains(edit, `id="invite-form"`) {
		t.Fatal("the edit form offers no invitation")
	}
	if code, page, _ := b.post(path+"/recipients", url.Values{"version": {itoa(p.Version)}, "recipients": {"dana@invite.example"}, "step": {"updates"}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(page, "not a user of this account") {
		t.Fatalf("a stranger as recipient: %d", code)
	}
	if code, page, _ := b.post(path+"/recipients/invite", url.Values{"email": {"not an email"}, "step": {"updates"}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(page, `id="invite-error"`) || !strings.Contains(page, `value="not an email"`) {
		t.Fatalf("a bad address: %d", code)
	}
	code, _, h := b.post(path+"/recipients/invite", url.Values{"email": {"Dana@Invite.example"}, "name": {"Dana"}, "step": {"updates"}})
	if code != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "/steps/updates") {
		t.Fatalf("invite: %d %s", code, h.Get("Location"))
	}
	v, err := env.PortIns.Get(ctx, cust.Actor, p.ID)
	if err != nil || !slices.Contains(v.Recipients, "dana@invite.example") {
		t.Fatalf("the invited person is not on the updates: %v %v", v.Recipients, err)
	}
	// Saved again with the invited person on it: taken, not refused.
	if code, page, _ := b.post(path+"/recipients", url.Values{"version": {itoa(v.Version)}, "recipients": {"dana@invite.example"}}); code != http.StatusSeeOther {
		t.Fatalf("the invited person as a recipient: %d\n%s", code, page)
	}

	// A member is not offered what only an admin may do.
	member, _, err := env.Access.CreateUser(ctx, desk.System(), access.NewUser{AccountID: cust.Account.ID, Role: domain.RoleMember,
		Email: "member@invite.example", Name: "Member", Password: cust.Password})
	if err != nil {
		t.Fatal(err)
	}
	m := newBrowser(t, env)
	m.login(member.Email, cust.Password)
	if _, page, _ := m.get(path + "/steps/updates"); strings.Contains(page, `id="invite-form"`) {
		t.Fatal("a member is offered the invitation")
	}
	if code, _, _ := m.post(path+"/recipients/invite", url.Values{"email": {"eve@invite.example"}}); code != http.StatusForbidden {
		t.Fatalf("a member invites: %d", code)
	}
}
