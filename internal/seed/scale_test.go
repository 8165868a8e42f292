package seed_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/seed"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/sqlite"
	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// listQuery is one list or search the product runs, with arguments read from the data.
type listQuery struct {
	name string
	f    domain.PortInFilter
}

// baseline is what each query is compared with in the same run: one request read by its
// primary key, the least a page of requests could cost.
const baseline = "baseline: one request by ID"

// queueStatuses are the team queue's (web's "queue" view).
var queueStatuses = []domain.Status{domain.StatusSubmitted, domain.StatusInProgress, domain.StatusActionRequired, domain.StatusScheduled}

// listQueries are the lists and searches of #17 on seeded data: a customer's list (plain,
// by status, by a status it has none of, its last page), the team's queue (each filter,
// newest and oldest first, the overdue view being the oldest-first queue), searches by
// number (E.164, national digits, last digits), by request ID and by customer name, and the
// last page of everything by cursor. The arguments come from the data, so the same queries
// run on any seeded database.
func listQueries(t testing.TB, st domain.Store) []listQuery {
	t.Helper()
	ctx := context.Background()
	newest, err := st.ListPortIns(ctx, domain.PortInFilter{Limit: 1000})
	if err != nil || len(newest) < 100 {
		t.Fatalf("seeded data: %d requests, %v", len(newest), err)
	}
	// The customer with the most of the newest requests is a big one; an agent and a
	// number come from them.
	per := map[int64]int{}
	var agent int64
	for _, p := range newest {
		per[p.AccountID]++
		if agent == 0 && p.AssignedTo != 0 {
			agent = p.AssignedTo
		}
	}
	var big int64
	for id, n := range per {
		if n > per[big] || n == per[big] && id < big {
			big = id
		}
	}
	// A reseller's subtree: the three busiest customers read as one scope.
	busiest := slices.Collect(maps.Keys(per))
	slices.SortFunc(busiest, func(a, b int64) int { return cmp.Or(per[b]-per[a], int(a-b)) })
	reseller := busiest[:min(3, len(busiest))]
	mid, err := st.ListPortIns(ctx, domain.PortInFilter{BeforeID: newest[0].ID / 2, Limit: 50})
	if err != nil || len(mid) == 0 {
		t.Fatal("no request half way", err)
	}
	i := slices.IndexFunc(mid, func(p domain.PortInSummary) bool {
		return p.FirstNumber != "" && p.CustomerType == domain.CustomerBusiness
	})
	if i < 0 {
		t.Fatal("no business request with numbers half way")
	}
	sample := mid[i]
	e164 := sample.FirstNumber
	national := nationalDigits(e164)
	accountPages, err := st.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{big}, OldestFirst: true, Limit: 51})
	if err != nil || len(accountPages) < 51 {
		t.Fatalf("account %d: %d requests, %v", big, len(accountPages), err)
	}
	everyFirst, err := st.ListPortIns(ctx, domain.PortInFilter{OldestFirst: true, Limit: 51})
	if err != nil {
		t.Fatal(err)
	}
	// A status the big customer has none of, if there is one: the 0.9 s case.
	var none domain.Status = domain.StatusRejected
	for _, s := range domain.Statuses {
		if got, _ := st.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{big}, Statuses: []domain.Status{s}, Limit: 1}); len(got) == 0 {
			none = s
			break
		}
	}
	id := sample.ID
	qs := []listQuery{
		{"customer list", domain.PortInFilter{AccountIDs: []int64{big}, Limit: 50}},
		{"customer list, completed", domain.PortInFilter{AccountIDs: []int64{big}, Statuses: []domain.Status{domain.StatusCompleted}, Limit: 50}},
		{"customer list, open", domain.PortInFilter{AccountIDs: []int64{big}, Statuses: domain.OpenStatuses, Limit: 50}},
		{"customer list, a status it has none of (" + string(none) + ")", domain.PortInFilter{AccountIDs: []int64{big}, Statuses: []domain.Status{none}, Limit: 50}},
		{"customer list, last page by cursor", domain.PortInFilter{AccountIDs: []int64{big}, BeforeID: accountPages[50].ID, Limit: 50}},
		{"reseller's list (three accounts)", domain.PortInFilter{AccountIDs: reseller, Limit: 50}},
		{"reseller's list, open", domain.PortInFilter{AccountIDs: reseller, Statuses: domain.OpenStatuses, Limit: 50}},
		{"team queue", domain.PortInFilter{Statuses: queueStatuses, Limit: 50}},
		{"team queue, submitted", domain.PortInFilter{Statuses: []domain.Status{domain.StatusSubmitted}, Limit: 50}},
		{"team queue, assigned to me", domain.PortInFilter{Statuses: queueStatuses, Assigned: &agent, Limit: 50}},
		{"team queue, assigned to nobody", domain.PortInFilter{Statuses: queueStatuses, Assigned: new(int64), Limit: 50}},
		{"team queue, oldest first", domain.PortInFilter{Statuses: queueStatuses, OldestFirst: true, Limit: 50}},
		{"team queue, overdue", domain.PortInFilter{Statuses: queueStatuses, OldestFirst: true, Limit: 50,
			Overdue: &domain.OverdueCut{FOCBefore: time.Now().Add(-time.Hour), SubmittedBefore: time.Now().AddDate(0, 0, -7)}}},
		// Few overdue (only the longest waiting), newest first: a walk in order would read
		// nearly every request to find them (migration 0029's indexes).
		{"team queue, overdue, few of them", domain.PortInFilter{Statuses: queueStatuses, Limit: 50,
			Overdue: &domain.OverdueCut{FOCBefore: time.Now().AddDate(-2, 0, 0), SubmittedBefore: time.Now().AddDate(0, 0, -700)}}},
		{"all requests, last page by cursor", domain.PortInFilter{BeforeID: everyFirst[50].ID, Limit: 50}},
		{"search E.164", domain.PortInFilter{Number: e164, Limit: 50}},
		{"search national digits, whole", domain.PortInFilter{Number: national, Limit: 50}},
		{"search national digits, first 8", domain.PortInFilter{Number: national[:8], Limit: 50}},
		{"search last 6 digits", domain.PortInFilter{Number: e164[len(e164)-6:], Limit: 50}},
		{"customer's search E.164", domain.PortInFilter{AccountIDs: []int64{sample.AccountID}, Number: e164, Limit: 50}},
		{"search customer name", domain.PortInFilter{Text: strings.ToLower(sample.CustomerName), Limit: 50}},
		// A word from the middle of the name (the trade), with the queue's statuses beside it:
		// each arm of the search repeats the list's filters.
		{"search a word of a customer's name, in the queue", domain.PortInFilter{Text: strings.ToLower(strings.Fields(sample.CustomerName)[1]),
			Statuses: queueStatuses, Limit: 50}},
		// Text no name holds: a walk reads every request to find none.
		{"search a name none bears", domain.PortInFilter{Text: "zebra crossing", Limit: 50}},
		{"search request ID", domain.PortInFilter{ID: id, Number: strconv.FormatInt(id, 10), Limit: 50}}, // last: the benchmark's baseline reads this ID
	}
	for i := range qs {
		qs[i].f.Brief = true // as portin.List reads every list
	}
	return qs
}

// nationalDigits is how a person in the number's country types it: a UK number with its
// trunk 0, a North American one without its 1.
func nationalDigits(e164 string) string {
	if rest, ok := strings.CutPrefix(e164, "+44"); ok {
		return "0" + rest
	}
	return strings.TrimPrefix(e164, "+1")
}

// TestListsUseIndexes seeds PostgreSQL with 20,000 requests and about 40,000 numbers (10 to
// 30 s on a 2-core machine, by its load), ANALYZEs, and checks that no list or search reads
// port_ins or port_in_numbers by a sequential scan: each is answered from an index, as it
// must be at a million requests (migration 0019), the search by part of a name included
// (its names are looked up first, migration 0035). With PORTDESK_BENCH_POSTGRES it checks a
// database seeded before instead (a million requests: see README).
func TestListsUseIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var st *postgres.Store
	if url := os.Getenv("PORTDESK_BENCH_POSTGRES"); url != "" {
		// The same checks on a database seeded before (portdesk seed): at a million requests.
		var err error
		if st, err = postgres.Open(ctx, url); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
	} else {
		st = postgres.OpenTest(t)
		res, err := seed.Run(ctx, st, seed.Shape{Requests: 20_000, Accounts: 100, Workers: 2, Seed: 19}, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seeded %s", res)
	}
	if _, err := st.Pool().Exec(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	queueEstimated(t, st)
	// On a database seeded before, each query also runs (ANALYZE) and its time in the server is logged.
	x := &explainer{st: st, analyze: os.Getenv("PORTDESK_BENCH_POSTGRES") != ""}
	q := sqlstore.New(x, func(err error) error { return err })
	var lqs []listQuery
	for _, lq := range listQueries(t, st) {
		lqs = append(lqs, lq)
		if lq.f.Text != "" {
			// Searched again, as its next page or another agent would: a common text is
			// then walked at once, its choice kept.
			lqs = append(lqs, listQuery{lq.name + ", again", lq.f})
		}
	}
	for _, lq := range lqs {
		x.plans = nil
		if _, err := q.ListPortIns(ctx, lq.f); err != nil {
			t.Fatalf("%s: %v", lq.name, err)
		}
		// The page is the last statement; a search's lookups of names and accounts come first.
		var page string
		for i, p := range x.plans {
			var plan []struct {
				Plan planNode
				Time float64 `json:"Execution Time"`
			}
			if err := json.Unmarshal(p, &plan); err != nil {
				t.Fatal(err)
			}
			page = plan[0].Plan.String()
			if testing.Verbose() {
				t.Logf("%s (%d of %d): %s; %.3f ms in the server", lq.name, i+1, len(x.plans), page, plan[0].Time)
			}
			if seq := plan[0].Plan.seqScans(); len(seq) > 0 {
				t.Errorf("%s: sequential scan of %v\n%s", lq.name, seq, p)
			}
		}
		// When few are overdue, the arms read the dates' indexes (migration 0034), which the
		// planner alone would pass by for a walk of every entry of the status: at a million
		// requests (PORTDESK_BENCH_POSTGRES); at 20,000 it reads them either way.
		if strings.Contains(lq.name, "few of them") && !strings.Contains(page, "port_ins_status_submitted") {
			t.Errorf("%s: the overdue dates' index not read: %s", lq.name, page)
		}
		// A whole customer's name is one name: its requests are read from its index in
		// ID order (migration 0035), not found by a walk of every request.
		if lq.name == "search customer name" && !strings.Contains(page, "port_ins_customer_name_lower") {
			t.Errorf("%s: the names' index not read: %s", lq.name, page)
		}
	}
}

// queueEstimated checks that PostgreSQL expects about as many requests in the team's queue
// as there are, though the list says both its statuses and that they are open (migration
// 0039): taking the two as independent, it expected a thirteenth of them at a million, and
// planned a word searched in the queue as if few requests bore it (211 ms against 2 ms).
func queueEstimated(t *testing.T, st *postgres.Store) {
	t.Helper()
	ctx := context.Background()
	quoted := make([]string, len(queueStatuses))
	for i, st := range queueStatuses {
		quoted[i] = `'` + string(st) + `'`
	}
	queue := `FROM port_ins p WHERE p.status IN (` + strings.Join(quoted, `, `) + `) AND p.open`
	var plan []byte
	if err := st.Pool().QueryRow(ctx, `EXPLAIN (FORMAT JSON) SELECT p.id `+queue).Scan(&plan); err != nil {
		t.Fatal(err)
	}
	var est []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal(plan, &est); err != nil {
		t.Fatal(err)
	}
	var n float64
	if err := st.Pool().QueryRow(ctx, `SELECT COUNT(*) `+queue).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if got := est[0].Plan.Rows; got < n/2 || got > n*2 {
		t.Errorf("the team's queue: %.0f requests expected, %.0f there", got, n)
	}
}

// explainer is a sqlstore.Querier that EXPLAINs each query, then runs it: PostgreSQL's
// querier but for that, its statements PostgreSQL's (postgres.Engine).
type explainer struct {
	postgres.Engine
	st      *postgres.Store
	analyze bool
	plans   [][]byte
}

func (x *explainer) Exec(context.Context, string, ...any) (int64, error) {
	return 0, fmt.Errorf("explainer: only queries")
}

func (x *explainer) Query(ctx context.Context, sql string, args ...any) (sqlstore.Rows, error) {
	var plan []byte
	explain := `EXPLAIN (FORMAT JSON) `
	if x.analyze {
		explain = `EXPLAIN (ANALYZE, FORMAT JSON) `
	}
	if err := x.st.Pool().QueryRow(ctx, explain+sql, args...).Scan(&plan); err != nil {
		return nil, err
	}
	x.plans = append(x.plans, plan)
	return x.st.Pool().Query(ctx, sql, args...)
}

// QueryRow runs what a list counts before its page (the overdue view's counts), unexplained.
func (x *explainer) QueryRow(ctx context.Context, sql string, args ...any) sqlstore.Row {
	return x.st.Pool().QueryRow(ctx, sql, args...)
}

type planNode struct {
	NodeType string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Index    string     `json:"Index Name"`
	Plans    []planNode `json:"Plans"`
}

// String is the plan's nodes in one line: Limit(Index Scan port_ins_open).
func (n planNode) String() string {
	s := n.NodeType
	if n.Index != "" {
		s += " " + n.Index
	} else if n.Relation != "" {
		s += " " + n.Relation
	}
	if len(n.Plans) > 0 {
		var kids []string
		for _, c := range n.Plans {
			kids = append(kids, c.String())
		}
		s += "(" + strings.Join(kids, ", ") + ")"
	}
	return s
}

func (n planNode) seqScans() []string {
	var out []string
	if n.NodeType == "Seq Scan" && (n.Relation == "port_ins" || n.Relation == "port_in_numbers") {
		out = append(out, n.Relation)
	}
	for _, c := range n.Plans {
		out = append(out, c.seqScans()...)
	}
	return out
}

// BenchmarkListsAtScale measures each list and search at 32 connections and reports its
// p50 and p99. It runs only when asked: PORTDESK_BENCH_SCALE=1000000 seeds that many
// requests (two numbers each on average, a thousand per account) into a fresh database of
// each engine (PostgreSQL with PORTDESK_TEST_POSTGRES_URL); PORTDESK_BENCH_POSTGRES (a URL)
// or PORTDESK_BENCH_SQLITE (a file) measure a database seeded before with portdesk seed.
// PostgreSQL is read through a pool of 32 connections, one a caller; PORTDESK_BENCH_PG_CONNS
// sets another size, 0 the pool portdesk serve opens (pgxpool's default: the cores, at
// least 4), for which the 32 callers queue in the pool instead of the PostgreSQL server.
func BenchmarkListsAtScale(b *testing.B) {
	scale, _ := strconv.Atoi(os.Getenv("PORTDESK_BENCH_SCALE"))
	pgURL, sqlitePath := os.Getenv("PORTDESK_BENCH_POSTGRES"), os.Getenv("PORTDESK_BENCH_SQLITE")
	if scale <= 0 && pgURL == "" && sqlitePath == "" {
		b.Skip("set PORTDESK_BENCH_SCALE (say 1000000), PORTDESK_BENCH_POSTGRES or PORTDESK_BENCH_SQLITE")
	}
	ctx := context.Background()
	engines := []struct {
		name string
		open func(b *testing.B) domain.Store
	}{
		{"postgres", func(b *testing.B) domain.Store {
			if pgURL != "" {
				st, err := postgres.Open(ctx, pooled(pgURL))
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { _ = st.Close() })
				return st
			}
			st := postgres.OpenTest(b)
			seedFor(b, st, scale, 2)
			_, _ = st.Pool().Exec(ctx, `ANALYZE`)
			// The test store's pool has 4 connections; read its schema through 32.
			var schema string
			if err := st.Pool().QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
				b.Fatal(err)
			}
			url := os.Getenv(postgres.TestURLEnv)
			wide, err := postgres.Open(ctx, withParam(pooled(url), "search_path="+schema))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = wide.Close() })
			return wide
		}},
		{"sqlite", func(b *testing.B) domain.Store {
			if sqlitePath != "" {
				st, err := sqlite.Open(ctx, sqlitePath)
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { _ = st.Close() })
				return st
			}
			st := sqlite.OpenTest(b)
			seedFor(b, st, scale, 1)
			_, _ = st.DB().ExecContext(ctx, `ANALYZE`)
			return st
		}},
	}
	for _, e := range engines {
		if scale <= 0 && (e.name == "postgres") != (pgURL != "") {
			continue
		}
		b.Run(e.name, func(b *testing.B) {
			st := e.open(b)
			qs := listQueries(b, st)
			id := qs[len(qs)-1].f.ID
			b.Run(baseline, func(b *testing.B) {
				measure(b, func(ctx context.Context) error { _, err := st.PortIn(ctx, id); return err })
			})
			for _, lq := range qs {
				b.Run(lq.name, func(b *testing.B) {
					measure(b, func(ctx context.Context) error { _, err := st.ListPortIns(ctx, lq.f); return err })
				})
			}
		})
	}
}

// pooled is url asking pgxpool for the connections the benchmark runs at: 32, or
// PORTDESK_BENCH_PG_CONNS (0: pgxpool's default, as portdesk serve opens it).
func pooled(url string) string {
	conns := 32
	if n, err := strconv.Atoi(os.Getenv("PORTDESK_BENCH_PG_CONNS")); err == nil && n >= 0 {
		conns = n
	}
	if conns == 0 {
		return url
	}
	return withParam(url, "pool_max_conns="+strconv.Itoa(conns))
}

func withParam(url, kv string) string {
	if strings.Contains(url, "?") {
		return url + "&" + kv
	}
	return url + "?" + kv
}

func seedFor(b *testing.B, st domain.Store, scale, workers int) {
	res, err := seed.Run(context.Background(), st, seed.Shape{Requests: scale, Accounts: max(scale/1000, 1), Workers: workers, Seed: 1}, now)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %s", res)
}

// measure runs read from 32 goroutines and reports the latencies' p50 and p99 in ms and the
// CPU time per call.
func measure(b *testing.B, read func(context.Context) error) {
	ctx := context.Background()
	var mu sync.Mutex
	var all []time.Duration
	// Warm up: every connection open and every statement prepared before the clock runs.
	var warm sync.WaitGroup
	for range 32 {
		warm.Go(func() {
			if err := read(ctx); err != nil {
				b.Error(err)
			}
		})
	}
	warm.Wait()
	b.SetParallelism(max(1, 32/runtimeProcs()))
	cpu := processCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			start := time.Now()
			if err := read(ctx); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(start))
		}
		mu.Lock()
		all = append(all, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	cpu = processCPU() - cpu
	slices.Sort(all)
	if len(all) == 0 {
		return
	}
	at := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	// This process's CPU per call (SQLite's engine included, PostgreSQL's server not): on a
	// shared machine the latencies count other programs' turns, this does not.
	b.ReportMetric(float64(cpu)/float64(len(all))/float64(time.Millisecond), "cpu-ms/op")
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }
