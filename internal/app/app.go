// Package app assembles PortDesk's use cases from one set of dependencies, checked once at
// construction: the command, the tests and every adapter (API, UI, jobs) get the same
// services, wired the same way.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/loa"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/portout"
	"github.com/portdesk/portdesk/internal/team"
	"github.com/portdesk/portdesk/internal/upstream"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// Deps are everything the use cases need from outside. All but Log are required (a nil Log
// discards; zero limits and settings take their defaults).
type Deps struct {
	Store      domain.Store
	Clock      domain.Clock
	Numbers    domain.NumberParser
	Log        *slog.Logger
	Limits     desk.Limits
	PINs       *portin.PINSealer
	Checker    *portability.Checker
	Documents  domain.DocumentStore
	Mailer     notify.Mailer
	HookSender *webhooks.Sender
	HookPolicy webhooks.URLPolicy
	// Connectors drive the porting APIs of carriers, by kind; none: carriers by email only.
	Connectors map[domain.CarrierKind]domain.ConnectorFactory
	Settings   Settings
}

// Settings are the operator's choices.
type Settings struct {
	// Operator is who the letters of authorisation are for and the emails are from.
	Operator loa.Operator
	// BaseURL is the public address of the UI, for links in emails.
	BaseURL string
	// MailFrom is the From of emails; default "<operator>" <porting@<base URL's host>>.
	MailFrom string
	// TeamEmail is the porting team's queue address: it hears of every new request.
	TeamEmail string
	// StuckAfterDays flags a request without a FOC after this many business days; default 5.
	StuckAfterDays int
	// DraftRetention: drafts untouched this long are deleted; default 30 days.
	DraftRetention time.Duration
	// SignIn tunes sessions and login throttling.
	SignIn access.Config
}

// App is PortDesk's use cases, one service per concern.
type App struct {
	Desk     *desk.Desk
	Access   *access.Service
	Billing  *billing.Service
	Delivery *delivery.Service
	PortIns  *portin.Service
	PortOuts *portout.Service
	Team     *team.Service
	Upstream *upstream.Service
}

// New builds every service from deps, or says what is missing.
func New(deps Deps) (*App, error) {
	d, err := desk.New(desk.Deps{Store: deps.Store, Clock: deps.Clock, Numbers: deps.Numbers, Log: deps.Log, Limits: deps.Limits})
	if err != nil {
		return nil, fmt.Errorf("assemble PortDesk: %w", err)
	}
	st := deps.Settings
	a := &App{Desk: d, Access: access.New(d, st.SignIn), Billing: billing.New(d)}
	if a.Delivery, err = delivery.New(d, delivery.Config{Operator: st.Operator.Name, BaseURL: st.BaseURL, MailFrom: st.MailFrom, TeamEmail: st.TeamEmail},
		delivery.Deps{Mailer: deps.Mailer, HookSender: deps.HookSender, HookPolicy: deps.HookPolicy}); err != nil {
		return nil, fmt.Errorf("assemble PortDesk: %w", err)
	}
	if a.PortIns, err = portin.New(d, portin.Config{Operator: st.Operator, DraftRetention: st.DraftRetention},
		portin.Deps{Billing: a.Billing, Delivery: a.Delivery, PINs: deps.PINs, Checker: deps.Checker, Documents: deps.Documents}); err != nil {
		return nil, fmt.Errorf("assemble PortDesk: %w", err)
	}
	if a.PortOuts, err = portout.New(d, portout.Deps{Billing: a.Billing, Delivery: a.Delivery, Documents: deps.Documents}); err != nil {
		return nil, fmt.Errorf("assemble PortDesk: %w", err)
	}
	if a.Team, err = team.New(d, team.Config{StuckAfterDays: st.StuckAfterDays},
		team.Deps{PortIns: a.PortIns, Delivery: a.Delivery, Documents: deps.Documents, Sealer: deps.PINs}); err != nil {
		return nil, fmt.Errorf("assemble PortDesk: %w", err)
	}
	if a.Upstream, err = upstream.New(d, upstream.Deps{PortIns: a.PortIns, Team: a.Team, Documents: deps.Documents, Sealer: deps.PINs,
		Connectors: deps.Connectors}); err != nil {
		return nil, fmt.Errorf("assemble PortDesk: %w", err)
	}
	return a, nil
}

// SendAccessLink emails an invitation or a password reset: access makes the link's token
// (keeping only its hash) and delivery sends it. The job runs it; tests call it directly.
func (a *App) SendAccessLink(ctx context.Context, linkID int64) error {
	e, ok, err := a.Access.LinkEmail(ctx, linkID)
	if err != nil || !ok {
		return err
	}
	return a.Delivery.SendAccessEmail(ctx, delivery.AccessEmail{Link: e.Link, Token: e.Token, Taken: e.Taken, Account: e.Account, Inviter: e.Inviter})
}
