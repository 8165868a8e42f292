package bandwidth_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/carriers/bandwidth"
	"github.com/portdesk/portdesk/internal/carriers/bandwidth/bandwidthtest"
	"github.com/portdesk/portdesk/internal/domain"
)

type clockAt struct{ t time.Time }

func (c clockAt) Now() time.Time { return c.t }

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// connect is a connector to the fake, with the calls it makes.
func connect(t *testing.T, fake *bandwidthtest.Server) (domain.Connector, *[]domain.CarrierCall) {
	t.Helper()
	var calls []domain.CarrierCall
	conn, err := bandwidth.New(domain.ConnectorConfig{Carrier: domain.Carrier{Kind: domain.CarrierBandwidth, APIURL: fake.APIURL(),
		AccountID: fake.Account, SiteID: fake.Site, PeerID: "5678", WebhookKey: fake.HookUser}, APIKey: fake.Credentials(),
		WebhookSecret: fake.HookPassword, Clock: clockAt{now}, Record: func(c domain.CarrierCall) { calls = append(calls, c) }})
	if err != nil {
		t.Fatal(err)
	}
	return conn, &calls
}

func request() domain.CarrierOrderRequest {
	foc := now.AddDate(0, 0, 10)
	return domain.CarrierOrderRequest{Key: "portdesk-7-3", Numbers: []string{"+12015550234", "+12015550235"}, EndUserName: "Acme Widgets Inc",
		AuthorisedName: "Jane Smith", Address: domain.Address{Line1: "1623 Brockton Ave", Line2: "Suite 1", City: "Los Angeles", Region: "ca", Postcode: "90025", Country: "US"},
		AccountNumber: "ACC-123456", PIN: "4321", BTN: "+12015550235", RequestedFOC: &foc}
}

// A port-in goes from a draft with all our details, through its paperwork and submit, to an
// exception fixed by a supp, a FOC and completion, read each time as Bandwidth has it.
func TestPortInThroughItsLife(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fake := bandwidthtest.New(t, func() time.Time { return now })
	conn, calls := connect(t, fake)
	req := request()
	parts, err := conn.CreateOrder(ctx, req)
	if err != nil || len(parts) != 1 || !slices.Equal(parts[0].Numbers, req.Numbers) {
		t.Fatalf("create: %+v %v", parts, err)
	}
	ref := parts[0].Ref
	if st, err := conn.Status(ctx, ref); err != nil || st.Status != domain.CarrierDraft || st.Key != req.Key {
		t.Fatalf("a new order is a draft under our key: %+v %v", st, err)
	}
	if err := conn.Update(ctx, ref, req); err != nil {
		t.Fatal(err)
	}
	for _, d := range []domain.CarrierDocument{{Kind: domain.CarrierDocLOA, Name: "loa.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 letter")},
		{Kind: domain.CarrierDocBill, Name: "bill.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 bill")}} {
		if err := conn.AttachDocument(ctx, ref, req, d); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 { // submitting twice is no error and submits once
		if err := conn.Submit(ctx, ref, req); err != nil {
			t.Fatal(err)
		}
	}
	o := fake.Orders()[0]
	if o.Status != "SUBMITTED" || o.Submits != 1 || o.CustomerOrderID != req.Key || !slices.Equal(o.Numbers, []string{"2015550234", "2015550235"}) ||
		o.BTN != "2015550235" || o.AccountNumber != "ACC-123456" || o.PIN != "4321" || o.AuthorisedPerson != "Jane Smith" ||
		o.Subscriber.SubscriberType != "BUSINESS" || o.Subscriber.BusinessName != "Acme Widgets Inc" || o.Subscriber.ServiceAddress.HouseNumber != "1623" ||
		o.Subscriber.ServiceAddress.StreetName != "Brockton Ave" || o.Subscriber.ServiceAddress.StateCode != "CA" || o.SiteID != fake.Site || o.PeerID != "5678" ||
		o.Documents["LOA"] != 1 || o.Documents["INVOICE"] != 1 || o.RequestedFOC != req.RequestedFOC.Format(time.RFC3339) || o.Partial {
		t.Fatalf("the order at Bandwidth: %+v", o)
	}
	if p := fake.Problems(); len(p) > 0 {
		t.Fatalf("sent what Bandwidth would refuse: %v", p)
	}

	fake.Raise(ref, "7511", "Losing carrier rejected: account number does not match")
	st, err := conn.Status(ctx, ref)
	if err != nil || st.Status != domain.CarrierRefused || len(st.Exceptions) != 1 || st.Exceptions[0].Code != "7511" ||
		st.Exceptions[0].Rejection != domain.RejectAccountNumber {
		t.Fatalf("an exception: %+v %v", st, err)
	}
	fixed := req
	fixed.AccountNumber = "ACC-999"
	if err := conn.Update(ctx, ref, fixed); err != nil {
		t.Fatal(err)
	}
	if err := conn.Submit(ctx, ref, fixed); err != nil {
		t.Fatal(err)
	}
	if o := fake.Orders()[0]; o.Status != "REQUESTED_SUPP" || o.AccountNumber != "ACC-999" || o.Submits != 1 || o.Supps != 1 {
		t.Fatalf("a supp works the order again, without a second submit: %+v", o)
	}
	if st, _ := conn.Status(ctx, ref); st.Status != domain.CarrierInProcess || len(st.Exceptions) != 0 {
		t.Fatalf("after the supp: %+v", st)
	}

	foc := time.Date(2026, 12, 4, 16, 30, 0, 0, time.UTC)
	fake.SetFOC(ref, foc)
	fake.Note(ref, "The losing carrier confirmed the date.")
	if err := conn.AddComment(ctx, ref, "Thanks, noted."); err != nil {
		t.Fatal(err)
	}
	st, err = conn.Status(ctx, ref)
	if err != nil || st.Status != domain.CarrierFOCConfirmed || st.FOC == nil || !st.FOC.Equal(foc) || len(st.Comments) != 2 ||
		st.Comments[0].Ours || st.Comments[0].Body != "The losing carrier confirmed the date." || !st.Comments[1].Ours || st.Comments[0].ID == "" {
		t.Fatalf("FOC and notes: %+v %v", st, err)
	}
	fake.Complete(ref)
	if st, err := conn.Status(ctx, ref); err != nil || st.Status != domain.CarrierPorted || st.FOC == nil || !st.FOC.Equal(foc) {
		t.Fatalf("complete: %+v %v", st, err)
	}
	if err := conn.Cancel(ctx, ref); err != nil {
		t.Fatalf("cancelling a complete order is no error (and does nothing): %v", err)
	}
	if o := fake.Orders()[0]; o.Status != "COMPLETE" {
		t.Fatalf("cancelled a complete order: %+v", o)
	}
	if ws, err := conn.FOCDates(ctx, ref); err != nil || len(ws) != 0 {
		t.Fatalf("Bandwidth offers no windows: %v %v", ws, err)
	}
	for _, c := range *calls {
		if c.Request == "" || c.Operation == "" || c.Status == 0 {
			t.Fatalf("a call not written down: %+v", c)
		}
	}
}

// A retry after the answer to the order's creation was lost finds the order made under our
// key instead of making a second; a cancelled one under the same key is not taken.
func TestCreateFindsTheOrderMadeBefore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fake := bandwidthtest.New(t, func() time.Time { return now })
	conn, _ := connect(t, fake)
	fake.LoseAnswerOn("POST " + fake.Prefix() + "/portins")
	if _, err := conn.CreateOrder(ctx, request()); !domain.IsCode(err, domain.ErrUnavailable) {
		t.Fatalf("a lost answer: %v", err)
	}
	parts, err := conn.CreateOrder(ctx, request())
	if err != nil || len(parts) != 1 || len(fake.Orders()) != 1 || parts[0].Ref != fake.Orders()[0].ID {
		t.Fatalf("the retry: %+v %v, %d orders", parts, err, len(fake.Orders()))
	}
	if err := conn.Cancel(ctx, parts[0].Ref); err != nil {
		t.Fatal(err)
	}
	if err := conn.Cancel(ctx, parts[0].Ref); err != nil {
		t.Fatalf("cancelling twice: %v", err)
	}
	again, err := conn.CreateOrder(ctx, request())
	if err != nil || len(again) != 1 || again[0].Ref == parts[0].Ref || len(fake.Orders()) != 2 {
		t.Fatalf("after a cancel a new order is made: %+v %v", again, err)
	}
}

// Each failure reads as what the desk does next: try later, fix the credentials, or show
// Bandwidth's refusal in its code and words.
func TestFailuresInWords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fake := bandwidthtest.New(t, func() time.Time { return now })
	conn, calls := connect(t, fake)
	fake.FailNext(429, 500)
	for _, want := range []int{429, 500} {
		if _, err := conn.CreateOrder(ctx, request()); !domain.IsCode(err, domain.ErrUnavailable) {
			t.Fatalf("%d: %v", want, err)
		}
		if last := (*calls)[len(*calls)-1]; last.Status != want || last.Error == "" {
			t.Fatalf("the call log: %+v", last)
		}
	}
	bad := request()
	bad.Numbers = []string{"+441134960000"}
	if _, err := conn.CreateOrder(ctx, bad); !domain.IsCode(err, domain.ErrInvalid) {
		t.Fatalf("a UK number: %v", err)
	}
	if _, err := conn.CreateOrder(ctx, request()); err != nil {
		t.Fatal(err)
	}
	other := request()
	other.Key = "portdesk-8-3"
	_, err := conn.CreateOrder(ctx, other)
	var de *domain.Error
	if !domain.IsCode(err, domain.ErrInvalid) || !errorsAs(err, &de) || !contains(de.Message, "7205") || !contains(de.Message, "another order") {
		t.Fatalf("Bandwidth's refusal in its words: %v", err)
	}
	wrong, err := bandwidth.New(domain.ConnectorConfig{Carrier: domain.Carrier{APIURL: fake.APIURL(), AccountID: fake.Account, SiteID: fake.Site},
		APIKey: fake.User + ":wrong"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.Status(ctx, "x"); !domain.IsCode(err, domain.ErrUnauthenticated) {
		t.Fatalf("wrong credentials: %v", err)
	}
	for _, key := range []string{"", "nocolon", ":pw", "user:"} {
		if _, err := bandwidth.New(domain.ConnectorConfig{Carrier: domain.Carrier{AccountID: "1", SiteID: "2"}, APIKey: key}); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("credentials %q: %v", key, err)
		}
	}
	if _, err := bandwidth.New(domain.ConnectorConfig{Carrier: domain.Carrier{SiteID: "2"}, APIKey: "u:p"}); !domain.IsCode(err, domain.ErrInvalid) {
		t.Fatalf("no account: %v", err)
	}
}

// Only a callback with the subscription's user and password is taken; it names the port-in
// it is about, and a notification about another kind of order is nothing to do.
func TestCallbackCredentials(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fake := bandwidthtest.New(t, func() time.Time { return now })
	conn, _ := connect(t, fake)
	parts, err := conn.CreateOrder(ctx, request())
	if err != nil {
		t.Fatal(err)
	}
	body := fake.Notification(parts[0].Ref)
	other := []byte(`<Notification><OrderType>orders</OrderType><OrderId>o-1</OrderId><Status>COMPLETE</Status></Notification>`)
	for _, tc := range []struct {
		name, user, pw string
		body           []byte
		want           int // updates; -1: unauthenticated, -2: invalid
	}{
		{"good", fake.HookUser, fake.HookPassword, body, 1},
		{"wrong password", fake.HookUser, fake.HookPassword + "x", body, -1},
		{"wrong user", "someone", fake.HookPassword, body, -1},
		{"password only", "", fake.HookPassword, body, -1},
		{"none", "", "", body, -1},
		{"another kind of order", fake.HookUser, fake.HookPassword, other, 0},
		{"not XML", fake.HookUser, fake.HookPassword, []byte("{}"), -2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.user != "" || tc.pw != "" {
				h.Set("Authorization", bandwidth.Authorization(tc.user, tc.pw))
			}
			ups, err := conn.Webhook(ctx, domain.CarrierWebhook{Header: h.Get, Body: tc.body})
			switch tc.want {
			case -1:
				if !domain.IsCode(err, domain.ErrUnauthenticated) {
					t.Fatalf("want unauthenticated: %+v %v", ups, err)
				}
			case -2:
				if !domain.IsCode(err, domain.ErrInvalid) {
					t.Fatalf("want invalid: %+v %v", ups, err)
				}
			default:
				if err != nil || len(ups) != tc.want || (tc.want == 1 && ups[0].Ref != parts[0].Ref) {
					t.Fatalf("got %+v %v", ups, err)
				}
			}
		})
	}
	noSecret, _ := bandwidth.New(domain.ConnectorConfig{Carrier: domain.Carrier{AccountID: "1", SiteID: "2"}, APIKey: "u:p"})
	h := http.Header{}
	h.Set("Authorization", bandwidth.Authorization("", ""))
	if _, err := noSecret.Webhook(ctx, domain.CarrierWebhook{Header: h.Get, Body: body}); !domain.IsCode(err, domain.ErrUnauthenticated) {
		t.Fatalf("a carrier without callback credentials takes no callback: %v", err)
	}
}

// FuzzWebhook: whatever arrives, with the right credentials or not, the reader answers
// without panicking, and takes nothing without them.
func FuzzWebhook(f *testing.F) {
	conn, err := bandwidth.New(domain.ConnectorConfig{Carrier: domain.Carrier{AccountID: "1", SiteID: "2", WebhookKey: "bw-callbacks"},
		APIKey: "u:p", WebhookSecret: "hook-pass-123", Clock: clockAt{now}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`<?xml version="1.0"?><Notification><OrderType>portins</OrderType><OrderId>abc</OrderId><Status>FOC</Status></Notification>`), "", true)
	f.Add([]byte(`<Notification><OrderType>portins</OrderType><OrderId></OrderId></Notification>`), "Basic Ynctc2FsbGJhY2tzOng=", false)
	f.Add([]byte(`<a><b>`), "Basic !!", false)
	f.Fuzz(func(t *testing.T, body []byte, auth string, good bool) {
		if good {
			auth = bandwidth.Authorization("bw-callbacks", "hook-pass-123")
		}
		h := http.Header{}
		h.Set("Authorization", auth)
		ups, err := conn.Webhook(context.Background(), domain.CarrierWebhook{Header: h.Get, Body: body})
		r := http.Request{Header: h}
		u, p, _ := r.BasicAuth()
		if (u != "bw-callbacks" || p != "hook-pass-123") && (err == nil || len(ups) > 0) {
			t.Fatalf("took a call without the credentials: %+v %v", ups, err)
		}
		for _, u := range ups {
			if u.Ref == "" {
				t.Fatalf("an update naming no order: %+v", ups)
			}
		}
	})
}

func errorsAs(err error, target **domain.Error) bool { return errors.As(err, target) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }
