package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// The customer's Numbers page lists their inventory with the number each rings on, its SMS
// state and the request it came from, filtered by status and found by a number as typed.
func TestWebNumbersInventory(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		ctx := context.Background()
		c := env.NewCustomer(t, "Inventory Co", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Other Co", 0, domain.CountryGB)
		p := env.Submitted(t, c.Actor, "0113 496 0811")
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		for _, n := range []domain.InventoryNumber{
			{AccountID: c.Account.ID, Number: "+441134960811", Status: domain.InventoryActive, ReceivingNumber: "+441614960000", TrackingSource: "Google Ads", SMS: domain.SMSPending},
			{AccountID: c.Account.ID, Number: "+441134960812", Status: domain.InventoryReleased, SMS: domain.SMSActive},
			{AccountID: other.Account.ID, Number: "+441134960813", Status: domain.InventoryActive, SMS: domain.SMSActive},
		} {
			n.CreatedAt, n.UpdatedAt = now, now
			if err := env.Store.CreateInventoryNumber(ctx, &n); err != nil {
				t.Fatal(err)
			}
		}
		b := newBrowser(t, env)
		b.login(c.Admin.Email, c.Password)
		code, page, _ := b.get("/numbers")
		for _, want := range []string{"44 113 496 0811", "44 113 496 0812", "44 161 496 0000", "Google Ads", "SMS is not supported yet", "SMS works",
			`<a href="/port-ins/` + strconv.FormatInt(p.ID, 10) + `">`, "Released", "Active"} {
			if code != 200 || !strings.Contains(page, want) {
				t.Fatalf("numbers page lacks %q (%d):\n%s", want, code, page)
			}
		}
		if strings.Contains(page, "0813") {
			t.Fatal("another customer's number is listed")
		}
		if _, page, _ = b.get("/numbers?status=released"); !strings.Contains(page, "496 0812") || strings.Contains(page, "496 0811") {
			t.Fatalf("status filter:\n%s", page)
		}
		if _, page, _ = b.get("/numbers?q=%280113%29+496-0811"); !strings.Contains(page, "496 0811") || strings.Contains(page, "496 0812") {
			t.Fatalf("search by number:\n%s", page)
		}
		if _, page, _ = b.get("/numbers?q=0161+496+0000"); !strings.Contains(page, "496 0811") || strings.Contains(page, "496 0812") {
			t.Fatalf("search by the number it rings on:\n%s", page)
		}
		if code, page, _ = b.get("/numbers?status=bogus"); code != 200 || !strings.Contains(page, "That search is not valid") {
			t.Fatalf("bad status: %d", code)
		}
	})
}
