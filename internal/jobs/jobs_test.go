package jobs_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
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
		start := aheadOfWall(env)
		c := env.NewCustomer(t, "Forgetful", 0, domain.CountryGB)
		stale, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0600"}}})
		if err != nil {
			t.Fatal(err)
		}
		// A month on, by the clock River runs on: the first draft's expiry is due, a new one's
		// is not.
		env.Clock.Set(start.Add(31 * 24 * time.Hour))
		kept, err := env.PortIns.Create(ctx, c.Actor, portin.Changes{})
		if err != nil {
			t.Fatal(err)
		}

		startRunner(t, env)

		desktest.Eventually(t, 30*time.Second, "the stale draft deleted by its job", func() bool {
			_, err := env.Store.PortIn(ctx, stale.ID)
			return domain.IsCode(err, domain.ErrNotFound)
		})
		if _, err := env.Store.PortIn(ctx, kept.ID); err != nil {
			t.Fatalf("a fresh draft must stay: %v", err)
		}
		events, err := env.Store.Events(ctx, domain.PortInSubject(stale.ID))
		if err != nil || events[len(events)-1].Type != domain.EventDraftDeleted {
			t.Fatalf("events: %+v %v", events, err)
		}
	})
}

// aheadOfWall puts the env's clock, which River runs on, an hour ahead of the wall clock, on
// a whole second. River finds a job due by this clock; but a job the store inserts to run at
// once is stamped with the database's own time, so the clock must be past that for it to run.
func aheadOfWall(env *desktest.Env) time.Time {
	now := time.Now().UTC().Add(time.Hour).Truncate(time.Second)
	env.Clock.Set(now)
	return now
}

// runner is River working one test's jobs, with a view of River's job rows.
type runner struct {
	list func(context.Context, *river.JobListParams) (*river.JobListResult, error)
}

// job is what a test reads of one of River's job rows.
type job struct {
	State       string
	Attempt     int
	Errors      int
	ScheduledAt time.Time
}

// startRunner works the env's jobs with River until the test ends. River runs on the env's
// clock and looks for due jobs every 50 ms, so a test moves the clock where it would wait.
func startRunner(t *testing.T, env *desktest.Env) *runner {
	t.Helper()
	return startRunnerWith(t, env, func(*jobs.Options) {})
}

// startRunnerWith is startRunner with options changed by set.
func startRunnerWith(t *testing.T, env *desktest.Env, set func(*jobs.Options)) *runner {
	t.Helper()
	opts := jobs.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: env.Clock, PollInterval: 50 * time.Millisecond}
	set(&opts)
	var rn *jobs.Runner
	r := &runner{}
	var err error
	switch st := env.Store.(type) {
	case *sqlite.Store:
		if rn, err = jobs.NewSQLite(st.DB(), env.App, opts); err == nil {
			var c *river.Client[*sql.Tx]
			c, err = river.NewClient(riversqlite.New(st.DB()), &river.Config{})
			r.list = func(ctx context.Context, p *river.JobListParams) (*river.JobListResult, error) {
				return c.JobList(ctx, p)
			}
		}
	case *postgres.Store:
		if rn, err = jobs.NewPostgres(st.Pool(), env.App, opts); err == nil {
			var c *river.Client[pgx.Tx]
			c, err = river.NewClient(riverpgxv5.New(st.Pool()), &river.Config{})
			r.list = func(ctx context.Context, p *river.JobListParams) (*river.JobListResult, error) {
				return c.JobList(ctx, p)
			}
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := rn.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_ = rn.Stop(sctx)
		cancel()
	})
	return r
}

// jobs are River's rows of a kind, oldest first.
func (r *runner) jobs(t *testing.T, kind string) []job {
	t.Helper()
	res, err := r.list(context.Background(), river.NewJobListParams().Kinds(kind).First(100))
	if err != nil {
		t.Fatal(err)
	}
	var out []job
	for _, j := range res.Jobs {
		out = append(out, job{State: string(j.State), Attempt: j.Attempt, Errors: len(j.Errors), ScheduledAt: j.ScheduledAt})
	}
	return out
}

// done says whether there are jobs of a kind and River has completed every one: the positive
// sign that their work is finished, and that nothing more of it will arrive.
func (r *runner) done(t *testing.T, kind string) bool {
	t.Helper()
	js := r.jobs(t, kind)
	for _, j := range js {
		if j.State != "completed" {
			return false
		}
	}
	return len(js) > 0
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
		aheadOfWall(env)
		c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
		env.Submitted(t, c.Actor, "0113 496 0702")
		r := startRunner(t, env)
		// A job completes after its sends returned, and the server keeps a message before it
		// accepts it: once River has completed the email jobs, every email is here.
		desktest.Eventually(t, 30*time.Second, "every email job completed", func() bool { return r.done(t, domain.JobSendEventEmail) })
		got := srv.Messages()
		if len(got) != 2 {
			t.Fatalf("%d emails arrived, want exactly 2 (customer and team)", len(got))
		}
		to := map[string]bool{got[0].To[0]: true, got[1].To[0]: true}
		if !to[c.Admin.Email] || !to["porting-team@portdesk.test"] {
			t.Fatalf("recipients: %v", to)
		}
	})
}

// TestWebhookJobRetries: a submit inserts the delivery and its job in one transaction; River
// posts it, the endpoint fails once, and the retry on the Standard Webhooks schedule (5 s by
// the env's clock, which the test moves) delivers it, signed, with the same webhook-id.
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
		attempts := func() []int {
			mu.Lock()
			defer mu.Unlock()
			return append([]int(nil), codes...)
		}
		allow := webhooks.URLPolicy{AllowPrivate: true}
		env.UseWebhooks(t, webhooks.NewSender(allow, 5*time.Second), allow)
		start := aheadOfWall(env)
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
		r := startRunner(t, env)

		// The first attempt fails; River keeps the error and puts the retry 5 s on by the env's
		// clock, which stands still meanwhile.
		var first job
		desktest.Eventually(t, 30*time.Second, "the failed first attempt recorded", func() bool {
			js := r.jobs(t, domain.JobDeliverWebhook)
			if len(js) != 1 || js[0].Errors != 1 || js[0].State == "running" {
				return false
			}
			first = js[0]
			return true
		})
		if want := start.Add(5 * time.Second); first.Attempt != 1 || !first.ScheduledAt.Equal(want) {
			t.Fatalf("after the first attempt: %+v, want the retry at %s", first, want)
		}
		if got := attempts(); len(got) != 1 {
			t.Fatalf("attempts before the retry was due: %v", got)
		}

		// Now past the retry's time. (Just past: River's SQLite driver writes that time in Go's
		// format, which sorts after the same instant in SQLite's, so at exactly 5 s it is not due
		// there yet.)
		env.Clock.Advance(5*time.Second + time.Millisecond)
		desktest.Eventually(t, 30*time.Second, "the retry completed", func() bool { return r.done(t, domain.JobDeliverWebhook) })
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

// A periodic job is queued only when none of its kind waits or runs: a worker behind its
// interval (here a clock moved much faster than the wall's, as a slow carrier would make
// it) once queued a hundred thousand polls ahead of a request's retry, which then never ran.
func TestPeriodicJobsDoNotPileUp(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		aheadOfWall(env)
		r := startRunnerWith(t, env, func(o *jobs.Options) { o.CarrierPollEvery = 10 * time.Millisecond })
		polls := 0
		desktest.Eventually(t, 30*time.Second, "the carrier poll run a few times", func() bool {
			env.Clock.Advance(20 * time.Second)
			polls = 0
			for _, j := range r.jobs(t, "carrier_poll") {
				if j.State == "completed" {
					polls++
				}
			}
			return polls >= 5
		})
		for range 40 { // two seconds of a clock racing ahead
			env.Clock.Advance(20 * time.Second)
			time.Sleep(50 * time.Millisecond)
		}
		for _, kind := range []string{"carrier_poll", "desk_reminders", "housekeeping"} {
			res, err := r.list(context.Background(), river.NewJobListParams().Kinds(kind).First(1000).States(rivertype.JobStateAvailable,
				rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled))
			if err != nil {
				t.Fatal(err)
			}
			if waiting := len(res.Jobs); waiting > 1 {
				t.Errorf("%d %s jobs wait or run at once, want at most one", waiting, kind)
			}
		}
	})
}
