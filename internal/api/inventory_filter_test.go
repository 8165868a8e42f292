package api

import (
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// GET /inventory filters as the Numbers page does: by status and by a number in any format
// (or the number it rings on); a status that is not one is a 422 on status.
func TestInventoryFilters(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	cust := env.NewCustomer(t, "Inventory API", 0, domain.CountryGB)
	now := env.Clock.Now()
	for _, n := range []domain.InventoryNumber{
		{AccountID: cust.Account.ID, Number: "+441134960381", Status: domain.InventoryActive, ReceivingNumber: "+441614960381", SMS: domain.SMSActive},
		{AccountID: cust.Account.ID, Number: "+441134960382", Status: domain.InventoryReleased, SMS: domain.SMSActive},
	} {
		n.CreatedAt, n.UpdatedAt = now, now
		if err := env.Store.CreateInventoryNumber(t.Context(), &n); err != nil {
			t.Fatal(err)
		}
	}
	list := func(query string) []string {
		t.Helper()
		var got struct{ Data []struct{ Number string } }
		c.want(c.do("GET", "/api/v1/inventory"+query, cust.Token, nil), 200).json(t, &got)
		var out []string
		for _, n := range got.Data {
			out = append(out, n.Number)
		}
		return out
	}
	for query, want := range map[string]string{
		"":                          "+441134960381 +441134960382",
		"?status=released":          "+441134960382",
		"?status=active,released":   "+441134960381 +441134960382",
		"?q=%280113%29+496-0381":    "+441134960381",
		"?q=0161+496+0381":          "+441134960381",
		"?status=released&q=496038": "+441134960382",
	} {
		got := list(query)
		joined := ""
		for i, n := range got {
			if i > 0 {
				joined += " "
			}
			joined += n
		}
		if joined != want {
			t.Errorf("%q: %q, want %q", query, joined, want)
		}
	}
	c.want(c.do("GET", "/api/v1/inventory?status=gone", cust.Token, nil), 422)
}
