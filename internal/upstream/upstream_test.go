package upstream_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/carriers/telnyx/telnyxtest"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

// A carrier's exception sends the request back once, with the carrier's codes as our
// rejection codes and their plain fixes; the customer's fix and resubmit writes the details
// again at the carrier and submits the order again (no new order); the customer's note goes
// to the carrier as a comment once, and is not read back as the carrier's; a cancel cancels
// it there. The key is set only by a staff admin.
func TestCarrierExceptionFixNoteCancel(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		fake := telnyxtest.New(t, env.Clock.Now)
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		agent, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		carrier, err := env.Team.SaveCarrier(ctx, agent, 0, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example",
			Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey})
		if err != nil {
			t.Fatal(err)
		}
		desktest.WantError(t, env.Team.SetCarrierKey(ctx, agent, carrier.ID, fake.Key), domain.ErrForbidden, "set the API key of carrier")
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		p := env.Submitted(t, c.Actor, "0113 496 0000")
		_, err = env.Team.SendToCarrier(ctx, agent, p.ID, p.Version, carrier.ID)
		desktest.WantError(t, err, domain.ErrInvalid, "send")
		if err := env.Team.SetCarrierKey(ctx, admin, carrier.ID, fake.Key); err != nil {
			t.Fatal(err)
		}
		if p, err = env.Team.SendToCarrier(ctx, agent, p.ID, p.Version, carrier.ID); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		orders := fake.Orders()
		if len(orders) != 1 || orders[0].Status != "in-process" {
			t.Fatalf("at the carrier: %+v", orders)
		}
		ref := orders[0].ID

		fake.Raise(ref, "PASSCODE_PIN_INVALID", "The passcode given is not the one on the account")
		poll := func() {
			t.Helper()
			env.Clock.Advance(7 * time.Hour) // past any backoff
			if _, err := env.Upstream.PollDue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		poll()
		got, err := env.Store.PortIn(ctx, p.ID)
		if err != nil || got.Status != domain.StatusActionRequired || len(got.Rejections) != 1 || got.Rejections[0].Code != domain.RejectPIN ||
			!strings.Contains(got.StatusReason, "PIN or passcode") {
			t.Fatalf("after the exception: %s %+v %q %v", got.Status, got.Rejections, got.StatusReason, err)
		}
		poll()
		if n := env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool { return e.To == domain.StatusActionRequired }); n != 1 {
			t.Fatalf("sent back %d times", n)
		}

		pin := "9876"
		if got, err = env.PortIns.Update(ctx, c.Actor, p.ID, got.Version, portin.Changes{PIN: &pin}); err != nil {
			t.Fatal(err)
		}
		if _, err = env.PortIns.Submit(ctx, c.Actor, p.ID, got.Version); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		orders = fake.Orders()
		if len(orders) != 1 || orders[0].Status != "in-process" || orders[0].Confirms != 2 || orders[0].EndUser["admin"]["pin_passcode"] != "9876" {
			t.Fatalf("after the fix at the carrier: %+v", orders)
		}
		if got, _ = env.Store.PortIn(ctx, p.ID); got.Status != domain.StatusInProgress {
			t.Fatalf("after the resubmit: %s", got.Status)
		}

		if _, err := env.PortIns.AddNote(ctx, c.Actor, p.ID, "The account holder is away until Friday.", false); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		poll()
		orders = fake.Orders()
		if len(orders[0].Comments) != 1 || orders[0].Comments[0].UserType != "user" || !strings.Contains(orders[0].Comments[0].Body, "away until Friday") {
			t.Fatalf("comments at the carrier: %+v", orders[0].Comments)
		}
		if notes, _ := env.Store.Notes(ctx, p.ID, true); len(notes) != 1 {
			t.Fatalf("our own comment read back as the carrier's: %+v", notes)
		}

		got, _ = env.Store.PortIn(ctx, p.ID)
		if _, err := env.PortIns.Cancel(ctx, c.Actor, p.ID, got.Version, "Changed our mind"); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		if orders = fake.Orders(); orders[0].Status != "cancelled" {
			t.Fatalf("after our cancel: %s", orders[0].Status)
		}
		parts, err := env.Upstream.Orders(ctx, agent, p.ID)
		if err != nil || len(parts) != 1 || parts[0].Status != domain.CarrierCancelled {
			t.Fatalf("our record: %+v %v", parts, err)
		}
		windows, err := env.Store.CarrierCalls(ctx, p.ID)
		if err != nil || len(windows) == 0 {
			t.Fatalf("calls: %v", err)
		}
		for _, call := range windows {
			if strings.Contains(call.Request, fake.Key) || strings.Contains(call.Request, "9876") {
				t.Fatalf("the key or the PIN in the call log: %+v", call)
			}
		}
	})
}

// An order the carrier splits after it was made is taken on from the webhook of its new
// part (it carries our key); the request is scheduled once both parts have a date and
// completed once both have ported, every number activated.
func TestCarrierSplitAfterCreation(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		fake := telnyxtest.New(t, env.Clock.Now)
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		carrier := env.NewAPICarrier(t, admin, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example",
			Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey}, fake.Key)
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		p := env.Submitted(t, c.Actor, "0113 496 0000", "0113 496 0001")
		if _, err := env.Team.SendToCarrier(ctx, admin, p.ID, p.Version, carrier.ID); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		first := fake.Orders()[0].ID
		second := fake.SplitOff(first, 1)
		hook := func(ref string) {
			t.Helper()
			h, body := fake.Hook(ref)
			if err := env.Upstream.Webhook(ctx, carrier.ID, domain.CarrierWebhook{Header: h.Get, Body: body}); err != nil {
				t.Fatal(err)
			}
			env.RunCarrierJobs(t)
		}
		// The webhook is only verified and queued: nothing is read until its job runs, and
		// the same call delivered twice is one job.
		before := fake.Calls("GET /v2/porting_orders/" + second)
		h, body := fake.Hook(second)
		for range 2 {
			if err := env.Upstream.Webhook(ctx, carrier.ID, domain.CarrierWebhook{Header: h.Get, Body: body}); err != nil {
				t.Fatal(err)
			}
		}
		if n := fake.Calls("GET /v2/porting_orders/" + second); n != before {
			t.Fatalf("the webhook read the order inline: %d calls", n-before)
		}
		if n := env.RunCarrierJobs(t); n != 1 { // the split's own notice
			t.Fatalf("%d webhook jobs for one event delivered twice", n)
		}
		h, body = fake.Hook(first)
		body[len(body)-2] ^= 1 // a byte changed after signing
		desktest.WantError(t, env.Upstream.Webhook(ctx, carrier.ID, domain.CarrierWebhook{Header: h.Get, Body: body}), domain.ErrUnauthenticated, "take a webhook")
		foc := env.FOC("GB", 5)
		fake.ConfirmFOC(first, foc)
		hook(first)
		parts, err := env.Upstream.Orders(ctx, admin, p.ID)
		if err != nil || len(parts) != 2 || len(parts[0].Numbers) != 1 || parts[1].Ref != second || len(parts[1].Numbers) != 1 {
			t.Fatalf("parts: %+v %v", parts, err)
		}
		if got, _ := env.Store.PortIn(ctx, p.ID); got.Status != domain.StatusInProgress {
			t.Fatalf("one part dated, the other not: %s", got.Status)
		}
		fake.ConfirmFOC(second, foc)
		hook(second)
		if got, _ := env.Store.PortIn(ctx, p.ID); got.Status != domain.StatusScheduled || got.FOC == nil || !got.FOC.Equal(foc) {
			t.Fatalf("both dated: %s %v", got.Status, got.FOC)
		}
		fake.Port(first)
		fake.Port(second)
		hook(first)
		hook(second)
		got, _ := env.Store.PortIn(ctx, p.ID)
		inv, err := env.Store.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: []int64{c.Account.ID}, Limit: 10})
		if got.Status != domain.StatusCompleted || err != nil || len(inv) != 2 {
			t.Fatalf("both ported: %s, %d numbers live %v", got.Status, len(inv), err)
		}
	})
}

// An exception code the connector does not know sends the request back with the generic
// carrier exception: a plain fix that says to read the carrier's words, which are quoted.
func TestCarrierUnknownException(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		fake := telnyxtest.New(t, env.Clock.Now)
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		carrier := env.NewAPICarrier(t, admin, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example",
			Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey}, fake.Key)
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		p := env.Submitted(t, c.Actor, "0113 496 0000")
		if _, err := env.Team.SendToCarrier(ctx, admin, p.ID, p.Version, carrier.ID); err != nil {
			t.Fatal(err)
		}
		env.RunCarrierJobs(t)
		fake.Raise(fake.Orders()[0].ID, "SOMETHING_NEW_AT_TELNYX", "The losing carrier needs the customer's CSR")
		env.Clock.Advance(7 * time.Hour)
		if _, err := env.Upstream.PollDue(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := env.Store.PortIn(ctx, p.ID)
		if err != nil || got.Status != domain.StatusActionRequired || len(got.Rejections) != 1 ||
			got.Rejections[0].Code != domain.RejectCarrierException || got.Rejections[0].Note != "The carrier said: “The losing carrier needs the customer's CSR”" ||
			!strings.Contains(got.StatusReason, "read its words below") || strings.Contains(got.StatusReason, "SOMETHING_NEW_AT_TELNYX") {
			t.Fatalf("after an unknown exception: %s %+v %q %v", got.Status, got.Rejections, got.StatusReason, err)
		}
	})
}
