// Package desktest builds PortDesk's real use cases (an app.App) for tests of the use cases
// and of the adapters (API, web, jobs): a real store on SQLite or PostgreSQL, the real number
// parser, documents in memory and a clock tests can move.
package desktest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/carriers/bandwidth"
	"github.com/portdesk/portdesk/internal/carriers/telnyx"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/ranges"
	"github.com/portdesk/portdesk/internal/webhooks"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/sqlite"
)

// Clock is a clock tests set and advance.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t.UTC()} }

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t.UTC()
	c.mu.Unlock()
}

// Start is where every test's clock begins: a Monday, mid-morning UTC.
var Start = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// Env is PortDesk's use cases on a real store.
type Env struct {
	*app.App
	Engine string
	Store  domain.Store
	Clock  *Clock
	// Deps are what the App was built from: UseMailer and UseWebhooks change them and build it
	// again.
	Deps app.Deps
	// linkJobsRun is the last access-link job SendAccessLinks ran.
	linkJobsRun int64
	// signatureJobsRun is the last signature-request job SendSignatureRequests ran.
	signatureJobsRun int64
	// carrierJobs are the last carrier jobs RunCarrierJobs ran.
	carrierJobs carrierJobsRun
}

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// PostgresURLEnv names the variable that turns the PostgreSQL suites on.
const PostgresURLEnv = "PORTDESK_TEST_POSTGRES_URL"

// New builds an Env on engine; PostgreSQL tests skip when PORTDESK_TEST_POSTGRES_URL is unset.
func New(t testing.TB, engine string) *Env {
	t.Helper()
	var st domain.Store
	switch engine {
	case SQLite:
		st = sqlite.OpenTest(t)
	case Postgres:
		if os.Getenv(PostgresURLEnv) == "" {
			t.Skip(PostgresURLEnv + " not set: skipping PostgreSQL suite")
		}
		st = postgres.OpenTest(t)
	default:
		t.Fatalf("unknown engine %q", engine)
	}
	clock := NewClock(Start)
	pins, err := portin.NewPINSealer([]byte("test secret key, 32 bytes long!!"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := documents.Open(context.Background(), "mem://")
	if err != nil {
		t.Fatal(err)
	}
	strict := webhooks.URLPolicy{}
	e := &Env{Engine: engine, Store: st, Clock: clock, Deps: app.Deps{Store: st, Clock: clock, Numbers: numbering.NewParser(), PINs: pins,
		Checker: portability.NewChecker(SampleRanges(t)), Documents: docs, Mailer: noMailer{}, HookSender: webhooks.NewSender(strict, 5*time.Second),
		HookPolicy: strict, Connectors: map[domain.CarrierKind]domain.ConnectorFactory{domain.CarrierTelnyx: telnyx.New, domain.CarrierBandwidth: bandwidth.New},
		Settings: app.Settings{BaseURL: "https://portdesk.test", TeamEmail: "porting-team@portdesk.test"}}}
	e.build(t)
	if err := e.Team.SeedDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

// build assembles the App from the env's deps.
func (e *Env) build(t testing.TB) {
	t.Helper()
	a, err := app.New(e.Deps)
	if err != nil {
		t.Fatal(err)
	}
	e.App = a
}

// UseMailer sends the env's email through m from now on.
func (e *Env) UseMailer(t testing.TB, m notify.Mailer) {
	t.Helper()
	e.Deps.Mailer = m
	e.build(t)
}

// WrapStore puts wrap around the store the use cases see from now on (a store that fails on
// cue); e.Store stays the real one.
func (e *Env) WrapStore(t testing.TB, wrap func(domain.Store) domain.Store) {
	t.Helper()
	e.Deps.Store = wrap(e.Deps.Store)
	e.build(t)
}

// UseWebhooks posts the env's webhooks with sender, and lets endpoints have the URLs policy
// allows, from now on.
func (e *Env) UseWebhooks(t testing.TB, sender *webhooks.Sender, policy webhooks.URLPolicy) {
	t.Helper()
	e.Deps.HookSender, e.Deps.HookPolicy = sender, policy
	e.build(t)
}

// noMailer is the env's mailer until a test chooses one: a test that sends email says where.
type noMailer struct{}

func (noMailer) Send(context.Context, notify.Message) error {
	return errors.New("desktest: no mailer: call UseMailer first")
}

// SampleRanges is the range data the ranges package ships as samples (no real data): BT
// holds 0113 496 0, Gamma the rest of 0113 496, Virgin Media 020 7946 0, BT 0800, Magrathea
// 0808 157 0; NANPA 201-555 and CNAC 416-555 are in service.
func SampleRanges(t testing.TB) *ranges.Set {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	ix, err := ranges.LoadDir(filepath.Join(filepath.Dir(file), "..", "ranges", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	var set ranges.Set
	set.Swap(ix)
	return &set
}

// Engines runs fn once per engine as subtests, so every behaviour is proven on both.
func Engines(t *testing.T, fn func(t *testing.T, env *Env)) {
	for _, e := range []string{SQLite, Postgres} {
		t.Run(e, func(t *testing.T) { fn(t, New(t, e)) })
	}
}

// Customer is an account with an admin user, as most tests need.
type Customer struct {
	Account  domain.Account
	Admin    domain.User
	Actor    domain.Actor
	Token    string // an API token of the admin
	Password string
}

// NewCustomer creates an account (under parent, if not 0) with an admin user and a token.
func (e *Env) NewCustomer(t testing.TB, name string, parent int64, country domain.Country) Customer {
	t.Helper()
	ctx := context.Background()
	acc, err := e.Access.CreateAccount(ctx, desk.System(), name, parent, country)
	if err != nil {
		t.Fatal(err)
	}
	pw := "correct horse battery staple"
	u, _, err := e.Access.CreateUser(ctx, desk.System(), access.NewUser{AccountID: acc.ID, Role: domain.RoleAdmin,
		Email: "admin@" + slug(name) + ".example", Name: name + " Admin", Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.Access.TokenFor(ctx, u.Email, "test")
	if err != nil {
		t.Fatal(err)
	}
	return Customer{Account: acc, Admin: u, Actor: domain.ActorOf(u), Token: tok, Password: pw}
}

// NewStaff creates a staff user with a token.
func (e *Env) NewStaff(t testing.TB, email string, role domain.Role) (domain.Actor, string) {
	t.Helper()
	ctx := context.Background()
	u, _, err := e.Access.CreateUser(ctx, desk.System(), access.NewUser{Staff: true, Role: role, Email: email, Name: "Staff " + string(role),
		Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.Access.TokenFor(ctx, email, "test")
	if err != nil {
		t.Fatal(err)
	}
	return domain.ActorOf(u), tok
}

func slug(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out = append(out, r)
		case r >= 'A' && r <= 'Z':
			out = append(out, r+32)
		default:
			out = append(out, '-')
		}
	}
	return string(out)
}

// Paperwork signs every letter of the request as a as it reads now, uploads a bill, and
// enters a PAC (valid 30 days) for its UK mobiles: what a submit needs besides the details.
// Entering the PAC changes the request's version.
func (e *Env) Paperwork(t testing.TB, a domain.Actor, id int64) {
	t.Helper()
	ctx := context.Background()
	pw, err := e.PortIns.Paperwork(ctx, a, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(pw.Letters) > 0 {
		if _, err := e.PortIns.SignLOA(ctx, a, id, portin.SignInput{Name: "Jane Smith", Title: "Director", Email: "jane@acme.example", Agree: true,
			IP: "127.0.0.1", UserAgent: "desktest"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.PortIns.UploadDocument(ctx, a, id, domain.DocBill, "bill.pdf", bytes.NewReader(BillPDF("Acme Widgets Ltd - BT bill"))); err != nil {
		t.Fatal(err)
	}
	if pw.NeedsPAC {
		v, err := e.PortIns.Get(ctx, a, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.PortIns.Update(ctx, a, id, v.Version, portin.Changes{PAC: &portin.PACInput{Code: "ABC123456", ExpiresOn: e.PACExpiry(30)}}); err != nil {
			t.Fatal(err)
		}
	}
}

// PACExpiry is the UK date days after the env's clock's, as a PAC's last day is entered.
func (e *Env) PACExpiry(days int) string {
	return e.Clock.Now().In(leadtime.Zone("GB")).AddDate(0, 0, days).Format(time.DateOnly)
}

// Complete fills in every field a submit needs and accepts every agreement.
func Complete() portin.Changes {
	str := func(s string) *string { return &s }
	ct := domain.CustomerBusiness
	pt := domain.PortFull
	lt := domain.MultiLine
	var accept []domain.Agreement
	for _, a := range domain.Agreements {
		accept = append(accept, a.Key)
	}
	return portin.Changes{
		LosingProvider:        str("BT"),
		LosingProviderAddress: str("81 Newgate Street, London EC1A 7AJ"),
		CustomerName:          str("Acme Widgets Ltd"),
		CustomerType:          &ct,
		AuthorisedPerson:      &domain.Person{Name: "Jane Smith", Title: "Director", Email: "jane@acme.example"},
		BillingAddress:        &domain.Address{Line1: "1 High Street", City: "Leeds", Postcode: "LS1 4AP", Country: "GB"},
		AccountNumber:         str("ACC-123456"),
		PIN:                   str("4321"),
		BTN:                   str("0113 496 0001"),
		PortType:              &pt,
		LineType:              &lt,
		Accept:                accept,
	}
}

// FOC is a port date the desk accepts: days business days from the env's clock, at 10:00 in
// the country's porting time zone.
func (e *Env) FOC(country string, days int) time.Time {
	t := leadtime.AddBusinessDays(country, e.Clock.Now(), days)
	y, m, d := t.Date()
	return time.Date(y, m, d, 10, 0, 0, 0, leadtime.Zone(country)).UTC()
}

// Submitted makes a complete request of numbers for the customer, signs its letters, uploads
// a bill and submits it: the usual start of the porting team's work.
func (e *Env) Submitted(t testing.TB, a domain.Actor, numbers ...string) domain.PortIn {
	t.Helper()
	return e.SubmittedWith(t, a, Complete(), numbers...)
}

// SubmittedWith is Submitted with the request's details given (a request of another country
// than Complete's UK one).
func (e *Env) SubmittedWith(t testing.TB, a domain.Actor, details portin.Changes, numbers ...string) domain.PortIn {
	t.Helper()
	ctx := context.Background()
	in := make([]portin.NumberInput, len(numbers))
	for i, n := range numbers {
		in[i] = portin.NumberInput{Number: n}
	}
	p, err := e.PortIns.Create(ctx, a, portin.Changes{Numbers: in})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = e.PortIns.Update(ctx, a, p.ID, p.Version, details); err != nil {
		t.Fatal(err)
	}
	e.Paperwork(t, a, p.ID)
	v, err := e.PortIns.Get(ctx, a, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = e.PortIns.Submit(ctx, a, p.ID, v.Version); err != nil {
		t.Fatal(err)
	}
	return p
}

// UseLimits holds the env's requests to limits from now on (zero ones take the defaults).
func (e *Env) UseLimits(t testing.TB, l desk.Limits) {
	t.Helper()
	e.Deps.Limits = l
	e.build(t)
}

// UseDocuments keeps the env's documents in st from now on.
func (e *Env) UseDocuments(t testing.TB, st domain.DocumentStore) {
	t.Helper()
	e.Deps.Documents = st
	e.build(t)
}

// FieldsOf names the fields a domain error finds fault with, in order.
func FieldsOf(err error) []string {
	var e *domain.Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return out
}

// WantError fails t unless err still carries a *domain.Error of code, however the layers
// wrapped it (errors.As finds it), and its text names op: the operation and what it acted
// on, as "submit port-in request 12".
func WantError(t testing.TB, err error, code domain.ErrorCode, op string) {
	t.Helper()
	var e *domain.Error
	switch {
	case !errors.As(err, &e):
		t.Errorf("%s: got %v, want a %s *domain.Error", op, err, code)
	case e.Code != code:
		t.Errorf("%s: code %s, want %s: %v", op, e.Code, code, err)
	case !strings.Contains(err.Error(), op):
		t.Errorf("error %q does not name %q", err, op)
	}
}

// Replica opens the env's database again with connections of its own, as a second replica
// of PortDesk would: what replicas share goes through the database, not through memory.
func (e *Env) Replica(t testing.TB) domain.Store {
	t.Helper()
	switch st := e.Store.(type) {
	case *sqlite.Store:
		return sqlite.OpenTestReplica(t, st)
	case *postgres.Store:
		return postgres.OpenTestReplica(t, st)
	}
	t.Fatalf("desktest: no replica for %T", e.Store)
	return nil
}
