// Package desktest builds a real desk.Service for tests of the adapters (API, web, jobs):
// a real store on SQLite or PostgreSQL, the real number parser and a clock tests can move.
package desktest

import (
	"bytes"
	"context"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/ranges"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

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

// Env is a service on a real store.
type Env struct {
	Engine string
	Store  domain.Store
	Clock  *Clock
	Svc    *desk.Service
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
	pins, err := desk.NewPINSealer([]byte("test secret key, 32 bytes long!!"))
	if err != nil {
		t.Fatal(err)
	}
	svc := desk.New(st, clock, numbering.NewParser(), pins, nil, desk.Config{BaseURL: "https://portdesk.test", TeamEmail: "porting-team@portdesk.test"})
	svc.UseChecker(portability.NewChecker(SampleRanges(t)))
	docs, err := documents.Open(context.Background(), "mem://")
	if err != nil {
		t.Fatal(err)
	}
	svc.UseDocuments(docs)
	if err := svc.SeedDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &Env{Engine: engine, Store: st, Clock: clock, Svc: svc}
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
	acc, err := e.Svc.CreateAccount(ctx, desk.SystemActor(), name, parent, country)
	if err != nil {
		t.Fatal(err)
	}
	pw := "correct horse battery staple"
	u, _, err := e.Svc.CreateUser(ctx, desk.SystemActor(), desk.NewUser{AccountID: acc.ID, Role: domain.RoleAdmin,
		Email: "admin@" + slug(name) + ".example", Name: name + " Admin", Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.Svc.TokenFor(ctx, u.Email, "test")
	if err != nil {
		t.Fatal(err)
	}
	return Customer{Account: acc, Admin: u, Actor: domain.ActorOf(u), Token: tok, Password: pw}
}

// NewStaff creates a staff user with a token.
func (e *Env) NewStaff(t testing.TB, email string, role domain.Role) (domain.Actor, string) {
	t.Helper()
	ctx := context.Background()
	u, _, err := e.Svc.CreateUser(ctx, desk.SystemActor(), desk.NewUser{Staff: true, Role: role, Email: email, Name: "Staff " + string(role),
		Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.Svc.TokenFor(ctx, email, "test")
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

// Paperwork signs every letter of the request as a as it reads now and uploads a bill:
// what a submit needs besides the details.
func (e *Env) Paperwork(t testing.TB, a domain.Actor, id int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.Svc.SignLOA(ctx, a, id, desk.SignInput{Name: "Jane Smith", Title: "Director", Email: "jane@acme.example", Agree: true,
		IP: "127.0.0.1", UserAgent: "desktest"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.UploadDocument(ctx, a, id, domain.DocBill, "bill.pdf", bytes.NewReader(BillPDF("Acme Widgets Ltd - BT bill"))); err != nil {
		t.Fatal(err)
	}
}

// Complete fills in every field a submit needs and accepts every agreement.
func Complete() desk.PortInChanges {
	str := func(s string) *string { return &s }
	ct := domain.CustomerBusiness
	pt := domain.PortFull
	lt := domain.MultiLine
	var accept []domain.Agreement
	for _, a := range domain.Agreements {
		accept = append(accept, a.Key)
	}
	return desk.PortInChanges{
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
	ctx := context.Background()
	in := make([]desk.NumberInput, len(numbers))
	for i, n := range numbers {
		in[i] = desk.NumberInput{Number: n}
	}
	p, err := e.Svc.CreatePortIn(ctx, a, desk.PortInChanges{Numbers: in})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = e.Svc.UpdatePortIn(ctx, a, p.ID, p.Version, Complete()); err != nil {
		t.Fatal(err)
	}
	e.Paperwork(t, a, p.ID)
	v, err := e.Svc.PortIn(ctx, a, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = e.Svc.Submit(ctx, a, p.ID, v.Version); err != nil {
		t.Fatal(err)
	}
	return p
}
