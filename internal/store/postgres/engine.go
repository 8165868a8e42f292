package postgres

import (
	"github.com/jackc/pgx/v5"

	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// Engine is what sqlstore is told of PostgreSQL, beyond its SQL: the ways it plans and reads
// that sqlstore writes its statements for. Every querier of PostgreSQL's embeds it, and so
// may a test's querier that stands in for one, so that its statements are PostgreSQL's.
type Engine struct{}

var (
	_ sqlstore.ChosenReads        = Engine{}
	_ sqlstore.NamesPlanned       = Engine{}
	_ sqlstore.PlanEach           = Engine{}
	_ sqlstore.PlansOnce          = Engine{}
	_ sqlstore.AccountNamesFolded = Engine{}
	_ sqlstore.LikeEscapes        = Engine{}
	_ sqlstore.RangeArrays        = Engine{}
	_ sqlstore.WalksRows          = Engine{}
	_ sqlstore.Moments            = Engine{}
	_ sqlstore.VersionsApart      = Engine{}
)

// VersionsApart: account_versions (migration 0043).
func (Engine) VersionsApart() {}

// Moment: the snapshot the statement reads at, as text (PostgreSQL 13 and later).
func (Engine) Moment() string { return "pg_current_snapshot()::text" }

// RangeArrays: unnest of text[] arguments, each range read by a LATERAL subquery.
func (Engine) RangeArrays() {}

// NamesPlanned: PostgreSQL's planner chooses how a name search reads the names that fewer
// requests bear, and its counts read one name at a time.
func (Engine) NamesPlanned() {}

// PlansOnce: PostgreSQL keeps one plan of a statement whose LIMIT it knows.
func (Engine) PlansOnce() {}

// WalksRows: an index is read alone only where the table's pages are all-visible.
func (Engine) WalksRows() {}

// LikeEscapes: a backslash escapes in PostgreSQL's LIKE patterns unless told otherwise.
func (Engine) LikeEscapes() {}

// AccountNamesFolded: accounts.name_folded (migration 0041).
func (Engine) AccountNamesFolded() {}

// PlanEach runs a statement as the unnamed one, which PostgreSQL plans for its arguments
// every time; its description is still kept.
func (Engine) PlanEach() any { return pgx.QueryExecModeCacheDescribe }

// ReadArm holds an arm read sorted (by its date, migration 0034, or by the names a search
// found, 0035) to its index the one way PostgreSQL, which takes no hints, can be: it orders
// by an expression no index is in order of, so that walking an index in ID order is no way
// to read it.
func (Engine) ReadArm(_ string, sorted bool) (hint, orderBy string) {
	if sorted {
		return "", "p.id + 0"
	}
	return "", "p.id"
}
