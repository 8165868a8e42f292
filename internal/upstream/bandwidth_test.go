package upstream_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/carriers/bandwidth"
	"github.com/portdesk/portdesk/internal/carriers/bandwidth/bandwidthtest"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

// The same use case through Bandwidth: its exception sends the request back with our
// rejection code; the customer's fix is a supp at Bandwidth (no second submit, no second
// order); a note of Bandwidth's read by a webhook and polls at the same moment becomes one
// note; our note goes to Bandwidth once; a cancel deletes the order there. Only a staff
// admin sets the callbacks' password.
func TestBandwidthExceptionFixNoteCancel(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		fake := bandwidthtest.New(t, env.Clock.Now)
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		agent, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		carrier, err := env.Team.SaveCarrier(ctx, agent, 0, team.CarrierInput{Name: "Bandwidth", Email: "lnp@bandwidth.example", Kind: domain.CarrierBandwidth,
			APIURL: fake.APIURL(), WebhookKey: fake.HookUser, AccountID: fake.Account, SiteID: fake.Site})
		if err != nil {
			t.Fatal(err)
		}
		desktest.WantError(t, env.Team.SetCarrierWebhookSecret(ctx, agent, carrier.ID, fake.HookPassword), domain.ErrForbidden, "set the webhook secret of carrier")
		if err := env.Team.SetCarrierKey(ctx, admin, carrier.ID, fake.Credentials()); err != nil {
			t.Fatal(err)
		}
		if err := env.Team.SetCarrierWebhookSecret(ctx, admin, carrier.ID, fake.HookPassword); err != nil {
			t.Fatal(err)
		}
		c := env.NewCustomer(t, "Acme", 0, domain.CountryUS)
		in := desktest.Complete()
		str := func(s string) *string { return &s }
		in.CustomerName, in.BTN = str("Acme Widgets Inc"), str("+1 201 555 0234")
		in.BillingAddress = &domain.Address{Line1: "1623 Brockton Ave", City: "Los Angeles", Region: "CA", Postcode: "90025", Country: "US"}
		p := env.SubmittedWith(t, c.Actor, in, "+1 201 555 0234")
		if p, err = env.Team.SendToCarrier(ctx, agent, p.ID, p.Version, carrier.ID); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		orders := fake.Orders()
		if len(orders) != 1 || orders[0].Status != "SUBMITTED" || orders[0].Submits != 1 {
			t.Fatalf("at Bandwidth: %+v", orders)
		}
		ref := orders[0].ID
		poll := func() {
			t.Helper()
			env.Clock.Advance(7 * time.Hour) // past any backoff
			if _, err := env.Upstream.PollDue(ctx); err != nil {
				t.Fatal(err)
			}
		}

		fake.Raise(ref, "7511", "Losing carrier rejected: PIN invalid")
		poll()
		got, err := env.Store.PortIn(ctx, p.ID)
		if err != nil || got.Status != domain.StatusActionRequired || len(got.Rejections) != 1 || got.Rejections[0].Code != domain.RejectPIN {
			t.Fatalf("after the exception: %s %+v %v", got.Status, got.Rejections, err)
		}
		pin := "9876"
		if got, err = env.PortIns.Update(ctx, c.Actor, p.ID, got.Version, portin.Changes{PIN: &pin}); err != nil {
			t.Fatal(err)
		}
		if _, err = env.PortIns.Submit(ctx, c.Actor, p.ID, got.Version); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		if orders = fake.Orders(); len(orders) != 1 || orders[0].Status != "REQUESTED_SUPP" || orders[0].PIN != "9876" || orders[0].Submits != 1 || orders[0].Supps != 1 {
			t.Fatalf("after the fix at Bandwidth: %+v", orders)
		}

		// Bandwidth's note, read at once by its callback and by polls.
		fake.Note(ref, "The losing carrier asks for a new LOA date.")
		env.Clock.Advance(7 * time.Hour)
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i == 0 {
					h := http.Header{}
					h.Set("Authorization", bandwidth.Authorization(fake.HookUser, fake.HookPassword))
					_ = env.Upstream.Webhook(ctx, carrier.ID, domain.CarrierWebhook{Header: h.Get, Body: fake.Notification(ref)})
					return
				}
				_, _ = env.Upstream.PollDue(ctx)
			}()
		}
		wg.Wait()
		poll()
		if notes, _ := env.Store.Notes(ctx, p.ID, true); len(notes) != 1 || !strings.Contains(notes[0].Body, "new LOA date") {
			t.Fatalf("Bandwidth's note as one internal note: %+v", notes)
		}

		if _, err := env.PortIns.AddNote(ctx, c.Actor, p.ID, "The account holder is away until Friday.", false); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		env.RunCarrierJobs(t)
		poll()
		orders = fake.Orders()
		if len(orders[0].Notes) != 2 || orders[0].Notes[1].UserID != fake.User || !strings.Contains(orders[0].Notes[1].Description, "away until Friday") {
			t.Fatalf("notes at Bandwidth: %+v", orders[0].Notes)
		}
		if notes, _ := env.Store.Notes(ctx, p.ID, true); len(notes) != 2 {
			t.Fatalf("our own note read back as Bandwidth's: %+v", notes)
		}

		got, _ = env.Store.PortIn(ctx, p.ID)
		if _, err := env.PortIns.Cancel(ctx, c.Actor, p.ID, got.Version, "Changed our mind"); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		if orders = fake.Orders(); orders[0].Status != "CANCELLED" {
			t.Fatalf("after our cancel: %s", orders[0].Status)
		}
		calls, err := env.Store.CarrierCalls(ctx, p.ID)
		if err != nil || len(calls) == 0 {
			t.Fatalf("calls: %v", err)
		}
		for _, call := range calls {
			if strings.Contains(call.Request, fake.Password) || strings.Contains(call.Request, "9876") || !strings.HasPrefix(strings.SplitN(call.Request, " ", 2)[1], "/accounts/"+fake.Account) {
				t.Fatalf("the credentials or the PIN in the call log, or a path not the account's: %+v", call)
			}
		}
		if p := fake.Problems(); len(p) > 0 {
			t.Fatalf("sent what Bandwidth would refuse: %v", p)
		}
	})
}
