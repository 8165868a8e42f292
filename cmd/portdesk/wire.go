package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/portdesk/portdesk/desk"
	"github.com/portdesk/portdesk/domain"
	"github.com/portdesk/portdesk/jobs"
	"github.com/portdesk/portdesk/numbering"
	"github.com/portdesk/portdesk/store/postgres"
	"github.com/portdesk/portdesk/store/sqlite"
)

// app is the wired product.
type app struct {
	store domain.Store
	svc   *desk.Service
	// newJobs builds the job runner on the same database as the store.
	newJobs func(*slog.Logger) (*jobs.Runner, error)
}

// open connects the store chosen by --db, migrates it and builds the service.
func open(ctx context.Context, c *config, log *slog.Logger, secret []byte) (*app, error) {
	a := &app{}
	switch {
	case strings.HasPrefix(c.DB, "postgres://"), strings.HasPrefix(c.DB, "postgresql://"):
		st, err := postgres.Open(ctx, c.DB)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL: %w", err)
		}
		if err := st.Migrate(ctx); err != nil {
			st.Close()
			return nil, fmt.Errorf("migrate PostgreSQL: %w", err)
		}
		a.store = st
		a.newJobs = func(l *slog.Logger) (*jobs.Runner, error) { return jobs.NewPostgres(st.Pool(), a.svc, l) }
	default:
		path := c.DB
		if path == "" {
			path = filepath.Join(c.Data, "portdesk.db")
		}
		st, err := sqlite.Open(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("open SQLite: %w", err)
		}
		if err := st.Migrate(ctx); err != nil {
			st.Close()
			return nil, fmt.Errorf("migrate SQLite: %w", err)
		}
		a.store = st
		a.newJobs = func(l *slog.Logger) (*jobs.Runner, error) { return jobs.NewSQLite(st.DB(), a.svc, l) }
	}
	if secret == nil {
		// Commands that never touch a PIN still need a sealer; a throwaway key is safe there.
		secret = []byte("portdesk admin command: no PINs are sealed")
	}
	pins, err := desk.NewPINSealer(secret)
	if err != nil {
		a.store.Close()
		return nil, err
	}
	a.svc = desk.New(a.store, domain.SystemClock{}, numbering.NewParser(), pins, log, desk.Config{})
	return a, nil
}

// openForCommand opens the store for a one-shot command (migrate, admin): logs to stderr,
// and no PIN is sealed, so no secret key is needed.
func openForCommand(ctx context.Context, c *config, stderr io.Writer) (*app, error) {
	log, err := c.logger(stderr)
	if err != nil {
		return nil, err
	}
	return open(ctx, c, log, nil)
}
