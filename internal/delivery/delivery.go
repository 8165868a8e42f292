// Package delivery tells people and programs what happened. In the transaction of each
// change it writes what the change's event sends (a webhook delivery per endpoint that wants
// it, and the job that emails it); in the jobs it sends them, each once, however often a job
// runs: emails to the request's recipients, the account's admins, the team, the gaining
// provider or a carrier, and webhooks signed as Standard Webhooks. It also keeps the
// accounts' webhook endpoints and their delivery logs.
package delivery

import (
	"errors"
	"net/url"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// Config says who the emails are from and where their links go.
type Config struct {
	Operator string // the operator's name, as emails sign it
	// BaseURL is the public address of the UI, for links in emails; empty: no links.
	BaseURL string
	// MailFrom is the From of emails; default "<operator>" <porting@<base URL's host>>.
	MailFrom string
	// TeamEmail is the porting team's queue address: it hears of every new request; empty:
	// the queue's flags are all the team gets.
	TeamEmail string
}

// Deps are how delivery reaches the world: all required.
type Deps struct {
	Mailer     notify.Mailer
	HookSender *webhooks.Sender
	// HookPolicy says which URLs webhook endpoints may have.
	HookPolicy webhooks.URLPolicy
}

// Service delivers events as emails and webhooks.
type Service struct {
	desk      *desk.Desk
	cfg       Config
	mailer    notify.Mailer
	templates *notify.Templates
	sender    *webhooks.Sender
	policy    webhooks.URLPolicy
}

// New builds the service and parses the email templates once.
func New(d *desk.Desk, cfg Config, deps Deps) (*Service, error) {
	if deps.Mailer == nil {
		return nil, errors.New("delivery: no mailer")
	}
	if deps.HookSender == nil {
		return nil, errors.New("delivery: no webhook sender")
	}
	ts, err := notify.LoadTemplates()
	if err != nil {
		return nil, err
	}
	if cfg.Operator == "" {
		cfg.Operator = "PortDesk"
	}
	return &Service{desk: d, cfg: cfg, mailer: deps.Mailer, templates: ts, sender: deps.HookSender, policy: deps.HookPolicy}, nil
}

// link is the address of a page of the desk, or "" when the base URL is not configured.
func (s *Service) link(path string) string {
	if s.cfg.BaseURL == "" {
		return ""
	}
	return strings.TrimRight(s.cfg.BaseURL, "/") + path
}

func (s *Service) mailDomain() string {
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "portdesk.invalid"
}
