package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

func testEmailDeliveries(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "A", 0)
	p := portIn(t, s, acc.ID)
	ev := domain.StoredEvent{Subject: domain.PortInSubject(p.ID), AccountID: acc.ID, ActorName: "PortDesk", Type: domain.EventStatusChanged,
		From: string(domain.StatusDraft), To: string(domain.StatusSubmitted), Detail: "Draft → Submitted", At: t0}
	must(t, s.AddEvent(ctx, &ev))
	got, err := s.Event(ctx, ev.ID)
	must(t, err)
	if !reflect.DeepEqual(got, ev) {
		t.Fatalf("event:\n got %+v\nwant %+v", got, ev)
	}
	_, err = s.Event(ctx, ev.ID+1000)
	wantCode(t, err, domain.ErrNotFound)

	d := domain.EmailDelivery{EventID: ev.ID, PortInID: p.ID, Recipient: "ann@acme.example", Template: domain.EmailReceived,
		MessageID: "<e1.1@portdesk>", Subject: "Received", Status: domain.DeliveryFailed, Error: "421 try later", At: t0}
	must(t, s.RecordEmailDelivery(ctx, &d))
	if d.ID == 0 || d.Attempts != 1 {
		t.Fatalf("first try: %+v", d)
	}
	// The retry of the same delivery counts an attempt and records the outcome on the same row.
	retry := d
	retry.ID, retry.Status, retry.Error, retry.At = 0, domain.DeliverySent, "", t0.Add(time.Minute)
	must(t, s.RecordEmailDelivery(ctx, &retry))
	if retry.ID != d.ID || retry.Attempts != 2 {
		t.Fatalf("retry: %+v", retry)
	}
	other := domain.EmailDelivery{EventID: ev.ID, PortInID: p.ID, Recipient: "bob@acme.example", Template: domain.EmailReceived,
		MessageID: "<e1.2@portdesk>", Subject: "Received", Status: domain.DeliverySent, At: t0}
	must(t, s.RecordEmailDelivery(ctx, &other))
	ds, err := s.EmailDeliveries(ctx, ev.ID)
	must(t, err)
	if len(ds) != 2 || !reflect.DeepEqual(ds[0], retry) || ds[1].Recipient != "bob@acme.example" {
		t.Fatalf("deliveries:\n%+v\nwant first %+v", ds, retry)
	}
	ds, err = s.PortInEmailDeliveries(ctx, p.ID)
	must(t, err)
	if len(ds) != 2 || ds[0].ID != other.ID {
		t.Fatalf("request's deliveries, newest first: %+v", ds)
	}
}
