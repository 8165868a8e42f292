package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

const day = 24 * time.Hour

// span is how far back the requests go.
const span = 730 * day

// Bulk is what a store offers for loading many rows at once (both engines' stores and
// transactions have it, from package sqlstore).
type Bulk interface {
	CreatePortIns(ctx context.Context, ps []*domain.PortIn) error // sets IDs
	AddNumbersOf(ctx context.Context, ns []domain.PortNumber) error
	AddNotes(ctx context.Context, ns []domain.Note) error
	AddEvents(ctx context.Context, es []domain.StoredEvent) error
}

// drawn is one request as drawn, before it has an ID.
type drawn struct {
	p       *domain.PortIn
	parent  int // index of the request it was split from, or -1
	numbers []domain.PortNumber
	notes   []domain.Note
	events  []domain.StoredEvent
}

// batch writes requests [from, to) in one transaction.
func (g *gen) batch(ctx context.Context, st domain.Store, from, to int) (Result, error) {
	var ds []drawn
	for k := from; k < to; k++ {
		r := rand.New(rand.NewPCG(g.shape.Seed, uint64(k)))
		p := g.request(r, k)
		if p.Status == domain.StatusSplit && k+2 < to {
			// A request submitted as two orders: the parent holds no numbers, each order
			// its own, and is a request of its own in the count.
			parent := len(ds)
			ds = append(ds, g.draw(r, &p, -1, k, 0))
			for i := 1; i <= 2; i++ {
				o := p
				o.Status = domain.StatusCompleted
				ds = append(ds, g.draw(r, &o, parent, k+i, g.numberCount(r)))
			}
			k += 2
			continue
		}
		if p.Status == domain.StatusSplit {
			p.Status = domain.StatusCompleted
		}
		ds = append(ds, g.draw(r, &p, -1, k, g.numberCount(r)))
	}
	// Workers side by side write the same accounts, whose list versions each commit moves:
	// two commits may deadlock, and PostgreSQL then undoes one, which is tried again after a
	// pause of its own, so that it does not meet the other worker's next batch the same way
	// (five tries at once all deadlocked once in CI, 20,000 requests over 100 accounts).
	c, err := g.load(ctx, st, ds)
	for try := 1; try < loadTries && domain.IsCode(err, domain.ErrConflict); try++ {
		select {
		case <-ctx.Done():
			return c, ctx.Err()
		case <-time.After(time.Duration(rand.Int64N(int64(try) * int64(20*time.Millisecond)))):
		}
		c, err = g.load(ctx, st, ds)
	}
	return c, err
}

// loadTries is how often a batch is tried before its conflict is the run's error.
const loadTries = 20

// load writes a batch's drawn requests in one transaction and counts them.
func (g *gen) load(ctx context.Context, st domain.Store, ds []drawn) (Result, error) {
	var c Result
	err := st.InTx(ctx, func(tx domain.Tx) error {
		bulk, ok := tx.(Bulk)
		if !ok {
			return fmt.Errorf("seed: the store cannot load in bulk")
		}
		// Parents first, so that their orders can name them.
		var parents, orders []*domain.PortIn
		for _, d := range ds {
			if d.parent < 0 {
				parents = append(parents, d.p)
			} else {
				orders = append(orders, d.p)
			}
		}
		if err := bulk.CreatePortIns(ctx, parents); err != nil {
			return err
		}
		for _, d := range ds {
			if d.parent >= 0 {
				d.p.ParentID = ds[d.parent].p.ID
			}
		}
		if err := bulk.CreatePortIns(ctx, orders); err != nil {
			return err
		}
		var ns []domain.PortNumber
		var notes []domain.Note
		var es []domain.StoredEvent
		for _, d := range ds {
			for _, n := range d.numbers {
				n.PortInID = d.p.ID
				ns = append(ns, n)
			}
			for _, n := range d.notes {
				n.PortInID = d.p.ID
				notes = append(notes, n)
			}
			for _, e := range d.events {
				e.Subject = domain.PortInSubject(d.p.ID)
				es = append(es, e)
			}
		}
		c = Result{Requests: len(ds), Numbers: len(ns), Notes: len(notes), Events: len(es)}
		if err := bulk.AddNumbersOf(ctx, ns); err != nil {
			return err
		}
		if err := bulk.AddNotes(ctx, notes); err != nil {
			return err
		}
		return bulk.AddEvents(ctx, es)
	})
	return c, err
}

// request draws request k's fields. Requests are created in ID order over the last two
// years; the young ones are mostly still open and the old ones mostly ended, with a few
// stuck (the overdue part of the queue).
func (g *gen) request(r *rand.Rand, k int) domain.PortIn {
	n := max(g.shape.Requests, 1)
	created := g.now.Add(-span + time.Duration(float64(span)*float64(k)/float64(n)) - time.Duration(r.IntN(int(day/time.Second)))*time.Second)
	ai := g.account(r)
	a := g.accounts[ai]
	status := pick(r, endedShares)
	if g.now.Sub(created) < 45*day {
		status = pick(r, youngShares)
	}
	p := domain.PortIn{AccountID: a.ID, Status: status, CreatedBy: g.users[ai], CreatedAt: created, UpdatedAt: created,
		CustomerType: domain.CustomerBusiness, PortType: domain.PortFull, LineType: domain.MultiLine,
		LosingProvider: providers[a.Country][r.IntN(len(providers[a.Country]))],
		CustomerName:   fmt.Sprintf("%s %s %s", surnames[r.IntN(len(surnames))], trades[r.IntN(len(trades))], suffixes[a.Country][r.IntN(2)]),
		AccountNumber:  fmt.Sprintf("%08d", r.IntN(100_000_000)),
		AuthorisedPerson: domain.Person{Name: firstNames[r.IntN(len(firstNames))] + " " + surnames[r.IntN(len(surnames))],
			Title: "Director", Email: fmt.Sprintf("it-%d@customer.example", k)},
		BillingAddress: domain.Address{Line1: fmt.Sprintf("%d High Street", 1+r.IntN(200)), City: "Leeds", Postcode: "LS1 4AP", Country: string(a.Country)},
		Recipients:     []string{}, Acceptances: []domain.Acceptance{},
	}
	if r.IntN(5) == 0 {
		p.CustomerType, p.LineType = domain.CustomerResidential, domain.SingleLine
		p.CustomerName = p.AuthorisedPerson.Name
	}
	if a.Country == domain.CountryUS {
		p.BillingAddress.City, p.BillingAddress.Region, p.BillingAddress.Postcode = "Austin", "TX", "78701"
	}
	if status != domain.StatusDraft {
		at := created.Add(time.Duration(1+r.IntN(48)) * time.Hour)
		p.SubmittedAt, p.UpdatedAt = &at, at
	}
	switch status {
	case domain.StatusScheduled, domain.StatusCompleted, domain.StatusSplit:
		foc := created.Add(time.Duration(7+r.IntN(14))*day + 10*time.Hour)
		p.FOC = &foc
		if foc.Before(g.now) {
			p.UpdatedAt = foc
		}
	}
	if status != domain.StatusDraft && r.IntN(10) < 7 {
		p.AssignedTo = g.agents[r.IntN(len(g.agents))]
	}
	if status == domain.StatusActionRequired || status == domain.StatusRejected || status == domain.StatusCancelled {
		p.StatusReason = "The customer name does not match the bill."
	}
	return p
}

// draw gives p count numbers from number block k, a BTN, a timeline and notes.
func (g *gen) draw(r *rand.Rand, p *domain.PortIn, parent, k, count int) drawn {
	country := g.countryOf(p.AccountID)
	d := drawn{p: p, parent: parent}
	for j := range count {
		d.numbers = append(d.numbers, domain.PortNumber{Number: number(country, k*g.blockSize()+j), Status: numberStatus[p.Status],
			AddedAt: p.CreatedAt, TrackingSource: "seed"})
	}
	switch b := r.IntN(20); {
	case b == 0 || (b < 3 && parent < 0): // none, or a main number that is not moving
		if b > 0 {
			p.BTN = number(country, g.shape.Requests*g.blockSize()+k)
		}
	case count > 0:
		p.BTN = d.numbers[0].Number
	}
	d.events = []domain.StoredEvent{{Type: domain.EventCreated, To: string(domain.StatusDraft), Detail: "request created", At: p.CreatedAt}}
	if p.SubmittedAt != nil {
		d.events = append(d.events, domain.StoredEvent{Type: domain.EventStatusChanged, From: string(domain.StatusDraft),
			To: string(domain.StatusSubmitted), At: *p.SubmittedAt})
		if p.Status != domain.StatusSubmitted {
			d.events = append(d.events, domain.StoredEvent{Type: domain.EventStatusChanged, From: string(domain.StatusSubmitted),
				To: string(p.Status), Reason: p.StatusReason, At: p.UpdatedAt})
		}
	}
	for range pick(r, noteShares) {
		n := domain.Note{AuthorID: p.CreatedBy, AuthorName: "Seeded admin", Body: "Can we bring the date forward?", CreatedAt: p.UpdatedAt}
		if r.IntN(10) < 3 {
			n.AuthorID, n.AuthorName, n.Staff, n.Internal, n.Body = g.agents[0], "Agent", true, true, "Chased the carrier by phone."
		}
		d.notes = append(d.notes, n)
		d.events = append(d.events, domain.StoredEvent{Type: domain.EventNoteAdded, Detail: "note added", At: n.CreatedAt})
	}
	for i := range d.events {
		e := &d.events[i]
		e.AccountID, e.ActorID, e.ActorName = p.AccountID, p.CreatedBy, "Seeded admin"
	}
	return d
}

// numberCount averages NumbersPerRequest: evenly 1 to twice that less one.
func (g *gen) numberCount(r *rand.Rand) int { return 1 + r.IntN(g.blockSize()) }

// blockSize is the most numbers a request has: request k's numbers are k*blockSize on.
func (g *gen) blockSize() int { return 2*g.shape.NumbersPerRequest - 1 }

func (g *gen) account(r *rand.Rand) int {
	w := r.IntN(g.weights[len(g.weights)-1])
	i, _ := slices.BinarySearch(g.weights, w+1)
	return i
}

func (g *gen) countryOf(accountID int64) domain.Country { return g.country[accountID] }

// number is the i-th seeded number of a country: valid-looking UK geographic and US local
// numbers, spread over area codes and, within one, over its whole range, as a desk's
// numbers are, each i its own: up to 120 million UK and 80 million US numbers.
func number(c domain.Country, i int) string {
	if c == domain.CountryUS {
		return fmt.Sprintf("+1%s%07d", usAreas[i%len(usAreas)], 2_000_000+scatter(i/len(usAreas), 8_000_000))
	}
	return fmt.Sprintf("+44%s%07d", gbAreas[i%len(gbAreas)], scatter(i/len(gbAreas), 10_000_000))
}

// scatter spreads 0..m-1 over 0..m-1 one to one: the multiplier is prime to 2 and 5, so to m.
func scatter(i, m int) int { return (i % m) * 7_919_731 % m }

type share[T any] struct {
	v T
	n int // out of 100
}

func pick[T any](r *rand.Rand, shares []share[T]) T {
	x := r.IntN(100)
	for _, s := range shares {
		if x < s.n {
			return s.v
		}
		x -= s.n
	}
	return shares[len(shares)-1].v
}

var (
	endedShares = []share[domain.Status]{{domain.StatusCompleted, 84}, {domain.StatusCancelled, 7}, {domain.StatusRejected, 3},
		{domain.StatusSplit, 3}, {domain.StatusDraft, 1}, {domain.StatusSubmitted, 1}, {domain.StatusInProgress, 1}}
	youngShares = []share[domain.Status]{{domain.StatusDraft, 15}, {domain.StatusSubmitted, 25}, {domain.StatusInProgress, 20},
		{domain.StatusScheduled, 20}, {domain.StatusActionRequired, 8}, {domain.StatusCompleted, 10}, {domain.StatusCancelled, 2}}
	noteShares   = []share[int]{{0, 60}, {1, 25}, {2, 10}, {3, 5}}
	numberStatus = map[domain.Status]domain.NumberStatus{
		domain.StatusDraft: domain.NumberPending, domain.StatusSubmitted: domain.NumberSubmitted, domain.StatusInProgress: domain.NumberInProgress,
		domain.StatusScheduled: domain.NumberScheduled, domain.StatusActionRequired: domain.NumberActionRequired,
		domain.StatusCompleted: domain.NumberPorted, domain.StatusRejected: domain.NumberRejected, domain.StatusCancelled: domain.NumberCancelled,
	}
	gbAreas   = []string{"113", "114", "115", "116", "117", "118", "121", "131", "141", "151", "161", "191"}
	usAreas   = []string{"212", "312", "415", "617", "713", "206", "303", "404", "512", "602"}
	providers = map[domain.Country][]string{
		domain.CountryGB: {"BT", "Virgin Media", "Vodafone", "TalkTalk", "Sky", "Gamma", "Colt", "Magrathea"},
		domain.CountryUS: {"AT&T", "Verizon", "Comcast", "Lumen", "Frontier", "Spectrum"},
	}
	suffixes   = map[domain.Country][]string{domain.CountryGB: {"Ltd", "LLP"}, domain.CountryUS: {"Inc", "LLC"}}
	surnames   = []string{"Acme", "Harper", "Okafor", "Nguyen", "Patel", "Kowalski", "Lindqvist", "Moreau", "Haddad", "Fitzgerald", "Tanaka", "Ribeiro"}
	trades     = []string{"Widgets", "Plumbing", "Dental", "Logistics", "Bakery", "Solicitors", "Motors", "Print", "Florists", "Analytics"}
	firstNames = []string{"Amira", "Ben", "Chloe", "Dev", "Erin", "Femi", "Grace", "Hugo"}
)
