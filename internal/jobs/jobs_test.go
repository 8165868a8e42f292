package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/jobs"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/sqlite"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// TestStaleDraftJobRuns proves the whole path on each engine: the change that leaves a draft
// inserts its expiry job in the same transaction, River picks it up when due, and the
// worker deletes the draft while keeping its events.
func TestStaleDraftJobRuns(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		// River schedules on the wall clock; start the service's clock 31 days back so the
		// expiry job is already due.
		now := time.Now().UTC()
		env.Clock.Set(now.Add(-31 * 24 * time.Hour))
		c := env.NewCustomer(t, "Forgetful", 0, domain.CountryGB)
		stale, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0600"}}})
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Set(now)
		kept, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
		if err != nil {
			t.Fatal(err)
		}

		rctx := startRunner(t, env)

		for {
			_, err := env.Store.PortIn(ctx, stale.ID)
			if domain.IsCode(err, domain.ErrNotFound) {
				break
			}
			if rctx.Err() != nil {
				t.Fatal("the stale draft was not deleted by its job in time")
			}
			time.Sleep(100 * time.Millisecond)
		}
		if _, err := env.Store.PortIn(ctx, kept.ID); err != nil {
			t.Fatalf("a fresh draft must stay: %v", err)
		}
		events, err := env.Store.Events(ctx, domain.PortInSubject(stale.ID))
		if err != nil || events[len(events)-1].Type != domain.EventDraftDeleted {
			t.Fatalf("events: %+v %v", events, err)
		}
	})
}

// startRunner works the env's jobs with River until the test ends (at most a minute).
func startRunner(t *testing.T, env *desktest.Env) context.Context {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var runner *jobs.Runner
	var err error
	switch st := env.Store.(type) {
	case *sqlite.Store:
		runner, err = jobs.NewSQLite(st.DB(), env.App, jobs.Options{Log: log})
	case *postgres.Store:
		runner, err = jobs.NewPostgres(st.Pool(), env.App, jobs.Options{Log: log})
	}
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	if err := runner.Start(rctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_ = runner.Stop(sctx)
		cancel()
	})
	return rctx
}

// TestEmailJobRuns: submitting inserts the email job in the submit's transaction, and River
// delivers it to a real SMTP server on loopback, to the customer and the team's queue, once.
func TestEmailJobRuns(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		srv := smtptest.Start(t)
		m, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		if err != nil {
			t.Fatal(err)
		}
		env.UseMailer(t, m)
		env.Clock.Set(time.Now().UTC()) // River schedules on the wall clock
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		env.Submitted(t, c.Actor, "0113 496 0702")
		startRunner(t, env)
		got := srv.Wait(2, 30*time.Second)
		if len(got) != 2 {
			t.Fatalf("%d emails arrived, want 2 (customer and team)", len(got))
		}
		to := map[string]bool{got[0].To[0]: true, got[1].To[0]: true}
		if !to[c.Admin.Email] || !to["porting-team@portdesk.test"] {
			t.Fatalf("recipients: %v", to)
		}
		time.Sleep(2 * time.Second) // a duplicate, if the job ran twice, would arrive by now
		if n := len(srv.Messages()); n != 2 {
			t.Fatalf("%d emails, want exactly 2", n)
		}
	})
}

// TestWebhookJobRetries: a submit inserts the delivery and its job in one transaction; River
// posts it, the endpoint fails once, and the retry on the Standard Webhooks schedule (5 s)
// delivers it, signed, with the same webhook-id.
func TestWebhookJobRetries(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		var mu sync.Mutex
		var ids []string
		var codes []int
		secret := ""
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			ids = append(ids, r.Header.Get("webhook-id"))
			if len(ids) == 1 {
				codes = append(codes, 500)
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
			wh, _ := standardwebhooks.NewWebhook(secret)
			if err := wh.Verify(body, r.Header); err != nil {
				codes = append(codes, 401)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			codes = append(codes, 204)
			w.WriteHeader(http.StatusNoContent)
		}))
		defer srv.Close()
		allow := webhooks.URLPolicy{AllowPrivate: true}
		env.UseWebhooks(t, webhooks.NewSender(allow, 5*time.Second), allow)
		env.Clock.Set(time.Now().UTC())
		c := env.NewCustomer(t, "Hooked", 0, domain.CountryGB)
		url := srv.URL
		events := []string{domain.HookPortInSubmitted}
		ep, err := env.Delivery.CreateWebhookEndpoint(ctx, c.Actor, c.Account.ID, delivery.WebhookInput{URL: &url, Events: &events})
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		secret = ep.Secret
		mu.Unlock()
		env.Submitted(t, c.Actor, "0113 496 0740")
		startRunner(t, env)
		deadline := time.Now().Add(40 * time.Second)
		for {
			mu.Lock()
			n := len(codes)
			mu.Unlock()
			if n >= 2 || time.Now().After(deadline) {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(codes) != 2 || codes[0] != 500 || codes[1] != 204 || ids[0] != ids[1] {
			t.Fatalf("attempts: codes %v ids %v", codes, ids)
		}
		log, err := env.Delivery.WebhookDeliveries(ctx, c.Actor, ep.ID, 0, 10)
		if err != nil || len(log) != 1 || log[0].Attempts != 2 || log[0].Status != domain.DeliverySent {
			t.Fatalf("log: %+v %v", log, err)
		}
	})
}
