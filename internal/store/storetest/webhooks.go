package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Endpoints round-trip with the events they want, and deliveries keep their attempts until
// their endpoint is deleted.
func testWebhooks(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Hooks Co", 0)
	other := account(t, s, "Other Co", 0)
	e := domain.WebhookEndpoint{AccountID: acc.ID, URL: "https://hooks.example/portdesk", Secret: "whsec_abc", Events: []string{domain.HookPortInCompleted},
		Description: "CRM", CreatedAt: t0, UpdatedAt: t0}
	all := domain.WebhookEndpoint{AccountID: acc.ID, URL: "https://all.example/", Secret: "whsec_def", CreatedAt: t0, UpdatedAt: t0}

	step(t, "EndpointsRoundTripByAccount", func(t *testing.T) {
		must(t, s.CreateWebhookEndpoint(ctx, &e))
		must(t, s.CreateWebhookEndpoint(ctx, &all))
		must(t, s.CreateWebhookEndpoint(ctx, &domain.WebhookEndpoint{AccountID: other.ID, URL: "https://o.example/", Secret: "whsec_o", CreatedAt: t0, UpdatedAt: t0}))
		got, err := s.WebhookEndpoint(ctx, e.ID)
		must(t, err)
		if !reflect.DeepEqual(got, e) {
			t.Fatalf("endpoint:\n got %+v\nwant %+v", got, e)
		}
		list, err := s.WebhookEndpoints(ctx, acc.ID)
		must(t, err)
		if len(list) != 2 || list[1].Events != nil || !list[1].Wants(domain.HookNumberActivated) || list[0].Wants(domain.HookNumberActivated) {
			t.Fatalf("endpoints: %+v", list)
		}
	})

	step(t, "DisabledEndpointWantsNothing", func(t *testing.T) {
		e.Disabled, e.Events, e.UpdatedAt = true, []string{domain.HookPortInSubmitted, domain.HookPortInCompleted}, t0.Add(time.Hour)
		must(t, s.UpdateWebhookEndpoint(ctx, &e))
		got, _ := s.WebhookEndpoint(ctx, e.ID)
		if !got.Disabled || len(got.Events) != 2 || got.Wants(domain.HookPortInCompleted) {
			t.Fatalf("updated: %+v", got)
		}
	})

	p := portIn(t, s, acc.ID)
	ev := domain.StoredEvent{Subject: domain.PortInSubject(p.ID), AccountID: acc.ID, ActorName: "PortDesk", Type: domain.EventStatusChanged, To: string(domain.StatusCompleted), At: t0}
	must(t, s.AddEvent(ctx, &ev))
	d := domain.WebhookDelivery{EndpointID: all.ID, EventID: ev.ID, EventType: domain.HookPortInCompleted, MessageID: "msg_1_2",
		Payload: []byte(`{"type":"port_in.completed"}`), Status: domain.DeliveryPending, At: t0}

	step(t, "DeliveryOncePerMessageKeepsItsAttempts", func(t *testing.T) {
		must(t, s.AddWebhookDelivery(ctx, &d))
		dup := d
		dup.ID = 0
		wantCode(t, s.AddWebhookDelivery(ctx, &dup), domain.ErrConflict)
		must(t, s.RecordWebhookAttempt(ctx, d.ID, domain.DeliveryFailed, 503, "down", t0.Add(time.Minute)))
		must(t, s.RecordWebhookAttempt(ctx, d.ID, domain.DeliverySent, 204, "", t0.Add(2*time.Minute)))
		back, err := s.WebhookDelivery(ctx, d.ID)
		must(t, err)
		if back.Attempts != 2 || back.Status != domain.DeliverySent || back.ResponseCode != 204 || string(back.Payload) != string(d.Payload) || !back.At.Equal(t0.Add(2*time.Minute)) {
			t.Fatalf("delivery: %+v", back)
		}
	})

	step(t, "DeliveryLogPagesBackwards", func(t *testing.T) {
		ds, err := s.WebhookDeliveries(ctx, all.ID, 0, 10)
		must(t, err)
		if len(ds) != 1 || ds[0].ID != d.ID {
			t.Fatalf("log: %+v", ds)
		}
		if ds, _ = s.WebhookDeliveries(ctx, all.ID, d.ID, 10); len(ds) != 0 {
			t.Fatalf("before the first: %+v", ds)
		}
	})

	step(t, "DeletedEndpointTakesItsDeliveries", func(t *testing.T) {
		must(t, s.DeleteWebhookEndpoint(ctx, all.ID))
		_, err := s.WebhookDelivery(ctx, d.ID)
		wantCode(t, err, domain.ErrNotFound)
		wantCode(t, s.DeleteWebhookEndpoint(ctx, all.ID), domain.ErrNotFound)
	})
}

func testEnableSMS(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "SMS Co", 0)
	for _, n := range []struct {
		number string
		status domain.InventoryStatus
		sms    domain.SMSStatus
	}{
		{"+441134960901", domain.InventoryActive, domain.SMSPending},
		{"+441134960902", domain.InventoryActive, domain.SMSActive},
		{"+441134960903", domain.InventoryReleased, domain.SMSPending},
	} {
		must(t, s.CreateInventoryNumber(ctx, &domain.InventoryNumber{AccountID: acc.ID, Number: n.number, Status: n.status, SMS: n.sms, CreatedAt: t0, UpdatedAt: t0}))
	}
	got, err := s.EnableInventorySMS(ctx, []string{"+441134960901", "+441134960902", "+441134960903", "+441134960999"}, t0.Add(time.Hour))
	must(t, err)
	if len(got) != 1 || got[0] != "+441134960901" {
		t.Fatalf("enabled %v, want only the active pending one", got)
	}
	if got, _ = s.EnableInventorySMS(ctx, []string{"+441134960901"}, t0.Add(2*time.Hour)); len(got) != 0 {
		t.Fatalf("enabled twice: %v", got)
	}
	inv, _ := s.InventoryByNumbers(ctx, []string{"+441134960901"})
	if inv["+441134960901"].SMS != domain.SMSActive || !inv["+441134960901"].UpdatedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("after: %+v", inv["+441134960901"])
	}
}

func testCarriers(t *testing.T, s domain.Store, _ Engine) {
	c := domain.Carrier{Name: "BT Wholesale", Email: "porting@bt.example", Countries: []string{"GB"}, Categories: []string{"geographic", "freephone"}, Kind: domain.CarrierByEmail, CreatedAt: t0, UpdatedAt: t0}
	must(t, s.CreateCarrier(ctx, &c))
	dup := domain.Carrier{Name: "bt wholesale", Email: "x@y.example", CreatedAt: t0, UpdatedAt: t0}
	wantCode(t, s.CreateCarrier(ctx, &dup), domain.ErrConflict)
	any := domain.Carrier{Name: "Any Carrier", Email: "a@c.example", CreatedAt: t0, UpdatedAt: t0}
	must(t, s.CreateCarrier(ctx, &any))
	got, err := s.Carrier(ctx, c.ID)
	must(t, err)
	if !reflect.DeepEqual(got, c) || !got.Takes("GB", "freephone") || got.Takes("US", "geographic") || got.Takes("GB", "mobile") {
		t.Fatalf("carrier: %+v", got)
	}
	all, err := s.Carriers(ctx)
	must(t, err)
	if len(all) != 2 || all[0].Name != "Any Carrier" || all[0].Countries != nil || !all[0].Takes("CA", "toll_free") {
		t.Fatalf("carriers: %+v", all)
	}
	c.Email, c.UpdatedAt = "desk@bt.example", t0.Add(time.Hour)
	must(t, s.UpdateCarrier(ctx, &c))
	got, _ = s.Carrier(ctx, c.ID)
	if got.Email != "desk@bt.example" {
		t.Fatalf("updated: %+v", got)
	}
	must(t, s.DeleteCarrier(ctx, any.ID))
	wantCode(t, s.DeleteCarrier(ctx, any.ID), domain.ErrNotFound)
}
