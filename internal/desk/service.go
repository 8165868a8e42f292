// Package desk is PortDesk's application layer: every use case of the porting desk (create a
// port-in, add numbers, submit, cancel, move it through its lifecycle, log in) is a method of
// Service, one file per use case. It enforces who may see and do what, writes the audit
// event of every change in the same transaction, and speaks only domain types: the REST API,
// the web UI, the CLI and the jobs are thin adapters around it.
package desk

import (
	"log/slog"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/loa"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// Service runs the porting desk's use cases.
type Service struct {
	store   domain.Store
	clock   domain.Clock
	numbers domain.NumberParser
	pins    *PINSealer
	log     *slog.Logger
	cfg     Config
	checker *portability.Checker
	docs    domain.DocumentStore
	// mailer sends the events' emails; mailTemplates writes them.
	mailer        notify.Mailer
	mailTemplates *notify.Templates
	// hookSender posts webhook deliveries; hookPolicy says which URLs endpoints may have.
	hookSender *webhooks.Sender
	hookPolicy webhooks.URLPolicy
}

// Config holds the service's tunables; zero values take the defaults.
type Config struct {
	SessionTTL      time.Duration // default 12h
	DraftRetention  time.Duration // drafts untouched this long are deleted; default 30 days
	LoginWindow     time.Duration // default 15 minutes
	MaxFailsPerUser int           // per email in the window; default 5
	MaxFailsPerIP   int           // per address in the window; default 20
	MaxRows         int           // numbers per request; default 100,000
	// MaxDocumentBytes is the largest upload; default 10 MiB.
	MaxDocumentBytes int64
	// Operator is who the letters of authorisation are addressed for.
	Operator loa.Operator
	// BaseURL is the public address of the UI, for links in emails.
	BaseURL string
	// MailFrom is the From of emails; default "<operator>" <porting@<base URL's host>>.
	MailFrom string
	// TeamEmail is the porting team's queue address: it hears of every new request.
	TeamEmail string
	// StuckAfterDays flags a submitted or in-progress request without a FOC after this many
	// business days, and reminds the team; default 5.
	StuckAfterDays int
}

func (c *Config) defaults() {
	if c.SessionTTL == 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.DraftRetention == 0 {
		c.DraftRetention = 30 * 24 * time.Hour
	}
	if c.LoginWindow == 0 {
		c.LoginWindow = 15 * time.Minute
	}
	if c.MaxFailsPerUser == 0 {
		c.MaxFailsPerUser = 5
	}
	if c.MaxFailsPerIP == 0 {
		c.MaxFailsPerIP = 20
	}
	if c.MaxRows == 0 {
		c.MaxRows = 100_000
	}
	if c.StuckAfterDays == 0 {
		c.StuckAfterDays = defaultStuckAfter
	}
	if c.MaxDocumentBytes == 0 {
		c.MaxDocumentBytes = 10 << 20
	}
	if c.Operator.Name == "" {
		c.Operator.Name = "PortDesk"
	}
}

// New builds the service. pins seals account PINs; log may be nil.
func New(store domain.Store, clock domain.Clock, numbers domain.NumberParser, pins *PINSealer, log *slog.Logger, cfg Config) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.defaults()
	return &Service{store: store, clock: clock, numbers: numbers, pins: pins, log: log, cfg: cfg, checker: portability.NewChecker(nil)}
}

// UseBaseURL sets the UI's public address, for links in emails, once the server knows it.
func (s *Service) UseBaseURL(u string) { s.cfg.BaseURL = u }

// UseChecker sets the portability checker (and so the range data) the desk checks with.
func (s *Service) UseChecker(c *portability.Checker) { s.checker = c }

// Checker is the portability checker in use.
func (s *Service) Checker() *portability.Checker { return s.checker }

// Config returns the effective configuration.
func (s *Service) Config() Config { return s.cfg }

func (s *Service) now() time.Time { return s.clock.Now().UTC() }
