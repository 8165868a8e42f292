package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// TestListsPlannedOnce: the team's queue, each of its filters run again and again on one
// connection, is planned once for any arguments after PostgreSQL's five plans for its own
// (PlansOnce: its page size, statuses and open are in the statement, and the overdue view's
// cuts to the minute), not on every run: planning was half the queue's time in the server
// at a million requests. So are searches by number and request ID, which were planned for
// their digits on every run: their requests' IDs are read from arrays of ranges
// (RangeArrays), then the page by ID. So is a word many requests bear, walked.
func TestListsPlannedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := OpenTest(t)
	// 20,000 requests, one in twenty in the queue, the rest completed, as PostgreSQL has
	// them counted (ANALYZE): on a table it knows nothing of, a plan for any arguments
	// costs the same as one for the arguments, and it plans once whatever the statement.
	t0 := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	a := domain.Account{Name: "Plans Co", Country: domain.CountryGB, CreatedAt: t0}
	if err := st.CreateAccount(ctx, &a); err != nil {
		t.Fatal(err)
	}
	p := domain.PortIn{AccountID: a.ID, Status: domain.StatusCompleted, CustomerName: "Plans", CreatedAt: t0, UpdatedAt: t0}
	if err := st.CreatePortIn(ctx, &p); err != nil {
		t.Fatal(err)
	}
	var cols string
	if err := st.Pool().QueryRow(ctx, `SELECT string_agg(column_name, ', ') FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'port_ins' AND column_name <> 'id'`).Scan(&cols); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		`INSERT INTO port_ins (` + cols + `) SELECT ` + cols + ` FROM port_ins, generate_series(1, 20000)`,
		// Submitted a minute apart by ID, so that a few are long overdue and many a little.
		`UPDATE port_ins SET status = 'submitted', open = TRUE, submitted_at = id * 60000000 WHERE id % 20 = 0`,
		// A number each, the request's ID its last digits, and one in ten with a BTN.
		`INSERT INTO port_in_numbers (port_in_id, number, receiving_number, tracking_source, status, warnings, open, added_at, digits_rev)
			SELECT id, '+4411349' || lpad(id::text, 6, '0'), '', '', 'pending', '', FALSE, 0, reverse('4411349' || lpad(id::text, 6, '0')) FROM port_ins`,
		// And nine more each in a block of their own, as a carrier's range gives them: PostgreSQL
		// plans a range of digits for 0.5% of the numbers, and at 200,000 that is too many to
		// read one by one, if a plan knows no limit.
		`INSERT INTO port_in_numbers (port_in_id, number, receiving_number, tracking_source, status, warnings, open, added_at, digits_rev)
			SELECT id, '+4416' || lpad((id * 10 + g)::text, 8, '0'), '', '', 'pending', '', FALSE, 0, reverse('4416' || lpad((id * 10 + g)::text, 8, '0'))
			FROM port_ins, generate_series(1, 9) AS g`,
		`UPDATE port_ins SET btn = '+4420794' || lpad(id::text, 6, '0'), btn_rev = reverse('4420794' || lpad(id::text, 6, '0')) WHERE id % 10 = 0`,
		// Twenty customers' names, a word in each: more names than a search reads a page of
		// each for, borne by every request.
		`UPDATE port_ins SET customer_name = 'Plans ' || (id % 20)`,
		`ANALYZE port_ins`,
		`ANALYZE port_in_numbers`,
	} {
		if _, err := st.Pool().Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := st.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	q := sqlstore.New(querier{db: conn}, wrap)
	queue := []domain.Status{domain.StatusSubmitted, domain.StatusInProgress, domain.StatusActionRequired, domain.StatusScheduled}
	nobody := int64(0)
	for _, c := range []struct {
		name string
		f    domain.PortInFilter
	}{
		{"queue", domain.PortInFilter{Statuses: queue, Limit: 51}},
		{"oldest first", domain.PortInFilter{Statuses: queue, OldestFirst: true, Limit: 51}},
		{"assigned to nobody", domain.PortInFilter{Statuses: queue, Assigned: &nobody, Limit: 51}},
		{"one status", domain.PortInFilter{Statuses: []domain.Status{domain.StatusSubmitted}, Limit: 51}},
		{"ended", domain.PortInFilter{Statuses: []domain.Status{domain.StatusCompleted, domain.StatusCancelled}, Limit: 51}},
		{"overdue, few", domain.PortInFilter{Statuses: queue, Limit: 51, Overdue: &domain.OverdueCut{SubmittedBefore: time.UnixMicro(400 * 60000000)}}},
		{"overdue, many", domain.PortInFilter{Statuses: queue, Limit: 51, Overdue: &domain.OverdueCut{SubmittedBefore: t0}}},
	} {
		for range 8 {
			if _, err := q.ListPortIns(ctx, c.f); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
	}
	if n := plannedOnce(t, conn, `SELECT p.id%FROM port_ins p JOIN accounts%`); n != 7 {
		t.Fatalf("%d lists' statements kept, want 7", n)
	}
	// Searches by number and by ID, another request's each time: the matching requests'
	// IDs are read first, their page by ID, each planned once for any (RangeArrays: the
	// IDs' statement was planned for its digits on every run, 0.55-0.59 ms of 0.6).
	for i := range 8 {
		id := int64(1000 + 20*i + 7)
		digits := fmt.Sprintf("%06d", id)
		for _, f := range []domain.PortInFilter{
			{Number: "+4411349" + digits, Limit: 51},
			{Number: "011349" + digits, Limit: 51},
			{Number: "4411349" + digits, Limit: 51},
			{Number: digits, Limit: 51},
			{Number: "+4420794" + fmt.Sprintf("%06d", 10*id), Limit: 51},
			{ID: id, Number: strconv.FormatInt(id, 10), Limit: 51},
		} {
			got, err := q.ListPortIns(ctx, f)
			if err != nil || len(got) == 0 {
				t.Fatalf("search %+v: %d found, %v", f, len(got), err)
			}
		}
	}
	plannedOnce(t, conn, `SELECT p.id%FROM port_ins p JOIN accounts%p.id IN ($%`)
	if n := plannedOnce(t, conn, `%FROM unnest(%`); n != 2 {
		t.Errorf("%d statements read the IDs digits find, want 2: with an ID and without", n)
	}
	// Digits that begin a block of numbers are read a few from each index, planned for
	// them or for any digits: a plan for any that read every number in the range into a
	// bitmap first took 18-93 ms at a million.
	var name string
	if err := conn.QueryRow(ctx, `SELECT name FROM pg_prepared_statements WHERE statement LIKE 'SELECT m.id FROM unnest(%'`).Scan(&name); err != nil {
		t.Fatalf("the statement for digits: %v", err)
	}
	for _, mode := range []string{"force_custom_plan", "force_generic_plan"} {
		var plan string
		if _, err := conn.Exec(ctx, `SET plan_cache_mode = `+mode); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRow(ctx, `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) EXECUTE `+name+
			`('{+016,+4416}', '{+017,+4417}', '{61}', '{62}')`).Scan(&plan); err != nil {
			t.Fatal(err)
		}
		var nodes []struct{ Plan planNode }
		if err := json.Unmarshal([]byte(plan), &nodes); err != nil || len(nodes) != 1 {
			t.Fatalf("%v: %s", err, plan)
		}
		if n := nodes[0].Plan.mostRead(); n > 65 {
			t.Errorf("digits that begin many numbers, %s: a scan read %d entries, want at most 65:\n%s", mode, n, plan)
		}
	}
	if _, err := conn.Exec(ctx, `RESET plan_cache_mode`); err != nil {
		t.Fatal(err)
	}
	// A word every request's name holds, searched in the queue again and again: walked,
	// its choice kept, each field tested on the walk (WalksRows), planned once for any text.
	for range 8 {
		if got, err := q.ListPortIns(ctx, domain.PortInFilter{Text: "plans", Statuses: queue, Limit: 51}); err != nil || len(got) != 51 {
			t.Fatalf("a word in the queue: %d found, %v", len(got), err)
		}
	}
	plannedOnce(t, conn, `SELECT p.id%FROM port_ins p JOIN accounts%LOWER(p.losing_provider) || '' IN (%`)
}

// plannedOnce fails t for each statement kept on conn whose text is like like and that
// PostgreSQL planned for its arguments on every run, and says how many are kept.
func plannedOnce(t *testing.T, conn *pgxpool.Conn, like string) int {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements
		WHERE statement LIKE $1`, like)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var sql string
		var generic, custom int
		if err := rows.Scan(&sql, &generic, &custom); err != nil {
			t.Fatal(err)
		}
		n++
		if generic == 0 {
			t.Errorf("planned for its arguments on each of %d runs, never once for any: %s", custom, sql)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Errorf("no statement kept like %s", like)
	}
	return n
}

// planNode is a node of EXPLAIN (FORMAT JSON)'s plan, as far as mostRead reads it.
type planNode struct {
	NodeType   string     `json:"Node Type"`
	ActualRows int        `json:"Actual Rows"`
	Plans      []planNode `json:"Plans"`
}

// mostRead is the most rows any scan under n gave.
func (n planNode) mostRead() int {
	most := 0
	if strings.HasSuffix(n.NodeType, "Scan") {
		most = n.ActualRows
	}
	for _, c := range n.Plans {
		most = max(most, c.mostRead())
	}
	return most
}
