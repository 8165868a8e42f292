package sqlite

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/seed"
	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// TestNameSearchSeeksNames: a search by part of a name reads the requests that bear the
// names it found by seeking each in its index (migration 0035), never by scanning the index
// or the requests whole. SQLite keeps no statistics, so the plan is the same at any size; it
// scanned the whole index when the names' column had TEXT affinity and the index's
// expression none.
func TestNameSearchSeeksNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, name, status := seededFirst(t, 300)
	x := &planner{poolQuerier: poolQuerier{st}}
	q := sqlstore.New(x, func(err error) error { return err })
	word := strings.Fields(name)[1] // a trade, in many names: their requests are counted, then read
	for _, f := range []domain.PortInFilter{
		{Text: name, Limit: 50},
		{Text: word, Limit: 50},
		{Text: word, Statuses: []domain.Status{status}, Limit: 50},
		{Text: word, OldestFirst: true, Limit: 7},
	} {
		x.plans = nil
		page, err := q.ListPortIns(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			t.Fatalf("%q found nothing", f.Text)
		}
		plans := strings.Join(x.plans, "\n")
		if !sought.MatchString(plans) {
			t.Errorf("%q: the names' index is not sought:\n%s", f.Text, plans)
		}
		if bad := scanned.FindString(plans); bad != "" {
			t.Errorf("%q: %s\n%s", f.Text, bad, plans)
		}
	}
}

// seededFirst is a store seeded with requests across ten accounts, and its first request's
// customer's name and status.
func seededFirst(t *testing.T, requests int) (st *Store, name string, status domain.Status) {
	t.Helper()
	st = OpenTest(t)
	if _, err := seed.Run(context.Background(), st, seed.Shape{Requests: requests, Accounts: 10, Workers: 1, Seed: 7}, time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := st.db.QueryRow(`SELECT customer_name, status FROM port_ins ORDER BY id LIMIT 1`).Scan(&name, &status); err != nil {
		t.Fatal(err)
	}
	return st, name, status
}

// sought is a plan's line that seeks the names' index: covering for a count, not for a
// page whose other filters read each request's row.
var sought = regexp.MustCompile(`(?m)^SEARCH p USING (COVERING )?INDEX port_ins_customer_name_lower \(<expr>=\?\)$`)

// scanned is a plan's line that reads the requests, or an index of them, whole.
var scanned = regexp.MustCompile(`(?m)^SCAN p\b.*$`)

// planner is the pool's querier that notes each statement's plan before running it.
type planner struct {
	poolQuerier
	plans []string
}

func (x *planner) note(ctx context.Context, query string, args ...any) {
	rows, err := x.s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+rebind(query), args...)
	if err != nil {
		x.plans = append(x.plans, err.Error())
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			x.plans = append(x.plans, err.Error())
			return
		}
		x.plans = append(x.plans, detail)
	}
}

func (x *planner) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	x.note(ctx, query, args...)
	return x.poolQuerier.Query(ctx, query, args...)
}

func (x *planner) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	x.note(ctx, query, args...)
	return x.poolQuerier.QueryRow(ctx, query, args...)
}

// TestWordWalkReadsIndexAlone: a word so many requests bear that the queue is walked for it
// reads the open requests' index alone (migration 0042), which carries what the walk tests,
// not each request's row.
func TestWordWalkReadsIndexAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, name, _ := seededFirst(t, 3000)
	x := &planner{poolQuerier: poolQuerier{st}}
	q := sqlstore.New(x, func(err error) error { return err })
	queue := []domain.Status{domain.StatusSubmitted, domain.StatusInProgress, domain.StatusActionRequired, domain.StatusScheduled}
	// A page of one: a hundred requests bearing the trade are enough to walk for it.
	f := domain.PortInFilter{Text: strings.Fields(name)[1], Statuses: queue, Limit: 1}
	if _, err := q.ListPortIns(ctx, f); err != nil {
		t.Fatal(err)
	}
	plans := strings.Join(x.plans, "\n")
	if !strings.Contains(plans, "SEARCH p USING COVERING INDEX port_ins_open (open=?)") {
		t.Errorf("%q in the queue: the walk reads more than the open requests' index:\n%s", f.Text, plans)
	}
}
