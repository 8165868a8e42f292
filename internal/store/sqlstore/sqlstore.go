// Package sqlstore implements domain.Queries once, in SQL that SQLite and PostgreSQL both
// run ($N placeholders, RETURNING, partial unique indexes). Each engine
// package supplies a Querier over its own driver and the one function that turns its
// driver errors into domain errors; schemas and migrations stay per engine.
package sqlstore

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Querier runs SQL on a pool or inside a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (int64, error) // rows affected
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) Row
}

// Rows is a result set.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Copier is a Querier that loads many rows into a table faster than INSERT can: PostgreSQL's
// COPY. row(i) gives the i-th of n rows' values in columns' order.
type Copier interface {
	CopyFrom(ctx context.Context, table string, columns []string, n int, row func(i int) []any) (int64, error)
}

// NamesPlanned is a Querier whose engine plans a search's arm that reads many names from
// their index for its text (PlanEach), choosing by its statistics how to read them, and
// counts the requests that bear them one name at a time (countEachName): PostgreSQL, which
// given the names as a set read every request bearing them into a bitmap, or walked the
// table, before counting to the bound (28–200 ms at a million). A text that many requests
// bear is walked in ID order on every engine, counted first and the choice kept: left to
// PostgreSQL's planner, it was planned for its text on every search (1.1–4.5 ms) and walked
// the queue once a field (2.4–3.3 ms), where one walk planned once takes 1.2.
type NamesPlanned interface{ NamesPlanned() }

// AccountNamesFolded is a Querier whose engine keeps the accounts' names folded in a column
// (PostgreSQL's migration 0041), which a search's lookup of accounts reads instead of
// folding every name (lower() on each of a thousand names was most of that lookup). SQLite
// folds them as it reads: a column it computes as read took twice the CPU there.
type AccountNamesFolded interface{ AccountNamesFolded() }

// VersionsApart is a Querier whose engine keeps the accounts' list versions in a table of
// their own, account_versions (PostgreSQL's migration 0043), whose every move leaves a dead
// row version behind: in the accounts' own rows they left the table ten times its size for
// every search by text to read. SQLite writes a row in place and keeps them in accounts.
type VersionsApart interface{ VersionsApart() }

func apart(q Querier) bool {
	_, ok := q.(VersionsApart)
	return ok
}

// versionJoin joins the list version of the account whose id is on, as alias.port_ins_version.
func (s *Queries) versionJoin(alias, on string) string {
	if s.versionsApart {
		return ` LEFT JOIN account_versions ` + alias + ` ON ` + alias + `.account_id = ` + on
	}
	return ` LEFT JOIN accounts ` + alias + ` ON ` + alias + `.id = ` + on
}

// Moments is a Querier whose engine can tell, as a column of any statement, what the
// database had committed when the statement read (domain.Moment): PostgreSQL's snapshot,
// whose text moves with every transaction that ends, on any connection or replica (its
// in-progress list loses the one that ended, or its xmax rises past it). A team member's
// GET of a request read at the same moment as the one kept is the same, with no read of the
// request's stamp. An engine that cannot gives an empty one; SQLite's store gives its own.
type Moments interface{ Moment() string }

// momentFor is the column a sign-in's moment is read as.
func momentFor(q Querier) string {
	if m, ok := q.(Moments); ok {
		return m.Moment()
	}
	return "''"
}

// LikeEscapes is a Querier whose engine's LIKE takes a backslash in its pattern as the
// escape with no ESCAPE clause (PostgreSQL; SQLite has no escape unless told one). Told,
// PostgreSQL applied the clause to the pattern again on every row of a plan kept for any
// pattern: a search's lookup of the names and accounts holding its text took 0.43 ms at a
// thousand accounts, 0.30 without.
type LikeEscapes interface{ LikeEscapes() }

// PlanEach is a Querier that can plan a statement for its arguments each time it runs,
// rather than reuse one plan made for any: PostgreSQL turns a prepared statement to such a
// generic plan after five runs, and for a search by text, whose share of matches only the
// text itself tells, that plan walked the requests in parallel (a word searched in the
// queue at a million: 134 ms, where one planned for the text took 15 ms and 16 ms more to
// plan). A search whose text few names hold seeks each, and one that many requests bear
// walks them: both are planned once like any list.
// PlanEach is the argument to put first.
type PlanEach interface{ PlanEach() any }

// RangeArrays is a Querier whose engine reads index ranges given as two arrays, their
// starts and ends, one read a range (unnest and LATERAL): a search by digits is then one
// statement for any digits, which PostgreSQL plans once. With a range an argument each, it
// planned the statement for the digits on every search (0.55-0.59 ms; 0.085 so, pgbench).
type RangeArrays interface{ RangeArrays() }

// WalksRows is a Querier whose engine reads each request's row on a walk of the requests in
// ID order, whatever index it walks: PostgreSQL, which reads an index alone only where the
// table's pages are all-visible, which the queue's, its rows updated all day, seldom are
// (an index carrying what the walk tests, as SQLite's does, would not spare the rows
// there). Beside that read a field's test costs little, so a search walking for a common
// text there tests every field, and walks at once while its choice is kept, with no lookup
// of the names first (nameMatching); and the walk is the page itself, which as a page of
// IDs read again by ID was read twice (a word in the queue at a million: 0.81-1.03 ->
// 0.74-0.85 ms a search, pgbench). SQLite's walk reads an index alone (migration 0042),
// each field's test most of its cost.
type WalksRows interface{ WalksRows() }

// PlansOnce is a Querier whose engine plans a kept statement once for any arguments, after a
// few runs, when it expects that plan to cost no more than one made for the arguments, but
// cannot expect so of a statement whose LIMIT is an argument (it assumes a tenth of the rows
// are wanted): PostgreSQL, which so planned the team's queue again on every run, half of its
// time in the server at a million requests. A list names its page size in the statement
// there (and the overdue view a bound of its cut, overdueCond); its other arguments still
// choose the plan where they must (a number's range), the planner comparing. SQLite gains
// nothing by it and would keep a statement for each page size.
type PlansOnce interface{ PlansOnce() }

// pageLimit is how a list's statement says its page size: written in it where the engine
// plans once (PlansOnce), else an argument.
func (s *Queries) pageLimit(b *builder, limit int) string {
	if _, ok := s.q.(PlansOnce); ok {
		return strconv.Itoa(limit)
	}
	return b.arg(limit)
}

// ChosenReads is a Querier whose engine cannot tell unaided which of two ways suits an arm
// of a list: reading it from an index that finds just its rows, then sorting them, or
// walking the requests in ID order until a page is found. SQLite keeps no statistics;
// PostgreSQL's take the overdue view's status and date as independent (so that it expects
// hundreds of old requests still submitted where there are a few, and walks). sqlstore
// counts, up to a bound, and chooses: the overdue dates' indexes (port_ins_status_foc and
// port_ins_status_submitted: SQLite's migration 0032, PostgreSQL's 0034), and on an engine
// that does not plan them itself (NamesPlanned) the names' (migration 0035).
//
// ReadArm is how one arm's page is held to that choice: a hint after its table, and the
// expression it orders by. SQLite names the index; PostgreSQL takes no hints, so an arm
// read sorted orders by an expression no index is in order of, which leaves its planner
// the index to find the rows by, and an arm read in order is left to its planner.
type ChosenReads interface {
	ReadArm(index string, sorted bool) (hint, orderBy string)
}

// Row is a single-row result.
type Row interface{ Scan(dest ...any) error }

// Queries implements domain.Queries over a Querier.
type Queries struct {
	q    Querier
	wrap func(error) error
	// decoded and the kept choices are shared by the queries of a store and of its
	// transactions.
	decoded       *decoded
	overdueChosen *choices[domain.Status, chosenArm]
	namesChosen   *choices[string, chosenNames]
	names         []nameField // nameFields as the engine reads them (nameFieldsFor)
	moment        string      // the column a sign-in's moment is read as (momentFor)
	versionsApart bool        // the engine keeps the list versions apart (VersionsApart)
}

// New returns the queries; wrap turns the engine's driver errors into *domain.Error.
func New(q Querier, wrap func(error) error) *Queries {
	return &Queries{q: q, wrap: wrap, decoded: newDecoded(),
		overdueChosen: &choices[domain.Status, chosenArm]{}, namesChosen: &choices[string, chosenNames]{recount: namesRecount},
		names: nameFieldsFor(q), moment: momentFor(q), versionsApart: apart(q)}
}

// Tx returns the queries over q (a transaction of the same store), sharing what s keeps.
func (s *Queries) Tx(q Querier) *Queries {
	return &Queries{q: q, wrap: s.wrap, decoded: s.decoded,
		overdueChosen: s.overdueChosen, namesChosen: s.namesChosen, names: s.names, moment: s.moment, versionsApart: s.versionsApart}
}

var _ domain.Queries = (*Queries)(nil)

// Times are stored as microseconds since the Unix epoch, UTC, in a 64-bit integer on both
// engines: exact, sortable, and free of each driver's own idea of time zones.
func ts(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromTS(us int64) time.Time { return time.UnixMicro(us).UTC() }

func tsPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := ts(*t)
	return &v
}

func fromTSPtr(us *int64) *time.Time {
	if us == nil {
		return nil
	}
	t := fromTS(*us)
	return &t
}

// builder assembles a query with numbered arguments.
type builder struct {
	sql  strings.Builder
	args []any
}

func (b *builder) arg(v any) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

func (b *builder) in(vals []any) string {
	ps := make([]string, len(vals))
	for i, v := range vals {
		ps[i] = b.arg(v)
	}
	return "(" + strings.Join(ps, ",") + ")"
}

// strs is anys for named string types (statuses), passed to the drivers as plain strings.
func strs[T ~string](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// batch is how many values go into one IN list or multi-row insert: one round trip per
// 1,000 numbers, and at 8,000 parameters an insert stays well under both engines' limits
// (32,766 on SQLite, 65,535 on PostgreSQL).
const batch = 1000

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > n {
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	if len(xs) > 0 {
		out = append(out, xs)
	}
	return out
}

func (s *Queries) exec(ctx context.Context, sql string, args ...any) (int64, error) {
	n, err := s.q.Exec(ctx, sql, args...)
	if err != nil {
		return 0, s.wrap(err)
	}
	return n, nil
}

// list runs a query and scans every row with scan.
func list[T any](ctx context.Context, s *Queries, scan func(Row) (T, error), sql string, args ...any) ([]T, error) {
	return listSized(ctx, s, 0, scan, sql, args...)
}

// listSized is list with room made for size rows at once: a page's rows, which grown one
// append at a time were copied six times over and left five arrays to the collector.
func listSized[T any](ctx context.Context, s *Queries, size int, scan func(Row) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := s.q.Query(ctx, sql, args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := make([]T, 0, size)
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, s.wrap(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err)
	}
	return out, nil
}

func one[T any](ctx context.Context, s *Queries, scan func(Row) (T, error), sql string, args ...any) (T, error) {
	v, err := scan(s.q.QueryRow(ctx, sql, args...))
	if err != nil {
		return v, s.wrap(err)
	}
	return v, nil
}

func notFoundIfNone(n int64, err error) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.ErrNoRows
	}
	return nil
}

// writes finds a statement that changes data: a read is a SELECT (or a WITH over SELECTs)
// without any of these words.
var writes = regexp.MustCompile(`(?i)\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE|CREATE|DROP|ALTER|LOCK|NEXTVAL|SETVAL|PG_ADVISORY\w*|PG_TERMINATE_BACKEND)\b`)

var readStart = regexp.MustCompile(`(?is)^\s*(SELECT|WITH)\b`)

// IsRead says whether sql only reads: PostgreSQL runs such a statement again after a lost
// connection, SQLite sends it to a read-only connection. Any doubt makes it a write.
// The verdict is kept per statement text: the regular expressions cost 0.1-0.5 ms on the
// long IN lists of an upload's checks (a sixth of a 100,000-row upload's checks on SQLite),
// and the statements are of a bounded set of shapes (arguments are placeholders).
func IsRead(sql string) bool {
	if v, ok := readVerdicts.Load(sql); ok {
		return v.(bool)
	}
	read := readStart.MatchString(sql) && !writes.MatchString(sql)
	if readVerdictsKept.Add(1) <= maxReadVerdicts {
		readVerdicts.Store(sql, read)
	}
	return read
}

// maxReadVerdicts bounds the kept verdicts; past it a statement is matched each time.
const maxReadVerdicts = 4096

var (
	readVerdicts     sync.Map // statement text → bool
	readVerdictsKept atomic.Int64
)
