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
	SessionTTL      time.Duration // default 12h
	LoginWindow     time.Duration // default 15 minutes
	MaxFailsPerUser int           // per email in the window; default 5
	MaxFailsPerIP   int           // per address in the window; default 20
}

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
	return c
}

// Service runs sign-in, users, tokens and accounts.
type Service struct {
	desk *desk.Desk
	cfg  Config
}

// New builds the service on the desk's frame.
func New(d *desk.Desk, cfg Config) *Service { return &Service{desk: d, cfg: cfg.withDefaults()} }

// Config is the effective configuration: how long sessions last, how logins are throttled.
func (s *Service) Config() Config { return s.cfg }
