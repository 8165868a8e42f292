package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/carriers/bandwidth"
	"github.com/portdesk/portdesk/internal/carriers/telnyx"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/jobs"
	"github.com/portdesk/portdesk/internal/loa"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/ranges"
	"github.com/portdesk/portdesk/internal/store/postgres"
	"github.com/portdesk/portdesk/internal/store/sqlite"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// wired is the product opened from configuration.
type wired struct {
	store domain.Store
	app   *app.App
	// ranges is the range data the portability checks read: empty until the command loads
	// or watches the register files.
	ranges *ranges.Set
	// newJobs builds the job runner on the same database as the store.
	newJobs func(jobs.Options) (*jobs.Runner, error)
	closers
}

// closers close what a command opened, newest first, on one path whatever failed.
type closers []func() error

func (c *closers) add(f func() error) { *c = append(*c, f) }

// close runs every closer once, newest first, and says what failed.
func (c *closers) close() error {
	var errs []error
	for i := len(*c) - 1; i >= 0; i-- {
		errs = append(errs, (*c)[i]())
	}
	*c = nil
	return errors.Join(errs...)
}

// deps are what the product takes from its caller rather than from configuration.
type deps struct {
	// clock is the desk's time; nil is the wall clock. Tests pass one they can move.
	clock domain.Clock
	// wrapStore, when set, wraps the store the use cases see (tests: a store that fails on cue).
	wrapStore func(domain.Store) domain.Store
}

// open connects the store chosen by --db, migrates it and builds the use cases; baseURL is
// the public address for links in emails. Whatever it opened before failing, it closes.
func open(ctx context.Context, c *config, log *slog.Logger, secret []byte, d deps, baseURL string) (w *wired, err error) {
	w = &wired{ranges: &ranges.Set{}}
	defer func() {
		if err != nil {
			_ = w.close()
			w = nil
		}
	}()
	if err := w.openStore(ctx, c, log); err != nil {
		return w, err
	}
	if secret == nil {
		// Commands that never touch a PIN still need a sealer; a throwaway key is safe there.
		secret = []byte("portdesk admin command: no PINs are sealed")
	}
	pins, err := portin.NewPINSealer(secret)
	if err != nil {
		return w, err
	}
	op, err := operator(c)
	if err != nil {
		return w, err
	}
	var mailer notify.Mailer
	if c.SMTP.Host != "" {
		if mailer, err = notify.NewSMTP(c.SMTP); err != nil {
			return w, err
		}
	} else {
		mailer = &notify.Outbox{Dir: filepath.Join(c.Data, "mail")} // the team reads it on the Mail page
	}
	docsURL, err := c.documentsURL()
	if err != nil {
		return w, err
	}
	docs, err := documents.Open(ctx, docsURL)
	if err != nil {
		return w, fmt.Errorf("document store %s: %w", docsURL, err)
	}
	w.add(docs.Close)
	clock, st := d.clock, w.store
	if clock == nil {
		clock = domain.SystemClock{}
	}
	if d.wrapStore != nil {
		st = d.wrapStore(st)
	}
	checks, err := c.checkerOptions()
	if err != nil {
		return w, err
	}
	policy := webhooks.URLPolicy{AllowPrivate: c.HooksAllowPrivate}
	unknownHolder, err := c.unknownRangeHolder()
	if err != nil {
		return w, err
	}
	w.app, err = app.New(app.Deps{Store: st, Clock: clock, Numbers: numbering.NewParser(), Log: log,
		Limits: desk.Limits{MaxDocumentBytes: c.MaxDocMiB << 20, MaxPDFInflatedBytes: c.MaxPDFInflatedMiB << 20, MaxUploadBytes: c.MaxUploadMiB << 20, MaxCarrierLookups: c.MaxCarrierLookups}, PINs: pins,
		Checker: portability.NewChecker(w.ranges, append(checks, portability.AssumeWhenHolderUnknown(unknownHolder))...), Documents: docs, Mailer: mailer, HookSender: webhooks.NewSender(policy, 15*time.Second),
		HookPolicy: policy, Connectors: map[domain.CarrierKind]domain.ConnectorFactory{domain.CarrierTelnyx: telnyx.New, domain.CarrierBandwidth: bandwidth.New},
		Settings: app.Settings{Operator: op, BaseURL: baseURL, MailFrom: c.MailFrom, TeamEmail: c.TeamEmail,
			StuckAfterDays: c.StuckAfterDays, SignIn: c.SignIn}})
	return w, err
}

// openStore connects and migrates the database --db names: PostgreSQL, or SQLite by default.
func (w *wired) openStore(ctx context.Context, c *config, log *slog.Logger) error {
	if strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://") {
		st, err := postgres.Open(ctx, c.DB)
		if err != nil {
			return fmt.Errorf("open PostgreSQL: %w", err)
		}
		w.store = st
		w.add(st.Close)
		if err := st.Migrate(ctx); err != nil {
			return fmt.Errorf("migrate PostgreSQL: %w", err)
		}
		if folds, err := st.FoldsEveryLetter(ctx); err != nil {
			return fmt.Errorf("ask PostgreSQL how it folds: %w", err)
		} else if !folds {
			log.Warn("the database's LC_CTYPE folds ASCII letters only: a search by name misses accented names in another case; create the database with a UTF-8 locale (C.UTF-8, en_GB.UTF-8)")
		}
		w.newJobs = func(o jobs.Options) (*jobs.Runner, error) { return jobs.NewPostgres(st.Pool(), w.app, o) }
		return nil
	}
	path := c.DB
	if path == "" {
		path = filepath.Join(c.Data, "portdesk.db")
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("open SQLite: %w", err)
	}
	w.store = st
	w.add(st.Close)
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate SQLite: %w", err)
	}
	w.newJobs = func(o jobs.Options) (*jobs.Runner, error) { return jobs.NewSQLite(st.DB(), w.app, o) }
	return nil
}

// operator is who the letters of authorisation are for, with its logo and fallback fonts.
func operator(c *config) (loa.Operator, error) {
	op := loa.Operator{Name: c.OperatorName, Address: c.OperatorAddr}
	if c.OperatorLogo != "" {
		logo, err := os.ReadFile(c.OperatorLogo)
		if err != nil {
			return op, fmt.Errorf("--operator-logo: %w", err)
		}
		op.Logo = logo
	}
	for _, path := range strings.Split(c.LOAFonts, ",") {
		if path = strings.TrimSpace(path); path == "" {
			continue
		}
		font, err := os.ReadFile(path)
		if err != nil {
			return op, fmt.Errorf("--loa-fonts: %w", err)
		}
		op.Fonts = append(op.Fonts, font)
	}
	// A font pdf writing cannot use would fail every letter: find out now, not at signing.
	if err := loa.Render(io.Discard, loa.Letter{Operator: op}, nil); err != nil {
		return op, fmt.Errorf("--operator-logo or --loa-fonts: %w", err)
	}
	return op, nil
}

// openForCommand opens the store for a one-shot command (migrate, admin, check): logs to
// stderr, and no PIN is sealed, so no secret key is needed.
func openForCommand(ctx context.Context, c *config, stderr io.Writer) (*wired, error) {
	log, err := c.logger(stderr)
	if err != nil {
		return nil, err
	}
	return open(ctx, c, log, nil, deps{}, "")
}
