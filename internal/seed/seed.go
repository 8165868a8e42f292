// Package seed fills a store with requests at the shapes a real desk has (#17): many
// accounts of uneven size, most requests long completed and a working queue of open ones,
// split orders, BTNs, notes and a timeline each, dates spread over two years. It writes
// through the store, in transactions of many requests, so both engines and their triggers
// see what the product would write.
package seed

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Shape is what to seed.
type Shape struct {
	Requests          int // port-in requests, orders split from a request included
	Accounts          int
	NumbersPerRequest int // on average; 2 unless set
	// Workers write side by side, each its own transactions (PostgreSQL: a few; SQLite
	// has one writer, so 1).
	Workers int
	// Batch is how many requests go in one transaction.
	Batch int
	Seed  uint64 // the same seed and shape give the same data
}

// Result says what was written and how long it took.
type Result struct {
	Accounts, Requests, Numbers, Notes, Events int
	Took                                       time.Duration
}

func (r Result) String() string {
	return fmt.Sprintf("%d accounts, %d requests, %d numbers, %d notes, %d events in %s",
		r.Accounts, r.Requests, r.Numbers, r.Notes, r.Events, r.Took.Round(time.Millisecond))
}

// Run seeds st; now is the end of the two years the dates spread over.
func Run(ctx context.Context, st domain.Store, sh Shape, now time.Time) (Result, error) {
	start := time.Now() // the run's own duration: wall time, not the desk's clock
	if sh.NumbersPerRequest <= 0 {
		sh.NumbersPerRequest = 2
	}
	if sh.Workers <= 0 {
		sh.Workers = 1
	}
	if sh.Batch <= 0 {
		sh.Batch = 500
	}
	if sh.Accounts <= 0 || sh.Requests < 0 {
		return Result{}, fmt.Errorf("seed: need at least one account and no negative count")
	}
	g := &gen{shape: sh, now: now, tag: strconv.FormatUint(sh.Seed, 36)}
	res := Result{Accounts: sh.Accounts}
	if err := g.people(ctx, st); err != nil {
		return res, err
	}
	// Each worker takes whole batches; request k gets numbers from block k, so numbers
	// are unique however the batches interleave.
	batches := make(chan int)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range sh.Workers {
		wg.Go(func() {
			for from := range batches {
				c, err := g.batch(ctx, st, from, min(from+sh.Batch, sh.Requests))
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				res.Requests += c.Requests
				res.Numbers += c.Numbers
				res.Notes += c.Notes
				res.Events += c.Events
				mu.Unlock()
			}
		})
	}
	for from := 0; from < sh.Requests; from += sh.Batch {
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		batches <- from
	}
	close(batches)
	wg.Wait()
	res.Took = time.Since(start)
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return res, firstErr
}

type gen struct {
	shape    Shape
	now      time.Time
	tag      string // keeps a second run's names and emails apart from the first's
	accounts []domain.Account
	country  map[int64]domain.Country
	weights  []int // cumulative: a few big customers, many small ones
	users    []int64
	agents   []int64
}

func (g *gen) people(ctx context.Context, st domain.Store) error {
	g.country = map[int64]domain.Country{}
	for i := range g.shape.Accounts {
		country := domain.CountryGB
		if i%3 == 2 {
			country = domain.CountryUS
		}
		a := domain.Account{Name: fmt.Sprintf("%s %s (seed %s-%d)", surnames[i%len(surnames)], trades[i/len(surnames)%len(trades)], g.tag, i),
			Country: country, CreatedAt: g.now.AddDate(-2, 0, 0)}
		if err := st.CreateAccount(ctx, &a); err != nil {
			return err
		}
		u := domain.User{AccountID: a.ID, Role: domain.RoleAdmin, Email: fmt.Sprintf("admin-%d@seed-%s.example", i, g.tag),
			Name: "Seeded admin", PasswordHash: "!", CreatedAt: a.CreatedAt}
		if err := st.CreateUser(ctx, &u); err != nil {
			return err
		}
		g.accounts = append(g.accounts, a)
		g.country[a.ID] = a.Country
		g.users = append(g.users, u.ID)
		w := 1 + 50/(1+i%50) // Zipf-like: account 0 fifty times account 49's share
		if len(g.weights) > 0 {
			w += g.weights[len(g.weights)-1]
		}
		g.weights = append(g.weights, w)
	}
	for i := range 8 {
		u := domain.User{Staff: true, Role: domain.RoleAgent, Email: fmt.Sprintf("agent-%d@seed-%s.example", i, g.tag),
			Name: "Agent " + surnames[i], PasswordHash: "!", CreatedAt: g.now.AddDate(-2, 0, 0)}
		if err := st.CreateUser(ctx, &u); err != nil {
			return err
		}
		g.agents = append(g.agents, u.ID)
	}
	return nil
}
