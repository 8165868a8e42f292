package web_test

import (
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// A number set aside shows its own reason where it is listed: before submit in the "Will be
// set aside" list (a number already on another port is not "Portable from BT"), and after
// submit in the request's number list, not only in the timeline.
func TestWebSetAsideShowsItsReason(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Aside", 0, domain.CountryGB)
	ctx := t.Context()
	// +441134960002 already receives the calls of a tracking number the customer has with us.
	now := env.Clock.Now()
	if err := env.Store.CreateInventoryNumber(ctx, &domain.InventoryNumber{AccountID: cust.Account.ID, Number: "+441134960009", Status: domain.InventoryActive,
		ReceivingNumber: "+441134960002", SMS: domain.SMSActive, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	p, err := env.PortIns.Create(ctx, cust.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "+441134960001"}, {Number: "+441134960002"}}})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = env.PortIns.Update(ctx, cust.Actor, p.ID, p.Version, desktest.Complete()); err != nil {
		t.Fatal(err)
	}
	env.Paperwork(t, cust.Actor, p.ID)
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, cust.Password)
	_, body, _ := b.get("/port-ins/" + itoa(p.ID))
	list := section(body, `<ul class="set-aside">`, `</ul>`)
	if !strings.Contains(list, "44 113 496 0002") || !strings.Contains(list, "Still an active receiving number") ||
		!strings.Contains(list, "forwarded to this number") || strings.Contains(list, "Portable from") {
		t.Fatalf("before submit, the set-aside list reads:\n%s", list)
	}
	v, err := env.PortIns.Get(ctx, cust.Actor, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.PortIns.Submit(ctx, cust.Actor, p.ID, v.Version); err != nil {
		t.Fatal(err)
	}
	_, body, _ = b.get("/port-ins/" + itoa(p.ID))
	row := section(body, "<td>&#43;44 113 496 0002", "</tr>")
	if !strings.Contains(row, "Set aside") || !strings.Contains(row, "Still an active receiving number") || strings.Contains(row, "Portable") {
		t.Fatalf("after submit, the set-aside number's row reads:\n%s", row)
	}
}

// section is the part of body from the first start to the next end after it.
func section(body, start, end string) string {
	i := strings.Index(body, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], end)
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j+len(end)]
}
