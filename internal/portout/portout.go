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
}

// New builds the service; every dependency must be there.
func New(d *desk.Desk, deps Deps) (*Service, error) {
	if deps.Billing == nil || deps.Delivery == nil || deps.Documents == nil {
		return nil, errors.New("portout: billing, delivery and a document store are required")
	}
	return &Service{desk: d, billing: deps.Billing, outbox: deps.Delivery, docs: deps.Documents}, nil
}

// Kind is how the desk's frame finds and names port-outs.
var Kind = desk.Kind[domain.PortOut]{Name: "port-out", Load: func(ctx context.Context, q domain.Queries, id int64) (domain.PortOut, error) {
	return q.PortOut(ctx, id)
}}

// change runs fn on a port-out the actor sees, at the version it named, in one transaction;
// op names the change in its errors ("cancel port-out 4: …").
func (s *Service) change(ctx context.Context, op string, a domain.Actor, id, version int64, fn func(tx domain.Tx, p *domain.PortOut) error) (domain.PortOut, error) {
	return desk.Change(ctx, s.desk, Kind, op, a, id, version, fn)
}

// visible loads a port-out the actor may see.
func (s *Service) visible(ctx context.Context, q domain.Queries, a domain.Actor, id int64) (domain.PortOut, error) {
	return Kind.Visible(ctx, s.desk, q, a, id)
}

// record writes a port-out's event in the change's transaction, with its email to the
// account's admins and its webhooks. released names the numbers a completion released.
func (s *Service) record(ctx context.Context, tx domain.Tx, a domain.Actor, p domain.PortOut, e domain.PortOutEvent, released []string) error {
	return desk.Record(ctx, tx, s.desk, a, p, e, func(e domain.PortOutEvent) error { return s.outbox.PortOutEvent(ctx, tx, p, e, released) })
}
