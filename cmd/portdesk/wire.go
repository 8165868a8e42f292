package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/jobs"
	"github.com/portdesk/portdesk/internal/loa"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/sqlite"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// app is the wired product.
type app struct {
	store domain.Store
	svc   *desk.Service
	// newJobs builds the job runner on the same database as the store.
	newJobs func(jobs.Options) (*jobs.Runner, error)
	// closeDocs closes the document store.
	closeDocs func() error
	// outbox is where email goes without an SMTP server; nil with one.
	outbox *notify.Outbox
}

// deps are what the product takes from its caller rather than from configuration.
type deps struct {
	// clock is the service's time; nil is the wall clock. Tests pass one they can move.
	clock domain.Clock
	// wrapStore, when set, wraps the store the service uses (tests: a store that fails on cue).
	wrapStore func(domain.Store) domain.Store
}

// open connects the store chosen by --db, migrates it and builds the service.
func open(ctx context.Context, c *config, log *slog.Logger, secret []byte, d deps) (*app, error) {
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
		a.newJobs = func(o jobs.Options) (*jobs.Runner, error) { return jobs.NewPostgres(st.Pool(), a.svc, o) }
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
		a.newJobs = func(o jobs.Options) (*jobs.Runner, error) { return jobs.NewSQLite(st.DB(), a.svc, o) }
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
	op := loa.Operator{Name: c.OperatorName, Address: c.OperatorAddr}
	if c.OperatorLogo != "" {
		if op.Logo, err = os.ReadFile(c.OperatorLogo); err != nil {
			a.store.Close()
			return nil, fmt.Errorf("--operator-logo: %w", err)
		}
	}
	for _, path := range strings.Split(c.LOAFonts, ",") {
		if path = strings.TrimSpace(path); path == "" {
			continue
		}
		font, err := os.ReadFile(path)
		if err != nil {
			a.store.Close()
			return nil, fmt.Errorf("--loa-fonts: %w", err)
		}
		op.Fonts = append(op.Fonts, font)
	}
	// A font pdf writing cannot use would fail every letter: find out now, not at signing.
	if err := loa.Render(io.Discard, loa.Letter{Operator: op}, nil); err != nil {
		a.store.Close()
		return nil, fmt.Errorf("--operator-logo or --loa-fonts: %w", err)
	}
	clock, svcStore := d.clock, a.store
	if clock == nil {
		clock = domain.SystemClock{}
	}
	if d.wrapStore != nil {
		svcStore = d.wrapStore(svcStore)
	}
	a.svc = desk.New(svcStore, clock, numbering.NewParser(), pins, log, desk.Config{MaxDocumentBytes: c.MaxDocMiB << 20, Operator: op,
		BaseURL: c.BaseURL, MailFrom: c.MailFrom, TeamEmail: c.TeamEmail, StuckAfterDays: c.StuckAfterDays})
	var mailer notify.Mailer
	if c.SMTP.Host != "" {
		if mailer, err = notify.NewSMTP(c.SMTP); err != nil {
			a.store.Close()
			return nil, err
		}
	} else {
		a.outbox = &notify.Outbox{Dir: filepath.Join(c.Data, "mail")}
		mailer = a.outbox
	}
	if err := a.svc.UseMailer(mailer); err != nil {
		a.store.Close()
		return nil, err
	}
	policy := webhooks.URLPolicy{AllowPrivate: c.HooksAllowPrivate}
	a.svc.UseWebhooks(webhooks.NewSender(policy, 15*time.Second), policy)
	docsURL, err := c.documentsURL()
	if err != nil {
		a.store.Close()
		return nil, err
	}
	docs, err := documents.Open(ctx, docsURL)
	if err != nil {
		a.store.Close()
		return nil, fmt.Errorf("document store %s: %w", docsURL, err)
	}
	a.svc.UseDocuments(docs)
	a.closeDocs = docs.Close
	return a, nil
}

// openForCommand opens the store for a one-shot command (migrate, admin): logs to stderr,
// and no PIN is sealed, so no secret key is needed.
func openForCommand(ctx context.Context, c *config, stderr io.Writer) (*app, error) {
	log, err := c.logger(stderr)
	if err != nil {
		return nil, err
	}
	return open(ctx, c, log, nil, deps{})
}

// close closes the document store and the database.
func (a *app) close() {
	if a.closeDocs != nil {
		_ = a.closeDocs()
	}
	_ = a.store.Close()
}
