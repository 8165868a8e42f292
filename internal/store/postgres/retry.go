package postgres

import (
	"context"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

// readQuerier is the pool's querier, outside any transaction. A read that finds its
// connection lost (the server ended the session, the socket closed) is run once more, on a
// new connection: a GET that meets a database failover or a killed backend answers instead
// of failing. This is the one place reads are retried. A write is never run again unless
// it was never sent; a transaction that lost its connection fails as ErrUnavailable (503
// with Retry-After at the HTTP edge), because whether its commit landed cannot be known.
type readQuerier struct {
	querier
	pool *pgxpool.Pool
}

// again reports whether a statement that failed with err may be run once more, and drops
// the pool's connections first: a lost one rarely goes alone (a restart, a failover), and a
// dead one handed out again would fail the retry too.
func (q readQuerier) again(sql string, err error) bool {
	if err == nil || !connectionLost(err) {
		return false
	}
	if !isRead(sql) && !pgconn.SafeToRetry(err) {
		return false
	}
	q.pool.Reset()
	return true
}

func (q readQuerier) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	n, err := q.querier.Exec(ctx, sql, args...)
	if q.again(sql, err) {
		return q.querier.Exec(ctx, sql, args...)
	}
	return n, err
}

func (q readQuerier) Query(ctx context.Context, sql string, args ...any) (sqlstore.Rows, error) {
	rows, err := q.querier.Query(ctx, sql, args...)
	if q.again(sql, err) {
		return q.querier.Query(ctx, sql, args...)
	}
	if err != nil {
		return nil, err
	}
	return &retryRows{Rows: rows, q: q, ctx: ctx, sql: sql, args: args}, nil
}

// retryRows runs a read again when its connection is found lost before its first row: pgx
// reports a lost connection of a Query only once its rows are read.
type retryRows struct {
	sqlstore.Rows
	q       readQuerier
	ctx     context.Context
	sql     string
	args    []any
	started bool
	err     error // the retry's own failure to start
}

func (r *retryRows) Next() bool {
	if r.started || r.err != nil {
		return r.err == nil && r.Rows.Next()
	}
	r.started = true
	if r.Rows.Next() {
		return true
	}
	if !r.q.again(r.sql, r.Rows.Err()) {
		return false
	}
	r.Rows.Close()
	rows, err := r.q.querier.Query(r.ctx, r.sql, r.args...)
	if err != nil {
		r.err = err
		return false
	}
	r.Rows = rows
	return rows.Next()
}

func (r *retryRows) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.Rows.Err()
}

func (r *retryRows) Close() {
	if r.err == nil {
		r.Rows.Close()
	}
}

func (q readQuerier) QueryRow(ctx context.Context, sql string, args ...any) sqlstore.Row {
	return retryRow{q: q, ctx: ctx, sql: sql, args: args}
}

// retryRow runs its statement when scanned, so that a lost connection seen by Scan can be
// retried like the others.
type retryRow struct {
	q    readQuerier
	ctx  context.Context
	sql  string
	args []any
}

func (r retryRow) Scan(dest ...any) error {
	err := r.q.querier.QueryRow(r.ctx, r.sql, r.args...).Scan(dest...)
	if r.q.again(r.sql, err) {
		return r.q.querier.QueryRow(r.ctx, r.sql, r.args...).Scan(dest...)
	}
	return err
}

// isRead says whether sql only reads, so that running it twice is the same as once.
func isRead(sql string) bool { return sqlstore.IsRead(sql) }
