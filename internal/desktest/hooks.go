package desktest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
)

// Receiver is a real webhook endpoint on loopback that keeps what it got, each verified
// with the Standard Webhooks library against its secret.
type Receiver struct {
	mu      sync.Mutex
	got     []Received
	failing int
	secret  string
	srv     *httptest.Server
}

// Received is one post the receiver got.
type Received struct {
	ID, Type string
	Verified error // nil when the signature checked out
	Body     map[string]any
}

// NewReceiver starts a receiver that lives as long as the test.
func NewReceiver(t testing.TB) *Receiver {
	rc := &Receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if rc.failing > 0 {
			rc.failing--
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		wh, err := standardwebhooks.NewWebhook(rc.secret)
		if err == nil {
			err = wh.Verify(body, r.Header)
		}
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		typ, _ := m["type"].(string)
		rc.got = append(rc.got, Received{ID: r.Header.Get("webhook-id"), Type: typ, Verified: err, Body: m})
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

// URL is where the receiver listens.
func (rc *Receiver) URL() string { return rc.srv.URL }

// Trust checks the signatures of what comes next against secret (the endpoint's).
func (rc *Receiver) Trust(secret string) {
	rc.mu.Lock()
	rc.secret = secret
	rc.mu.Unlock()
}

// FailNext answers the next n posts with 503.
func (rc *Receiver) FailNext(n int) {
	rc.mu.Lock()
	rc.failing = n
	rc.mu.Unlock()
}

// All is what the receiver got, in order.
func (rc *Receiver) All() []Received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]Received(nil), rc.got...)
}

// DeliverAll runs every pending delivery of an endpoint once, as the job would, and says how
// many failed.
func (e *Env) DeliverAll(t testing.TB, endpointID int64) (failed int) {
	t.Helper()
	ds, err := e.Store.WebhookDeliveries(context.Background(), endpointID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].Status == domain.DeliverySent {
			continue
		}
		if err := e.Delivery.DeliverWebhook(context.Background(), ds[i].ID); err != nil {
			failed++
		}
	}
	return failed
}

// Subjects maps each email the SMTP server got to its subject, by recipient.
func Subjects(t testing.TB, got []smtptest.Received) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range got {
		m, err := r.Parse()
		if err != nil {
			t.Fatal(err)
		}
		out[r.To[0]] = m.Header.Get("Subject")
	}
	return out
}

// LastEvent finds the newest event of a type on a port-in request: what a job is given.
func (e *Env) LastEvent(t testing.TB, portInID int64, typ domain.EventType) domain.StoredEvent {
	t.Helper()
	es, err := e.Store.Events(context.Background(), domain.PortInSubject(portInID))
	if err != nil {
		t.Fatal(err)
	}
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Type == typ {
			return es[i]
		}
	}
	t.Fatalf("no %s event on port-in %d", typ, portInID)
	return domain.StoredEvent{}
}

// CountEvents counts the events of a port-in request that match.
func (e *Env) CountEvents(t testing.TB, portInID int64, match func(domain.PortInEvent) bool) int {
	t.Helper()
	stored, err := e.Store.Events(context.Background(), domain.PortInSubject(portInID))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range domain.EventsAs[domain.Status](stored) {
		if match(ev) {
			n++
		}
	}
	return n
}
