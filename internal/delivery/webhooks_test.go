package delivery_test

import (
	"context"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/webhooks"
)

func TestWebhooks(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		c := env.NewCustomer(t, "Hooked", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		rc := desktest.NewReceiver(t)
		url := rc.URL() + "/portdesk"
		str := func(s string) *string { return &s }

		// Production policy: loopback and plain http refused, and unknown events.
		env.UseWebhooks(t, webhooks.NewSender(webhooks.URLPolicy{}, 5*time.Second), webhooks.URLPolicy{})
		for _, in := range []delivery.WebhookInput{{URL: str(url)}, {URL: str("ftp://93.184.216.34/")}, {URL: str("http://93.184.216.34/")},
			{URL: str("https://93.184.216.34/"), Events: &[]string{"port_in.exploded"}}} {
			if _, err := env.Delivery.CreateWebhookEndpoint(ctx, c.Actor, c.Account.ID, in); !domain.IsCode(err, domain.ErrInvalid) {
				t.Fatalf("%v: %v", *in.URL, err)
			}
		}
		// Tests (and operators who say so) may call loopback.
		allow := webhooks.URLPolicy{AllowPrivate: true}
		env.UseWebhooks(t, webhooks.NewSender(allow, 5*time.Second), allow)
		events := []string{domain.HookPortInSubmitted, domain.HookPortInActionRequired, domain.HookPortInCompleted, domain.HookNumberActivated, domain.HookPortInNoteCreated}
		ep, err := env.Delivery.CreateWebhookEndpoint(ctx, c.Actor, c.Account.ID, delivery.WebhookInput{URL: str(url), Events: &events, Description: str("CRM")})
		if err != nil {
			t.Fatal(err)
		}
		rc.Trust(ep.Secret)
		if _, err := webhooks.ParseSecret(ep.Secret); err != nil {
			t.Fatalf("secret %q: %v", ep.Secret, err)
		}
		list, err := env.Delivery.WebhookEndpoints(ctx, c.Actor, c.Account.ID)
		if err != nil || len(list) != 1 || list[0].Secret != "" {
			t.Fatalf("list shows the secret or misses the endpoint: %+v %v", list, err)
		}
		// Another account cannot see it; nobody sees another account's.
		if _, err := env.Delivery.WebhookEndpoint(ctx, other.Actor, ep.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("other account: %v", err)
		}
		if _, err := env.Delivery.WebhookEndpoints(ctx, other.Actor, c.Account.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("other account's list: %v", err)
		}

		p := env.Submitted(t, c.Actor, "0113 496 0730")
		if n := env.DeliverAll(t, ep.ID); n != 0 {
			t.Fatalf("%d failed", n)
		}
		got := rc.All()
		if len(got) != 1 || got[0].Type != domain.HookPortInSubmitted || got[0].Verified != nil {
			t.Fatalf("submitted: %+v", got)
		}
		data := got[0].Body["data"].(map[string]any)
		if pi := data["port_in"].(map[string]any); pi["id"].(float64) != float64(p.ID) || pi["status"] != "submitted" {
			t.Fatalf("payload: %+v", data)
		}

		// An endpoint that is down: the attempt is logged and retried; the retry carries the
		// same webhook-id.
		p, err = env.Team.RequestFix(ctx, staff, p.ID, p.Version, []domain.Rejection{{Code: domain.RejectPIN}}, "")
		if err != nil {
			t.Fatal(err)
		}
		rc.FailNext(1)
		if n := env.DeliverAll(t, ep.ID); n != 1 {
			t.Fatalf("the failure was not reported: %d", n)
		}
		log, _ := env.Delivery.WebhookDeliveries(ctx, c.Actor, ep.ID, 0, 10)
		if log[0].Status != domain.DeliveryFailed || log[0].ResponseCode != 503 || log[0].Attempts != 1 || log[0].Response == "" {
			t.Fatalf("failed attempt: %+v", log[0])
		}
		if n := env.DeliverAll(t, ep.ID); n != 0 {
			t.Fatal("the retry failed")
		}
		got = rc.All()
		if len(got) != 2 || got[1].Type != domain.HookPortInActionRequired || got[1].Verified != nil {
			t.Fatalf("action required: %+v", got)
		}
		fixes := got[1].Body["data"].(map[string]any)["port_in"].(map[string]any)["rejections"].([]any)
		if len(fixes) != 1 || fixes[0].(map[string]any)["code"] != "pin" || fixes[0].(map[string]any)["fix"] == "" {
			t.Fatalf("the payload lacks the fix: %+v", fixes)
		}
		log, _ = env.Delivery.WebhookDeliveries(ctx, c.Actor, ep.ID, 0, 10)
		if log[0].Attempts != 2 || log[0].Status != domain.DeliverySent {
			t.Fatalf("after the retry: %+v", log[0])
		}
		// Redelivery from the log: the same message again.
		if err := env.Delivery.Redeliver(ctx, c.Actor, ep.ID, log[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := env.Delivery.Redeliver(ctx, other.Actor, ep.ID, log[0].ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("another account redelivered: %v", err)
		}
		if err := env.Delivery.DeliverWebhook(ctx, log[0].ID); err != nil {
			t.Fatal(err)
		}
		if got = rc.All(); len(got) != 3 || got[2].ID != got[1].ID {
			t.Fatalf("redelivery: %+v", got)
		}

		// Not subscribed: in_progress. Internal notes never leave; visible ones do.
		if _, err := env.PortIns.AddNote(ctx, staff, p.ID, "internal", true); err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortIns.AddNote(ctx, c.Actor, p.ID, "Here is the PIN hint", false); err != nil {
			t.Fatal(err)
		}
		env.DeliverAll(t, ep.ID)
		if got = rc.All(); len(got) != 4 || got[3].Type != domain.HookPortInNoteCreated {
			t.Fatalf("notes: %+v", got)
		}

		// Completion raises port_in.completed and number.activated with the numbers.
		p, _ = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version)
		p, _ = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
		if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 3), true); err != nil {
			t.Fatal(err)
		}
		if _, err = env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusCompleted, ""); err != nil {
			t.Fatal(err)
		}
		env.DeliverAll(t, ep.ID)
		got = rc.All()
		types := map[string]bool{}
		for _, g := range got[4:] {
			types[g.Type] = true
			if g.Verified != nil {
				t.Errorf("%s: %v", g.Type, g.Verified)
			}
		}
		if len(got) != 7 || !types[domain.HookPortInSubmitted] || !types[domain.HookPortInCompleted] || !types[domain.HookNumberActivated] {
			t.Fatalf("completion: %v (%d)", types, len(got))
		}

		// A member who is not an admin cannot manage endpoints; the admin can delete it.
		if err := env.Delivery.DeleteWebhookEndpoint(ctx, other.Actor, ep.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("other account delete: %v", err)
		}
		if err := env.Delivery.DeleteWebhookEndpoint(ctx, c.Actor, ep.ID); err != nil {
			t.Fatal(err)
		}
	})
}
