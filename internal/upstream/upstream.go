// Package upstream sends orders to carriers that have a porting API, and follows them there
// until they port: it makes the carrier's order from ours with the signed letter and the
// bill, submits it, and maps what the carrier says (by webhook, or by polling on a backoff
// when none comes) onto our states through the team's and the request's own use cases. Each
// carrier is a domain.Connector; this package knows none of them by name.
package upstream

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/team"
)

// Deps are what orders to API carriers need: all required but Connectors (none: no API
// carrier can be used).
type Deps struct {
	PortIns    *portin.Service
	Team       *team.Service
	Documents  domain.DocumentStore
	Sealer     *portin.PINSealer
	Connectors map[domain.CarrierKind]domain.ConnectorFactory
}

// Service runs orders to API carriers.
type Service struct {
	desk       *desk.Desk
	portins    *portin.Service
	team       *team.Service
	docs       domain.DocumentStore
	sealer     *portin.PINSealer
	connectors map[domain.CarrierKind]domain.ConnectorFactory
	// following are held while a part is read and settled, a part's by its id: bounded, and
	// two parts that share one merely wait for each other.
	following [64]sync.Mutex
}

// New builds the service.
func New(d *desk.Desk, deps Deps) (*Service, error) {
	if deps.PortIns == nil || deps.Team == nil || deps.Documents == nil || deps.Sealer == nil {
		return nil, errors.New("upstream: port-ins, the team's desk, a document store and a sealer are required")
	}
	return &Service{desk: d, portins: deps.PortIns, team: deps.Team, docs: deps.Documents, sealer: deps.Sealer, connectors: deps.Connectors}, nil
}

// Polling backoff: an open order is read again after firstPoll, each quiet read doubling the
// wait up to maxPoll; a change of status starts it over. Webhooks usually come first.
const (
	firstPoll = 5 * time.Minute
	maxPoll   = 6 * time.Hour
	pollBatch = 50
)

// nextPoll is when to read a part again after polls quiet reads.
func nextPoll(now time.Time, polls int) time.Time {
	wait := firstPoll
	for i := 0; i < polls && wait < maxPoll; i++ {
		wait *= 2
	}
	return now.Add(min(wait, maxPoll))
}

// session is a connector for one request at one carrier, writing down each call it makes.
type session struct {
	domain.Connector
	carrier domain.Carrier
	calls   []domain.CarrierCall
}

// connect opens the carrier's key and makes its connector; the calls it makes are kept on
// the session, to be written on the request's call log (see keep).
func (s *Service) connect(c domain.Carrier) (*session, error) {
	factory, ok := s.connectors[c.Kind]
	if !ok {
		return nil, &domain.Error{Code: domain.ErrInvalid, Message: fmt.Sprintf("no connector for carriers of kind %q", c.Kind)}
	}
	if len(c.CredentialsSealed) == 0 {
		return nil, &domain.Error{Code: domain.ErrInvalid, Message: c.Name + " has no API key: an admin sets it under Carriers"}
	}
	key, err := s.sealer.Open(c.CredentialsSealed)
	if err != nil {
		return nil, fmt.Errorf("open the API key of carrier %d: %w", c.ID, err)
	}
	var hookSecret string
	if len(c.WebhookSecretSealed) > 0 {
		if hookSecret, err = s.sealer.Open(c.WebhookSecretSealed); err != nil {
			return nil, fmt.Errorf("open the webhook secret of carrier %d: %w", c.ID, err)
		}
	}
	ss := &session{carrier: c}
	conn, err := factory(domain.ConnectorConfig{Carrier: c, APIKey: key, WebhookSecret: hookSecret, Clock: s.desk.Clock, Record: func(call domain.CarrierCall) {
		call.CarrierID = c.ID
		ss.calls = append(ss.calls, call)
	}})
	if err != nil {
		return nil, fmt.Errorf("connect to carrier %d: %w", c.ID, err)
	}
	ss.Connector = conn
	return ss, nil
}

// keep writes the session's calls on the request's log, whatever became of them: a call
// that failed is shown to the team in words, never lost.
func (s *Service) keep(ctx context.Context, ss *session, portInID int64) error {
	if ss == nil || len(ss.calls) == 0 {
		return nil
	}
	calls := ss.calls
	ss.calls = nil
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		for i := range calls {
			calls[i].PortInID = portInID
			if err := tx.AddCarrierCall(ctx, &calls[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Calls are the calls made to carriers for a request, newest first, for the team.
func (s *Service) Calls(ctx context.Context, a domain.Actor, id int64) (_ []domain.CarrierCall, err error) {
	defer desk.Wrap(&err, "the carrier calls of port-in request %d", id)
	if err := desk.RequireStaff(a); err != nil {
		return nil, err
	}
	return s.desk.Store.CarrierCalls(ctx, id)
}

// Orders are a request's orders at carriers (one per part the carrier made), for the team.
func (s *Service) Orders(ctx context.Context, a domain.Actor, id int64) (_ []domain.CarrierOrder, err error) {
	defer desk.Wrap(&err, "the carrier orders of port-in request %d", id)
	if err := desk.RequireStaff(a); err != nil {
		return nil, err
	}
	return s.desk.Store.CarrierOrders(ctx, id)
}
