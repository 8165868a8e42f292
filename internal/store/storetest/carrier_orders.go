package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// testCarrierOrders: an API carrier keeps its sealed key and kind; a request's parts at the
// carrier read back as written, one ref per carrier; only open parts whose poll is due are
// listed, soonest first; the calls come newest first.
func testCarrierOrders(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "A", 0)
	p := portIn(t, s, acc.ID)
	set := t0.Add(time.Minute)
	c := domain.Carrier{Name: "Telnyx", Email: "porting@telnyx.example", Kind: domain.CarrierTelnyx, APIURL: "http://127.0.0.1:1/v2",
		WebhookKey: "pk", AutoSend: true, CredentialsSealed: []byte{1, 2, 3}, CredentialsSetAt: &set, CreatedAt: t0, UpdatedAt: t0}
	step(t, "an API carrier reads back", func(t *testing.T) {
		must(t, s.CreateCarrier(ctx, &c))
		got, err := s.Carrier(ctx, c.ID)
		must(t, err)
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("carrier:\n got %+v\nwant %+v", got, c)
		}
	})
	step(t, "a carrier of several accounts keeps where the numbers go and its sealed webhook secret", func(t *testing.T) {
		bw := domain.Carrier{Name: "Bandwidth", Email: "lnp@bandwidth.example", Kind: domain.CarrierBandwidth, WebhookKey: "bw-callbacks",
			AccountID: "9900000", SiteID: "1234", PeerID: "5678", WebhookSecretSealed: []byte{4, 5}, WebhookSecretSetAt: &set, CreatedAt: t0, UpdatedAt: t0}
		must(t, s.CreateCarrier(ctx, &bw))
		got, err := s.Carrier(ctx, bw.ID)
		must(t, err)
		if !reflect.DeepEqual(got, bw) {
			t.Fatalf("carrier:\n got %+v\nwant %+v", got, bw)
		}
		bw.SiteID, bw.PeerID, bw.WebhookSecretSealed, bw.WebhookSecretSetAt = "4321", "", []byte{6}, &t0
		must(t, s.UpdateCarrier(ctx, &bw))
		got, err = s.Carrier(ctx, bw.ID)
		must(t, err)
		if !reflect.DeepEqual(got, bw) {
			t.Fatalf("carrier updated:\n got %+v\nwant %+v", got, bw)
		}
	})
	foc := t0.Add(72 * time.Hour)
	a := domain.CarrierOrder{PortInID: p.ID, CarrierID: c.ID, Ref: "po-1", Numbers: []string{"+13035550100"}, Status: domain.CarrierInProcess,
		Submitted: true, NextPollAt: t0.Add(time.Hour), CreatedAt: t0, UpdatedAt: t0}
	b := domain.CarrierOrder{PortInID: p.ID, CarrierID: c.ID, Ref: "po-2", Numbers: []string{"+13035550101"}, Status: domain.CarrierRefused,
		Exceptions: []domain.CarrierException{{Code: "BTN_MISMATCH", Description: "BTN differs"}}, Comments: []string{"c1"}, FOC: &foc,
		FOCWindows: []domain.FOCWindow{{From: t0.Add(72 * time.Hour), To: t0.Add(80 * time.Hour)}, {From: t0.Add(96 * time.Hour), To: t0.Add(104 * time.Hour)}},
		NextPollAt: t0, Polls: 2, CreatedAt: t0, UpdatedAt: t0}
	step(t, "parts read back; a ref once per carrier", func(t *testing.T) {
		must(t, s.AddCarrierOrder(ctx, &a))
		must(t, s.AddCarrierOrder(ctx, &b))
		dup := a
		wantCode(t, s.AddCarrierOrder(ctx, &dup), domain.ErrConflict)
		got, err := s.CarrierOrders(ctx, p.ID)
		must(t, err)
		if !reflect.DeepEqual(got, []domain.CarrierOrder{a, b}) {
			t.Fatalf("orders:\n got %+v\nwant %+v", got, []domain.CarrierOrder{a, b})
		}
		byRef, err := s.CarrierOrderByRef(ctx, c.ID, "po-2")
		must(t, err)
		if !reflect.DeepEqual(byRef, b) {
			t.Fatalf("by ref: got %+v", byRef)
		}
		_, err = s.CarrierOrderByRef(ctx, c.ID, "po-9")
		wantCode(t, err, domain.ErrNotFound)
	})
	step(t, "due: open parts whose poll has come, soonest first", func(t *testing.T) {
		due, err := s.CarrierOrdersDue(ctx, t0.Add(time.Hour), 10)
		must(t, err)
		if len(due) != 2 || due[0].Ref != "po-2" || due[1].Ref != "po-1" {
			t.Fatalf("due: %+v", due)
		}
		a.Status, a.FOC, a.UpdatedAt = domain.CarrierPorted, &foc, t0.Add(time.Hour)
		must(t, s.UpdateCarrierOrder(ctx, &a))
		due, err = s.CarrierOrdersDue(ctx, t0.Add(time.Hour), 10)
		must(t, err)
		if len(due) != 1 || due[0].Ref != "po-2" {
			t.Fatalf("due after porting po-1: %+v", due)
		}
		due, err = s.CarrierOrdersDue(ctx, t0.Add(-time.Minute), 10)
		must(t, err)
		if len(due) != 0 {
			t.Fatalf("due before any poll: %+v", due)
		}
	})
	step(t, "a comment is claimed once; an update leaves the claims alone", func(t *testing.T) {
		must(t, s.ClaimCarrierComment(ctx, b.ID, []string{"c1"}, "c2"))
		wantCode(t, s.ClaimCarrierComment(ctx, b.ID, []string{"c1"}, "c2"), domain.ErrConflict) // read before the first claim
		stale := b                                                                              // its comments as read before the claim
		stale.Polls = 3
		must(t, s.UpdateCarrierOrder(ctx, &stale))
		got, err := s.CarrierOrderByRef(ctx, c.ID, "po-2")
		must(t, err)
		if !reflect.DeepEqual(got.Comments, []string{"c1", "c2"}) || got.Polls != 3 {
			t.Fatalf("after a claim and a stale update: %+v", got)
		}
		b = got
	})
	step(t, "calls, newest first", func(t *testing.T) {
		one := domain.CarrierCall{PortInID: p.ID, CarrierID: c.ID, Operation: "create order", Request: "POST /porting_orders", Status: 201, At: t0, Took: 1500 * time.Microsecond}
		two := domain.CarrierCall{PortInID: p.ID, CarrierID: c.ID, Operation: "submit", Request: "POST /porting_orders/po-1/actions/confirm", Status: 500, Error: "the carrier failed", At: t0.Add(time.Second)}
		must(t, s.AddCarrierCall(ctx, &one))
		must(t, s.AddCarrierCall(ctx, &two))
		got, err := s.CarrierCalls(ctx, p.ID)
		must(t, err)
		if !reflect.DeepEqual(got, []domain.CarrierCall{two, one}) {
			t.Fatalf("calls:\n got %+v\nwant %+v", got, []domain.CarrierCall{two, one})
		}
	})
}
