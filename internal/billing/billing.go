// Package billing is what PortDesk charges and how it accounts for it: the operator's price
// table, the quotes a customer accepted charged when the port completes, the port-out fee,
// the team's adjustments and reversals, and the monthly statement with its CSV export. The
// ledger is append-only: an entry is never edited, only reversed.
package billing

import (
	"github.com/portdesk/portdesk/internal/desk"
)

// Service runs billing's use cases.
type Service struct {
	desk *desk.Desk
}

// New builds the service on the desk's frame.
func New(d *desk.Desk) *Service { return &Service{desk: d} }
