package jobs_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/api"
	"github.com/portdesk/portdesk/internal/carriers/telnyx/telnyxtest"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/jobs"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/sqlite"
	"github.com/portdesk/portdesk/internal/team"
)

// startCarrierRunner works the env's jobs with River, looking for orders due a poll every
// 50 ms, until stop is called (or the test ends): a test stops one and starts another as a
// restart would.
func startCarrierRunner(t *testing.T, env *desktest.Env) (stop func()) {
	t.Helper()
	opts := jobs.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: env.Clock, PollInterval: 50 * time.Millisecond,
		CarrierPollEvery: 50 * time.Millisecond}
	var rn *jobs.Runner
	var err error
	switch st := env.Store.(type) {
	case *sqlite.Store:
		var db *sql.DB = st.DB()
		rn, err = jobs.NewSQLite(db, env.App, opts)
	case *postgres.Store:
		rn, err = jobs.NewPostgres(st.Pool(), env.App, opts)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := rn.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_ = rn.Stop(sctx)
		cancel()
	}
	t.Cleanup(stop)
	return stop
}

// TestCarrierAPIPortsWithoutStaff drives a request from the customer's submit to completed
// with no action of the team's: a Telnyx carrier that takes GB orders without the team gets
// it at once (its first call refused with 429, the answer to the order's creation lost, a
// document upload failing with 500, and the order split in two), the job is retried without
// making a second order, the desk restarts in the middle, one
// part's FOC and port come by signed webhook and the other's never do (polling finds
// them), and in the end there is exactly one order per part at the carrier, one completion,
// and one email of each kind to each person.
func TestCarrierAPIPortsWithoutStaff(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		srv := smtptest.Start(t)
		m, _ := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
		env.UseMailer(t, m)
		aheadOfWall(env)
		fake := telnyxtest.New(t, env.Clock.Now)
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		carrier, err := env.Team.SaveCarrier(ctx, admin, 0, team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example", Countries: []string{"GB"},
			Kind: domain.CarrierTelnyx, APIURL: fake.APIURL(), WebhookKey: fake.PublicKey, AutoSend: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Team.SetCarrierKey(ctx, admin, carrier.ID, fake.Key); err != nil {
			t.Fatal(err)
		}
		web := httptest.NewServer(api.New(env.App, api.Options{}))
		t.Cleanup(web.Close)
		hookURL := fmt.Sprintf("%s/api/v1/carriers/%d/webhooks", web.URL, carrier.ID)
		fake.SplitNext()
		fake.FailNext(429)                           // the first call
		fake.LoseAnswerOn("POST /v2/porting_orders") // made, but the answer lost: the retry must find it
		fake.FailOn("POST /v2/documents", 500)

		stop := startCarrierRunner(t, env)
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		p := env.Submitted(t, c.Actor, "0113 496 0000", "0113 496 0001")
		// A failed job is due again by River's backoff on the env's clock: move it on.
		desktest.Eventually(t, 60*time.Second, "both parts submitted at the carrier", func() bool {
			env.Clock.Advance(20 * time.Second)
			os := fake.Orders()
			return len(os) == 2 && os[0].Status == "in-process" && os[1].Status == "in-process"
		})
		got, err := env.Store.PortIn(ctx, p.ID)
		if err != nil || got.Status != domain.StatusInProgress {
			t.Fatalf("request after the send: %v %v", got.Status, err)
		}
		for _, o := range fake.Orders() {
			admin := o.EndUser["admin"]
			if admin["entity_name"] != "Acme Widgets Ltd" || admin["account_number"] != "ACC-123456" || admin["pin_passcode"] != "4321" ||
				admin["billing_phone_number"] != "+441134960001" || o.EndUser["location"]["postal_code"] != "LS1 4AP" || o.Misc["type"] != "full" ||
				o.LOA == "" || o.Invoice == "" || o.FOCRequested == nil || o.Confirms != 1 || o.Reference != fmt.Sprintf("portdesk-%d-%d", p.ID, carrier.ID) {
				t.Fatalf("order at the carrier: %+v", o)
			}
		}
		if len(fake.Problems) > 0 {
			t.Fatalf("the carrier was sent what it would refuse: %v", fake.Problems)
		}

		// A restart: the carrier commits a date while the desk is down; the webhook of the
		// first part arrives (the API answers without the jobs), the second's never does.
		stop()
		parts := fake.Orders()
		foc := env.FOC("GB", 5)
		fake.Comment(parts[0].ID, "The losing carrier confirmed the date.")
		fake.ConfirmFOC(parts[0].ID, foc)
		fake.ConfirmFOC(parts[1].ID, foc)
		if st, err := fake.Notify(hookURL, parts[0].ID); err != nil || st != 204 {
			t.Fatalf("webhook: %d %v", st, err)
		}
		if st, _ := fake.NotifySignedAt(hookURL, parts[0].ID, env.Clock.Now().Add(-time.Hour)); st != 401 {
			t.Fatalf("a webhook signed an hour ago: %d, want 401", st)
		}
		startCarrierRunner(t, env)
		desktest.Eventually(t, 60*time.Second, "scheduled at the carrier's FOC by polling the second part", func() bool {
			env.Clock.Advance(time.Minute)
			got, err := env.Store.PortIn(ctx, p.ID)
			return err == nil && got.Status == domain.StatusScheduled && got.FOC != nil && got.FOC.Equal(foc)
		})

		fake.Port(parts[0].ID)
		fake.Port(parts[1].ID)
		if st, err := fake.Notify(hookURL, parts[0].ID); err != nil || st != 204 {
			t.Fatalf("webhook: %d %v", st, err)
		}
		desktest.Eventually(t, 60*time.Second, "completed once polling finds the second part ported", func() bool {
			env.Clock.Advance(time.Minute)
			got, err := env.Store.PortIn(ctx, p.ID)
			return err == nil && got.Status == domain.StatusCompleted
		})
		if n := len(fake.Orders()); n != 2 {
			t.Fatalf("%d orders at the carrier, want the 2 parts", n)
		}
		if n := env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool {
			return e.Type == domain.EventStatusChanged && e.To == domain.StatusCompleted
		}); n != 1 {
			t.Fatalf("%d completions", n)
		}
		inv, err := env.Store.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: []int64{c.Account.ID}, Limit: 10})
		if err != nil || len(inv) != 2 {
			t.Fatalf("numbers activated: %d %v", len(inv), err)
		}
		notes, err := env.Store.Notes(ctx, p.ID, true)
		if err != nil || len(notes) != 1 || !notes[0].Internal {
			t.Fatalf("the carrier's comment as an internal note: %+v %v", notes, err)
		}
		desktest.Eventually(t, 30*time.Second, "the emails sent", func() bool { return jobsDone(t, env, domain.JobSendEventEmail) })
		seen := map[string]int{}
		for _, r := range srv.Messages() {
			msg, err := r.Parse()
			if err != nil {
				t.Fatal(err)
			}
			seen[r.To[0]+": "+msg.Header.Get("Subject")]++
		}
		kinds := 0
		for k, n := range seen {
			if n != 1 {
				t.Errorf("%d emails %q", n, k)
			}
			kinds++
		}
		if kinds < 4 {
			t.Errorf("emails: %v, want at least received, in progress, scheduled and completed", seen)
		}
		calls, err := env.Upstream.Calls(ctx, admin, p.ID)
		if err != nil || len(calls) == 0 || calls[len(calls)-1].Status != 429 || calls[len(calls)-1].Error == "" {
			t.Fatalf("the call log starts with the 429, in words: %+v %v", calls, err)
		}
	})
}

// jobsDone says whether River has jobs of kind and has completed every one.
func jobsDone(t *testing.T, env *desktest.Env, kind string) bool {
	t.Helper()
	q := `SELECT count(*), count(*) FILTER (WHERE state = 'completed') FROM river_job WHERE kind = '` + kind + `'`
	var all, done int
	var err error
	switch st := env.Store.(type) {
	case *sqlite.Store:
		err = st.DB().QueryRow(q).Scan(&all, &done)
	case *postgres.Store:
		err = st.Pool().QueryRow(context.Background(), q).Scan(&all, &done)
	}
	if err != nil {
		t.Fatal(err)
	}
	return all > 0 && all == done
}
