// Package sqlite is the Store on an embedded SQLite database (modernc.org/sqlite, pure Go):
// the default, so that `portdesk serve` needs nothing installed.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// Store is the SQLite engine.
type Store struct {
	*sqlstore.Queries
	db    *sql.DB                // the one writer, which River shares
	read  *sql.DB                // read-only connections for reads outside a transaction
	river *river.Client[*sql.Tx] // insert-only: jobs are worked by package jobs
	// Statements kept prepared for the read connections; the writer's keep their own
	// (keepingConn).
	readStmts     *stmtCache
	reads, writes gate // the read connections and the writer, first come first served
	versions      *dataVersion
	// Reads given again while nothing has been written (kept.go).
	tokens   *kept[string, signIn[domain.APIToken]]
	sessions *kept[string, signIn[domain.Session]]
	stamps   *kept[int64, domain.PortInStamp]
}

var _ domain.Store = (*Store)(nil)

// readConns is how many read-only connections read beside the writer: WAL lets readers
// run while one writes, so a GET no longer waits behind every other request.
func readConns() int { return max(4, runtime.NumCPU()) }

// Open opens (creating if needed) the database at path. Call Migrate before use.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	// cache_size: a 100,000-number upload is one transaction; with the default 2 MiB page cache
	// SQLite spills pages to the WAL mid-transaction (commit 2.85 s → 2.48 s with 64 MiB).
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_txlock=immediate"
	drv := newDriver()
	db := openWriter(drv, dsn)
	// SQLite has one writer. One connection serialises PortDesk's writes and River alike,
	// as River's SQLite driver asks, and turns "database is locked" into waiting.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Opened after the writer has put the file in WAL mode. query_only makes a write sent
	// here by mistake fail instead of taking the write lock beside the writer.
	readDSN := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=query_only(1)"
	read := openDB(drv, readDSN)
	read.SetMaxOpenConns(readConns())
	read.SetMaxIdleConns(readConns())
	rc, err := river.NewClient(riversqlite.New(db), &river.Config{})
	if err != nil {
		db.Close()
		read.Close()
		return nil, err
	}
	versions := &dataVersion{connect: connector{d: drv, dsn: readDSN}}
	s := &Store{db: db, read: read, river: rc, readStmts: newStmtCache(read), reads: newGate(readConns()), writes: newGate(1), versions: versions}
	s.Queries = sqlstore.New(poolQuerier{s}, wrap)
	s.tokens = signInsOf(versions, s.Queries.APITokenUser)
	s.sessions = signInsOf(versions, s.Queries.SessionUser)
	s.stamps = newKept(versions, s.Queries.PortInStamp)
	return s, nil
}

// DB is the database handle, for River's worker client.
func (s *Store) DB() *sql.DB { return s.db }

func (s *Store) Ping(ctx context.Context) error { return wrap(s.db.PingContext(ctx)) }

func (s *Store) Close() error {
	s.readStmts.close()
	s.versions.close()
	return errors.Join(s.read.Close(), s.db.Close())
}

// InTx runs fn in one transaction, on the writer: its reads see its own writes.
func (s *Store) InTx(ctx context.Context, fn func(domain.Tx) error) error {
	if err := s.writes.enter(ctx); err != nil {
		return wrap(err)
	}
	defer s.writes.leaver()()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(&txn{Queries: s.Queries.Tx(txQuerier{tx: tx}), tx: tx, river: s.river}); err != nil {
		return err
	}
	return wrap(tx.Commit())
}

type txn struct {
	*sqlstore.Queries
	tx    *sql.Tx
	river *river.Client[*sql.Tx]
}

func (t *txn) EnqueueJob(ctx context.Context, j domain.Job) error {
	_, err := t.river.InsertTx(ctx, t.tx, sqlstore.JobArgs(j), sqlstore.JobOpts(j))
	return wrap(err)
}

// querier adapts database/sql to sqlstore.Querier, unprepared (migrations).
type querier struct {
	db interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
}

func (q querier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := q.db.ExecContext(ctx, rebind(query), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q querier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := q.db.QueryContext(ctx, rebind(query), args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (q querier) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return q.db.QueryRowContext(ctx, rebind(query), args...)
}

var (
	_ sqlstore.ChosenReads = poolQuerier{}
	_ sqlstore.ChosenReads = txQuerier{}
)

// ReadArm names the index (the overdue dates' and the names', migrations 0032 and 0035),
// as SQLite, without statistics, is told which to read.
func (poolQuerier) ReadArm(index string, _ bool) (string, string) { return indexedBy(index) }

// ReadArm: as poolQuerier's.
func (txQuerier) ReadArm(index string, _ bool) (string, string) { return indexedBy(index) }

func indexedBy(index string) (string, string) { return ` INDEXED BY ` + index, `p.id` }

// poolQuerier runs a statement outside any transaction: a read on a read-only connection,
// anything else on the writer, each prepared once and kept.
type poolQuerier struct{ s *Store }

// on is the handle and kept statements for query.
func (q poolQuerier) on(query string) (*sql.DB, *stmtCache) {
	if q.s.readStmts.lookup(query) != nil || sqlstore.IsRead(query) {
		return q.s.read, q.s.readStmts
	}
	return q.s.db, nil // the writer's connection keeps its statements itself
}

func (q poolQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	db, c := q.on(query)
	leave, err := q.enter(ctx, db)
	if err != nil {
		return 0, err
	}
	defer leave()
	var res sql.Result
	if st := c.stmt(ctx, query, len(args)); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = db.ExecContext(ctx, rebind(query), args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q poolQuerier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	db, c := q.on(query)
	leave, err := q.enter(ctx, db)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if st := c.stmt(ctx, query, len(args)); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = db.QueryContext(ctx, rebind(query), args...)
	}
	if err != nil {
		leave()
		return nil, err
	}
	return gatedRows{rows, leave}, nil
}

func (q poolQuerier) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	db, c := q.on(query)
	leave, err := q.enter(ctx, db)
	if err != nil {
		return errRow{err}
	}
	var row *sql.Row
	if st := c.stmt(ctx, query, len(args)); st != nil {
		row = st.QueryRowContext(ctx, args...)
	} else {
		row = db.QueryRowContext(ctx, rebind(query), args...)
	}
	return gatedRow{row, leave}
}

// enter waits for a place at db's gate, the read connections' or the writer's, and gives
// how to leave it.
func (q poolQuerier) enter(ctx context.Context, db *sql.DB) (leave func(), err error) {
	g := q.s.writes
	if db == q.s.read {
		g = q.s.reads
	}
	if err := g.enter(ctx); err != nil {
		return nil, err
	}
	return g.leaver(), nil
}

// txQuerier runs a transaction's statements on its connection, the writer's, which keeps
// them prepared (keepingConn).
type txQuerier struct {
	tx *sql.Tx
}

func (q txQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := q.tx.ExecContext(ctx, rebind(query), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q txQuerier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := q.tx.QueryContext(ctx, rebind(query), args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (q txQuerier) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return q.tx.QueryRowContext(ctx, rebind(query), args...)
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }
