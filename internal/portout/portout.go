// Package portout is numbers leaving the operator for another provider, protected against
// fraud (FCC 23-95): a gaining provider's request (entered by the team) or a move the
// account announces is checked at once against the account (numbers active on it, the end
// user's name and postcode, the port-out PIN, locks), every admin of the account is told at
// once, and the team authorizes, rejects with codes the gaining provider understands, or
// completes it, releasing the numbers and charging the port-out fee once. Accounts protect
// themselves with a PIN, records to match, locks and, if they choose, auto-authorization.
package portout

import (
	"context"
	"errors"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Deps are the parts port-outs work with: all required.
type Deps struct {
	Billing   *billing.Service
	Delivery  *delivery.Service
	Documents domain.DocumentStore
}

// Service runs port-outs' use cases.
type Service struct {
	desk    *desk.Desk
	billing *billing.Service
	outbox  *delivery.Service
	docs    domain.DocumentStore
	// frame is every change to a port-out: scope, version, one transaction, events and what
	// they send.
	frame desk.Frame[domain.PortOut, domain.PortOutStatus]
}

// New builds the service; every dependency must be there.
func New(d *desk.Desk, deps Deps) (*Service, error) {
	if deps.Billing == nil || deps.Delivery == nil || deps.Documents == nil {
		return nil, errors.New("portout: billing, delivery and a document store are required")
	}
	s := &Service{desk: d, billing: deps.Billing, outbox: deps.Delivery, docs: deps.Documents}
	s.frame = desk.NewFrame(d, Kind, func(ctx context.Context, tx domain.Tx, p domain.PortOut, e domain.PortOutEvent) error {
		return s.outbox.PortOutEvent(ctx, tx, p, e, nil)
	})
	return s, nil
}

// Kind is how the desk's frame finds and names port-outs.
var Kind = desk.Kind[domain.PortOut]{Name: "port-out", Load: func(ctx context.Context, q domain.Queries, id int64) (domain.PortOut, error) {
	return q.PortOut(ctx, id)
}}

// recordReleased records a port-out's event whose webhooks name the numbers a completion
// released.
func (s *Service) recordReleased(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortOut, released []string, e domain.PortOutEvent) error {
	return s.frame.RecordSending(ctx, tx, a, p, e, func(e domain.PortOutEvent) error { return s.outbox.PortOutEvent(ctx, tx, p, e, released) })
}
