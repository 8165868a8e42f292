package postgres

import (
	"context"
	"embed"

	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock serialises replicas that start at once: only one migrates.
const migrationLock = 7_461_330_001

// Migrate applies PortDesk's numbered migrations, then River's.
func (s *Store) Migrate(ctx context.Context) error {
	steps, err := sqlstore.ReadMigrations(migrations)
	if err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return wrap(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return wrap(err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock) //nolint:errcheck
	if err := sqlstore.Migrate(ctx, querier{db: conn}, wrap, steps, func(ctx context.Context, step sqlstore.Migration) error {
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx) //nolint:errcheck
		if _, err := tx.Exec(ctx, step.SQL); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, step.Version, step.Name); err != nil {
			return err
		}
		return tx.Commit(ctx)
	}); err != nil {
		return err
	}
	m, err := rivermigrate.New(riverpgxv5.New(s.pool), nil)
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return wrap(err)
}
