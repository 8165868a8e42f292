package delivery

import (
	"context"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

// Attachment is a file sent with an email.
type Attachment = notify.Attachment

// CarrierOrder is an order package for a losing carrier's porting desk: the order's facts,
// one a line, and its attachments (the letters, the documents, the numbers as CSV).
type CarrierOrder struct {
	Lines       []string
	Numbers     int
	Attachments []Attachment
}

// SendCarrierOrder emails port-in p's order package, the delivery of event eventID, to a
// carrier's porting address, with the team's queue address to reply to. The package is built
// only when the carrier has not had it yet: a retried job sends it once.
func (s *Service) SendCarrierOrder(ctx context.Context, eventID int64, p domain.PortIn, to string, build func() (CarrierOrder, error)) (err error) {
	defer desk.Wrap(&err, "email the order of port-in request %d", p.ID) // not the address: IDs only
	to = strings.ToLower(to)
	done, err := s.desk.Store.EmailDeliveries(ctx, eventID)
	if err != nil {
		return err
	}
	for _, d := range done {
		if d.Recipient == to && d.Status == domain.DeliverySent {
			return nil
		}
	}
	o, err := build()
	if err != nil {
		return err
	}
	m := &notify.CarrierOrderMail{RequestID: p.ID, Customer: p.CustomerName, Numbers: o.Numbers, Lines: o.Lines}
	send := mailing{recipient{email: to}, domain.EmailCarrierOrder, notify.Header{Operator: s.cfg.Operator}}
	return s.sendOnce(ctx, eventID, p.ID, m, []mailing{send}, o.Attachments, s.cfg.TeamEmail)
}
