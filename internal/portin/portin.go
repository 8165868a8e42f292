// Package portin is a customer's port-in request from draft to live numbers: creating and
// editing it, its numbers (typed, pasted or uploaded) and their portability checks, the
// orders it becomes, its letters of authorisation and proof of ownership, submitting it
// (split into orders, unportable numbers set aside), supplemental orders after submission,
// notes and the timeline, and the last steps: completion, whole or in part, at the FOC, and
// SMS a few business days later. Stale drafts expire.
package portin

import (
	"context"
	"errors"
	"time"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/loa"
	"github.com/portdesk/portdesk/internal/portability"
)

// Config holds port-ins' tunables; zero values take the defaults.
type Config struct {
	// Operator is who the letters of authorisation are addressed for.
	Operator loa.Operator
	// DraftRetention: drafts untouched this long are deleted; default 30 days.
	DraftRetention time.Duration
}

// Deps are the parts port-ins work with: all required.
type Deps struct {
	Billing   *billing.Service
	Delivery  *delivery.Service
	PINs      *PINSealer
	Checker   *portability.Checker
	Documents domain.DocumentStore
}

// Service runs port-ins' use cases.
type Service struct {
	desk    *desk.Desk
	cfg     Config
	billing *billing.Service
	outbox  *delivery.Service
	pins    *PINSealer
	checker *portability.Checker
	docs    domain.DocumentStore
	// frame is every change to a request: scope, version, one transaction, events and
	// what they send.
	frame desk.Frame[domain.PortIn, domain.Status]
	// wholeReads bounds the reads that hold all of a request's numbers at once.
	wholeReads wholeReads
	// keptAgreements is the agreements compiled for the checker, kept by their version.
	keptAgreements keptAgreements
}

// New builds the service; every dependency must be there.
func New(d *desk.Desk, cfg Config, deps Deps) (*Service, error) {
	var missing []error
	for name, ok := range map[string]bool{"billing": deps.Billing != nil, "delivery": deps.Delivery != nil, "PIN sealer": deps.PINs != nil,
		"portability checker": deps.Checker != nil, "document store": deps.Documents != nil} {
		if !ok {
			missing = append(missing, errors.New("portin: no "+name))
		}
	}
	if err := errors.Join(missing...); err != nil {
		return nil, err
	}
	if cfg.DraftRetention == 0 {
		cfg.DraftRetention = 30 * 24 * time.Hour
	}
	if cfg.Operator.Name == "" {
		cfg.Operator.Name = "PortDesk"
	}
	s := &Service{desk: d, cfg: cfg, billing: deps.Billing, outbox: deps.Delivery, pins: deps.PINs, checker: deps.Checker, docs: deps.Documents,
		wholeReads: newWholeReads(d.Limits.MaxRows)}
	s.frame = desk.NewFrame(d, Kind, func(ctx context.Context, tx domain.Tx, p domain.PortIn, e domain.PortInEvent) error {
		return s.outbox.PortInEvent(ctx, tx, p, e, nil)
	})
	return s, nil
}

// Kind is how the desk's frame finds and names port-in requests.
var Kind = desk.Kind[domain.PortIn]{Name: "port-in request", Load: func(ctx context.Context, q domain.Queries, id int64) (domain.PortIn, error) {
	return q.PortIn(ctx, id)
}}

// Frame is the frame of changes to requests, for the team's desk, whose moves are changes to
// requests too.
func (s *Service) Frame() desk.Frame[domain.PortIn, domain.Status] { return s.frame }

// recordNote records a customer-visible note's event; its webhook carries the note, and a
// note from the team is emailed to the customer (the customer's own notes reach the team on
// the desk).
func (s *Service) recordNote(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortIn, n domain.Note) error {
	e := domain.PortInEvent{Type: domain.EventNoteAdded, Detail: "Note added"}
	return s.frame.RecordSending(ctx, tx, a, p, e, func(e domain.PortInEvent) error { return s.outbox.PortInEvent(ctx, tx, p, e, &n) })
}
