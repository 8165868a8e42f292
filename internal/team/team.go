// Package team is the porting team's desk: the queue (age in business days, overdue flags,
// agents), sending each order to the losing carrier, asking the customer for fixes with
// rejection codes, recording the carrier's FOC, reminders of stuck and imminent ports, the
// time-to-port report, the carriers and porting agreements the team keeps, and the numbers
// the operator already serves.
package team

import (
	"errors"

	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// Config holds the team desk's tunables; zero values take the defaults.
type Config struct {
	// StuckAfterDays flags a submitted or in-progress request without a FOC after this many
	// business days, and reminds the team; default 5.
	StuckAfterDays int
}

// Deps are the parts the team's desk works with: all required.
type Deps struct {
	PortIns   *portin.Service
	Delivery  *delivery.Service
	Documents domain.DocumentStore
	// Sealer seals API carriers' keys as PINs are sealed.
	Sealer *portin.PINSealer
}

// Service runs the porting team's use cases.
type Service struct {
	desk    *desk.Desk
	cfg     Config
	portins *portin.Service
	outbox  *delivery.Service
	docs    domain.DocumentStore
	sealer  *portin.PINSealer
}

// New builds the service; every dependency must be there.
func New(d *desk.Desk, cfg Config, deps Deps) (*Service, error) {
	if deps.PortIns == nil || deps.Delivery == nil || deps.Documents == nil || deps.Sealer == nil {
		return nil, errors.New("team: port-ins, delivery, a document store and a sealer are required")
	}
	if cfg.StuckAfterDays == 0 {
		cfg.StuckAfterDays = defaultStuckAfter
	}
	return &Service{desk: d, cfg: cfg, portins: deps.PortIns, outbox: deps.Delivery, docs: deps.Documents, sealer: deps.Sealer}, nil
}
