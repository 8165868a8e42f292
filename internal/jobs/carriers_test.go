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
	"github.com/portdesk/portdesk/internal/carriers/bandwidth/bandwidthtest"
	"github.com/portdesk/portdesk/internal/carriers/telnyx/telnyxtest"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/jobs"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
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

// carrierFake is a fake carrier API as the end-to-end test drives it, whichever carrier it
// fakes: the test is the same for each connector, which is the point of the interface.
type carrierFake interface {
	carrier() team.CarrierInput // pointed at the fake, sending without the team
	secrets() (key, webhookSecret string)
	troubles() // the faults of the first send
	parts() []string
	allSubmitted() bool
	checkOrders(t *testing.T, p domain.PortIn, carrierID int64)
	comment(ref, body string)
	foc(ref string, at time.Time)
	port(ref string)
	notify(url, ref string) (int, error)
	forged(url, ref string) (int, error) // a call that is not the carrier's
}

// telnyxFake: a carrier that takes GB orders, splits them in two and signs its webhooks.
type telnyxFake struct {
	*telnyxtest.Server
	clock *desktest.Clock
}

func (f telnyxFake) carrier() team.CarrierInput {
	return team.CarrierInput{Name: "Telnyx", Email: "porting@telnyx.example", Countries: []string{"GB"},
		Kind: domain.CarrierTelnyx, APIURL: f.APIURL(), WebhookKey: f.PublicKey, AutoSend: true}
}
func (f telnyxFake) secrets() (string, string) { return f.Key, "" }
func (f telnyxFake) troubles() {
	f.SplitNext()
	f.FailNext(429)                           // the first call
	f.LoseAnswerOn("POST /v2/porting_orders") // made, but the answer lost: the retry must find it
	f.FailOn("POST /v2/documents", 500)
}
func (f telnyxFake) parts() (out []string) {
	for _, o := range f.Orders() {
		out = append(out, o.ID)
	}
	return out
}
func (f telnyxFake) allSubmitted() bool {
	os := f.Orders()
	return len(os) == 2 && os[0].Status == "in-process" && os[1].Status == "in-process"
}
func (f telnyxFake) checkOrders(t *testing.T, p domain.PortIn, carrierID int64) {
	t.Helper()
	for _, o := range f.Orders() {
		admin := o.EndUser["admin"]
		if admin["entity_name"] != "Acme Widgets Ltd" || admin["account_number"] != "ACC-123456" || admin["pin_passcode"] != "4321" ||
			admin["billing_phone_number"] != "+441134960001" || o.EndUser["location"]["postal_code"] != "LS1 4AP" || o.Misc["type"] != "full" ||
			o.LOA == "" || o.Invoice == "" || o.FOCRequested == nil || o.Confirms != 1 || o.Reference != fmt.Sprintf("portdesk-%d-%d", p.ID, carrierID) {
			t.Fatalf("order at the carrier: %+v", o)
		}
	}
	if len(f.Problems) > 0 {
		t.Fatalf("the carrier was sent what it would refuse: %v", f.Problems)
	}
}
func (f telnyxFake) comment(ref, body string)            { f.Comment(ref, body) }
func (f telnyxFake) foc(ref string, at time.Time)        { f.ConfirmFOC(ref, at) }
func (f telnyxFake) port(ref string)                     { f.Port(ref) }
func (f telnyxFake) notify(url, ref string) (int, error) { return f.Notify(url, ref) }
func (f telnyxFake) forged(url, ref string) (int, error) { // signed an hour ago
	return f.NotifySignedAt(url, ref, f.clock.Now().Add(-time.Hour))
}

// bandwidthFake: a carrier that takes US orders as XML drafts, one order for all the
// numbers, and authenticates its callbacks with the subscription's basic-auth credentials.
type bandwidthFake struct{ *bandwidthtest.Server }

func (f bandwidthFake) carrier() team.CarrierInput {
	return team.CarrierInput{Name: "Bandwidth", Email: "lnp@bandwidth.example", Countries: []string{"US"}, Kind: domain.CarrierBandwidth,
		APIURL: f.APIURL(), WebhookKey: f.HookUser, AccountID: f.Account, SiteID: f.Site, AutoSend: true}
}
func (f bandwidthFake) secrets() (string, string) { return f.Credentials(), f.HookPassword }
func (f bandwidthFake) troubles() {
	f.FailNext(429)                                   // the first call
	f.LoseAnswerOn("POST " + f.Prefix() + "/portins") // made, but the answer lost: the retry must find it
	f.FailOn("POST "+f.Prefix()+"/portins/", 500)     // the first upload
}
func (f bandwidthFake) parts() (out []string) {
	for _, o := range f.Orders() {
		out = append(out, o.ID)
	}
	return out
}
func (f bandwidthFake) allSubmitted() bool {
	os := f.Orders()
	return len(os) == 1 && os[0].Status == "SUBMITTED"
}
func (f bandwidthFake) checkOrders(t *testing.T, p domain.PortIn, carrierID int64) {
	t.Helper()
	for _, o := range f.Orders() {
		a := o.Subscriber.ServiceAddress
		if o.Subscriber.BusinessName != "Acme Widgets Inc" || o.AccountNumber != "ACC-123456" || o.PIN != "4321" || o.BTN != "2015550235" ||
			a == nil || a.HouseNumber != "1623" || a.Zip != "90025" || a.StateCode != "CA" || o.AuthorisedPerson != "Jane Smith" || o.Partial ||
			o.Documents["LOA"] < 1 || o.Documents["INVOICE"] != 1 || o.Submits != 1 || o.SiteID != f.Site ||
			o.CustomerOrderID != fmt.Sprintf("portdesk-%d-%d", p.ID, carrierID) {
			t.Fatalf("order at the carrier: %+v", o)
		}
	}
	if ps := f.Problems(); len(ps) > 0 {
		t.Fatalf("the carrier was sent what it would refuse: %v", ps)
	}
}
func (f bandwidthFake) comment(ref, body string)            { f.Note(ref, body) }
func (f bandwidthFake) foc(ref string, at time.Time)        { f.SetFOC(ref, at) }
func (f bandwidthFake) port(ref string)                     { f.Complete(ref) }
func (f bandwidthFake) notify(url, ref string) (int, error) { return f.Notify(url, ref) }
func (f bandwidthFake) forged(url, ref string) (int, error) {
	return f.NotifyAs(url, ref, f.HookUser, "not-the-password")
}

// usRequest is a complete US request of a business, for the Bandwidth carrier.
func usRequest() portin.Changes {
	in := desktest.Complete()
	str := func(s string) *string { return &s }
	in.LosingProvider, in.LosingProviderAddress, in.CustomerName = str("Verizon"), str("1095 Avenue of the Americas, New York, NY 10036"), str("Acme Widgets Inc")
	in.BillingAddress = &domain.Address{Line1: "1623 Brockton Ave", City: "Los Angeles", Region: "CA", Postcode: "90025", Country: "US"}
	in.BTN = str("+1 201 555 0235")
	return in
}

// TestCarrierAPIPortsWithoutStaff drives a request from the customer's submit to completed
// with no action of the team's, through each connector: a carrier that takes the country's
// orders without the team gets it at once (its first call refused with 429, the answer to
// the order's creation lost, a document upload failing with 500, and, at Telnyx, the order
// split in two), the job is retried without making a second order, the desk restarts in the
// middle, dates and ports come by the carrier's authenticated webhooks or, where one never
// comes, by polling, a webhook that is not the carrier's is refused, and in the end there is
// exactly one order per part at the carrier, one completion, and one email of each kind to
// each person.
func TestCarrierAPIPortsWithoutStaff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		country domain.Country
		details portin.Changes
		numbers []string
		fake    func(t *testing.T, env *desktest.Env) carrierFake
	}{
		{"Telnyx", domain.CountryGB, desktest.Complete(), []string{"0113 496 0000", "0113 496 0001"}, func(t *testing.T, env *desktest.Env) carrierFake {
			return telnyxFake{telnyxtest.New(t, env.Clock.Now), env.Clock}
		}},
		{"Bandwidth", domain.CountryUS, usRequest(), []string{"+1 201 555 0234", "+1 201 555 0235"}, func(t *testing.T, env *desktest.Env) carrierFake {
			return bandwidthFake{bandwidthtest.New(t, env.Clock.Now)}
		}},
	} {
		// One connector after the other (each on both engines at once): four desks driven by
		// River at once starve each other on a loaded machine.
		t.Run(tc.name, func(t *testing.T) {
			desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
				t.Parallel()
				portsWithoutStaff(t, env, tc.country, tc.details, tc.numbers, tc.fake(t, env))
			})
		})
	}
}

func portsWithoutStaff(t *testing.T, env *desktest.Env, country domain.Country, details portin.Changes, numbers []string, fake carrierFake) {
	ctx := context.Background()
	srv := smtptest.Start(t)
	m, _ := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none"})
	env.UseMailer(t, m)
	aheadOfWall(env)
	admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	carrier, err := env.Team.SaveCarrier(ctx, admin, 0, fake.carrier())
	if err != nil {
		t.Fatal(err)
	}
	key, secret := fake.secrets()
	if err := env.Team.SetCarrierKey(ctx, admin, carrier.ID, key); err != nil {
		t.Fatal(err)
	}
	if secret != "" {
		if err := env.Team.SetCarrierWebhookSecret(ctx, admin, carrier.ID, secret); err != nil {
			t.Fatal(err)
		}
	}
	web := httptest.NewServer(api.New(env.App, api.Options{}))
	t.Cleanup(web.Close)
	hookURL := fmt.Sprintf("%s/api/v1/carriers/%d/webhooks", web.URL, carrier.ID)
	fake.troubles()

	stop := startCarrierRunner(t, env)
	c := env.NewCustomer(t, "Acme", 0, country)
	p := env.SubmittedWith(t, c.Actor, details, numbers...)
	// A failed job is due again by River's backoff on the env's clock: move it on.
	desktest.Eventually(t, 60*time.Second, "every part submitted at the carrier", func() bool {
		env.Clock.Advance(20 * time.Second)
		return fake.allSubmitted()
	})
	got, err := env.Store.PortIn(ctx, p.ID)
	if err != nil || got.Status != domain.StatusInProgress {
		t.Fatalf("request after the send: %v %v", got.Status, err)
	}
	fake.checkOrders(t, p, carrier.ID)

	// A restart: the carrier commits a date while the desk is down; where there are two
	// parts the first's webhook arrives (the API answers without the jobs) and the second's
	// never does; a single part's never does either. Polling finds what no webhook said.
	stop()
	parts := fake.parts()
	foc := env.FOC(string(country), 5)
	fake.comment(parts[0], "The losing carrier confirmed the date.")
	for _, ref := range parts {
		fake.foc(ref, foc)
	}
	if len(parts) > 1 {
		if st, err := fake.notify(hookURL, parts[0]); err != nil || st != 204 {
			t.Fatalf("webhook: %d %v", st, err)
		}
	}
	if st, _ := fake.forged(hookURL, parts[0]); st != 401 {
		t.Fatalf("a webhook that is not the carrier's: %d, want 401", st)
	}
	startCarrierRunner(t, env)
	desktest.Eventually(t, 60*time.Second, "scheduled at the carrier's FOC by polling", func() bool {
		env.Clock.Advance(time.Minute)
		got, err := env.Store.PortIn(ctx, p.ID)
		return err == nil && got.Status == domain.StatusScheduled && got.FOC != nil && got.FOC.Equal(foc)
	})

	for _, ref := range parts {
		fake.port(ref)
	}
	if st, err := fake.notify(hookURL, parts[0]); err != nil || st != 204 {
		t.Fatalf("webhook: %d %v", st, err)
	}
	desktest.Eventually(t, 60*time.Second, "completed once every part is ported", func() bool {
		env.Clock.Advance(time.Minute)
		got, err := env.Store.PortIn(ctx, p.ID)
		return err == nil && got.Status == domain.StatusCompleted
	})
	if n := len(fake.parts()); n != len(parts) {
		t.Fatalf("%d orders at the carrier, want the %d parts", n, len(parts))
	}
	if n := env.CountEvents(t, p.ID, func(e domain.PortInEvent) bool {
		return e.Type == domain.EventStatusChanged && e.To == domain.StatusCompleted
	}); n != 1 {
		t.Fatalf("%d completions", n)
	}
	inv, err := env.Store.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: []int64{c.Account.ID}, Limit: 10})
	if err != nil || len(inv) != len(numbers) {
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
