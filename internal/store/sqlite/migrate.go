package sqlite

import (
	"context"
	"embed"

	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/portdesk/portdesk/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies PortDesk's numbered migrations, then River's.
func (s *Store) Migrate(ctx context.Context) error {
	steps, err := sqlstore.ReadMigrations(migrations)
	if err != nil {
		return err
	}
	if err := sqlstore.Migrate(ctx, querier{s.db}, wrap, steps, func(ctx context.Context, step sqlstore.Migration) error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback() //nolint:errcheck
		if _, err := tx.ExecContext(ctx, step.SQL); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)`, step.Version, step.Name); err != nil {
			return err
		}
		return tx.Commit()
	}); err != nil {
		return err
	}
	m, err := rivermigrate.New(riversqlite.New(s.db), nil)
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return wrap(err)
}
