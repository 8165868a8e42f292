// Package desk is the frame every change at PortDesk goes through, shared by the use-case
// packages around it (access, portin, portout, team, billing, delivery): who may see what
// (the actor's scope), the optimistic version check, and the audit event written with the
// outbox rows and jobs it causes, all in one transaction. It speaks porting, not HTTP.
package desk

import (
	"errors"
	"log/slog"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Desk is what every use case stands on: the store, the clock, the number parser, the log
// and the limits.
type Desk struct {
	Store   domain.Store
	Clock   domain.Clock
	Numbers domain.NumberParser
	Log     *slog.Logger
	Limits  Limits
}

// Deps are what a Desk is built from. Store, Clock and Numbers are required; a nil Log
// discards, and a zero limit takes its default.
type Deps struct {
	Store   domain.Store
	Clock   domain.Clock
	Numbers domain.NumberParser
	Log     *slog.Logger
	Limits  Limits
}

// New checks the dependencies once, so no use case checks them again.
func New(d Deps) (*Desk, error) {
	var missing []error
	if d.Store == nil {
		missing = append(missing, errors.New("desk: no store"))
	}
	if d.Clock == nil {
		missing = append(missing, errors.New("desk: no clock"))
	}
	if d.Numbers == nil {
		missing = append(missing, errors.New("desk: no number parser"))
	}
	if err := errors.Join(missing...); err != nil {
		return nil, err
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Desk{Store: d.Store, Clock: d.Clock, Numbers: d.Numbers, Log: d.Log, Limits: d.Limits.WithDefaults()}, nil
}

// Now is the desk's time, in UTC.
func (d *Desk) Now() time.Time { return d.Clock.Now().UTC() }

// NotYet is what a timed job answers when it runs before its time by the desk's clock (the
// database's clock and a replica's may differ a little): the job is to run again later.
func (d *Desk) NotYet(what string, due time.Time) error {
	return &domain.NotYetError{What: what, Wait: due.Sub(d.Now())}
}
