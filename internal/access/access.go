// Package access is who may come in and what they see: sign-in with passwords and its
// throttling, browser sessions, API tokens, users, and the accounts (the tree of a customer
// and its sub-accounts) that scope everything else.
package access

import (
	"time"

	"github.com/portdesk/portdesk/internal/desk"
)

// Config holds sign-in's tunables; zero values take the defaults.
type Config struct {
	SessionTTL      time.Duration // the absolute end of a session; default 12h
	SessionIdle     time.Duration // a session unused this long ends; default 2h
	LoginWindow     time.Duration // default 15 minutes
	MaxFailsPerUser int           // per email in the window; default 5
	MaxFailsPerIP   int           // per address in the window; default 20
	// MaxHashes is how many password checks run at once in this process: each takes 19 MiB
	// for its moment, so this bounds sign-in's memory. Default DefaultMaxHashes.
	MaxHashes int
	// HashWait is how long a login waits for a free check before it is turned away as busy;
	// default 2 seconds.
	HashWait time.Duration
}

// DefaultMaxHashes is how many password checks run at once by default: 4 × 19 MiB.
const DefaultMaxHashes = 4

// DefaultConfig is sign-in's defaults, for flags to show.
func DefaultConfig() Config { return Config{}.withDefaults() }

func (c Config) withDefaults() Config {
	if c.SessionTTL == 0 {
		c.SessionTTL = 12 * time.Hour
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
	if c.SessionIdle == 0 {
		c.SessionIdle = 2 * time.Hour
	}
	if c.MaxHashes <= 0 {
		c.MaxHashes = DefaultMaxHashes
	}
	if c.HashWait == 0 {
		c.HashWait = 2 * time.Second
	}
	return c
}

// Service runs sign-in, users, tokens and accounts.
type Service struct {
	desk   *desk.Desk
	cfg    Config
	hashes chan struct{} // a slot per password check that may run at once
}

// New builds the service on the desk's frame.
func New(d *desk.Desk, cfg Config) *Service {
	cfg = cfg.withDefaults()
	return &Service{desk: d, cfg: cfg, hashes: make(chan struct{}, cfg.MaxHashes)}
}

// Config is the effective configuration: how long sessions last, how logins are throttled.
func (s *Service) Config() Config { return s.cfg }
