// Package sqlite is the Store on an embedded SQLite database (modernc.org/sqlite, pure Go):
// the default, so that `portdesk serve` needs nothing installed.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// Store is the SQLite engine.
type Store struct {
	*sqlstore.Queries
	db    *sql.DB
	river *river.Client[*sql.Tx] // insert-only: jobs are worked by package jobs
}

var _ domain.Store = (*Store)(nil)

// Open opens (creating if needed) the database at path. Call Migrate before use.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// SQLite has one writer. One connection serialises PortDesk and River alike, as River's
	// SQLite driver asks, and turns "database is locked" into waiting.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	rc, err := river.NewClient(riversqlite.New(db), &river.Config{})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{Queries: sqlstore.New(querier{db}, wrap), db: db, river: rc}, nil
}

// DB is the database handle, for River's worker client.
func (s *Store) DB() *sql.DB { return s.db }

func (s *Store) Ping(ctx context.Context) error { return wrap(s.db.PingContext(ctx)) }

func (s *Store) Close() error { return s.db.Close() }

// InTx runs fn in one transaction.
func (s *Store) InTx(ctx context.Context, fn func(domain.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(&txn{Queries: sqlstore.New(querier{tx}, wrap), tx: tx, river: s.river}); err != nil {
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

// querier adapts database/sql to sqlstore.Querier.
type querier struct {
	db interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
}

// rebind turns the shared SQL's $N placeholders into SQLite's: a bare ? when they run $1,
// $2, … in order, each once (the usual case), else ?N. SQLite keeps every $N and ?N in a
// list it searches to bind each one by name, which makes a statement of thousands of
// parameters (a multi-row insert, a batch's IN list) quadratic; a bare ? is bound by
// position alone.
func rebind(query string) string {
	if !strings.Contains(query, "$") {
		return query
	}
	out := make([]byte, 0, len(query))
	ordered, next := true, 1
	for i := 0; i < len(query); i++ {
		if query[i] != '$' || i+1 == len(query) || query[i+1] < '0' || query[i+1] > '9' {
			out = append(out, query[i])
			continue
		}
		j, n := i+1, 0
		for ; j < len(query) && query[j] >= '0' && query[j] <= '9'; j++ {
			n = n*10 + int(query[j]-'0')
		}
		if n != next {
			ordered = false
			break
		}
		next++
		out = append(out, '?')
		i = j - 1
	}
	if ordered {
		return string(out)
	}
	b := []byte(query)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '$' && b[i+1] >= '0' && b[i+1] <= '9' {
			b[i] = '?'
		}
	}
	return string(b)
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

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }
