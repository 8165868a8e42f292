// Package postgres is the Store on PostgreSQL (pgx v5), for deployments of several
// stateless replicas.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// Store is the PostgreSQL engine.
type Store struct {
	*sqlstore.Queries
	pool  *pgxpool.Pool
	river *river.Client[pgx.Tx] // insert-only: jobs are worked by package jobs
}

var _ domain.Store = (*Store)(nil)

// Open connects to url (postgres://…). Call Migrate before use.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	return openConfig(ctx, cfg)
}

func openConfig(ctx context.Context, cfg *pgxpool.Config) (*Store, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	rc, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{Queries: sqlstore.New(readQuerier{querier{db: pool}, pool}, wrap), pool: pool, river: rc}, nil
}

// Pool is the connection pool, for River's worker client.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

func (s *Store) Ping(ctx context.Context) error { return wrap(s.pool.Ping(ctx)) }

// FoldsEveryLetter reports whether the database's lower() folds letters beyond ASCII, as a
// search's text is folded (strings.ToLower). It does under a UTF-8 LC_CTYPE, not under C,
// where a search by name would miss "Ørsted" in "ØRSTED".
func (s *Store) FoldsEveryLetter(ctx context.Context) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT lower('ÉØΣ') = 'éøσ'`).Scan(&ok)
	return ok, wrap(err)
}

func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// InTx runs fn in one transaction.
// A transaction whose connection is lost fails with ErrUnavailable and is not run again
// (whether its commit landed cannot be known); the pool's connections are dropped so that
// the next request starts on a new one. Only a BEGIN that failed is retried, as nothing ran.
func (s *Store) InTx(ctx context.Context, fn func(domain.Tx) error) (err error) {
	defer func() {
		if domain.IsCode(err, domain.ErrUnavailable) {
			s.pool.Reset()
		}
	}()
	tx, err := s.pool.Begin(ctx)
	if err != nil && connectionLost(err) && ctx.Err() == nil {
		s.pool.Reset()
		tx, err = s.pool.Begin(ctx)
	}
	if err != nil {
		return wrap(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := fn(&txn{Queries: s.Queries.Tx(querier{db: tx}), tx: tx, river: s.river}); err != nil {
		return err
	}
	return wrap(tx.Commit(ctx))
}

// ForgetNames drops the names no request bears under a SHARE lock of port_in_names, which
// no transaction that has added a name or found it there (a trigger's INSERT takes ROW
// EXCLUSIVE) may hold open beside it, and which holds new ones back until the names are
// looked for, so that a name a request has just taken is seen borne, not forgotten. The lock
// is asked for without waiting: a wait would queue every new request behind a long upload's
// transaction; while one is open nothing is forgotten, and the next sweep tries again.
func (s *Store) ForgetNames(ctx context.Context) (n int64, err error) {
	err = s.InTx(ctx, func(tx domain.Tx) error {
		t := tx.(*txn)
		if _, err := t.tx.Exec(ctx, `LOCK TABLE port_in_names IN SHARE MODE NOWAIT`); err != nil {
			if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "55P03" { // lock_not_available
				return errWritersAtWork
			}
			return wrap(err)
		}
		n, err = t.Queries.ForgetNames(ctx)
		return err
	})
	if errors.Is(err, errWritersAtWork) {
		return 0, nil
	}
	return n, err
}

// errWritersAtWork: a transaction that gave a request a name is open.
var errWritersAtWork = errors.New("port_in_names is being written")

type txn struct {
	*sqlstore.Queries
	tx    pgx.Tx
	river *river.Client[pgx.Tx]
}

func (t *txn) EnqueueJob(ctx context.Context, j domain.Job) error {
	_, err := t.river.InsertTx(ctx, t.tx, sqlstore.JobArgs(j), sqlstore.JobOpts(j))
	return wrap(err)
}

// querier adapts pgx (pool or transaction) to sqlstore.Querier.
type querier struct {
	Engine
	db interface {
		Exec(context.Context, string, ...any) (pgconn.CommandTag, error)
		Query(context.Context, string, ...any) (pgx.Rows, error)
		QueryRow(context.Context, string, ...any) pgx.Row
		CopyFrom(context.Context, pgx.Identifier, []string, pgx.CopyFromSource) (int64, error)
	}
}

var _ sqlstore.Copier = querier{}

// CopyFrom loads rows with COPY: a 100,000-number upload in one statement.
func (q querier) CopyFrom(ctx context.Context, table string, columns []string, n int, row func(i int) []any) (int64, error) {
	return q.db.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil }))
}

func (q querier) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	tag, err := q.db.Exec(ctx, sql, args...)
	return tag.RowsAffected(), err
}

func (q querier) Query(ctx context.Context, sql string, args ...any) (sqlstore.Rows, error) {
	return q.db.Query(ctx, sql, args...)
}

func (q querier) QueryRow(ctx context.Context, sql string, args ...any) sqlstore.Row {
	return q.db.QueryRow(ctx, sql, args...)
}
