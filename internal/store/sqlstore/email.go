package sqlstore

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

const deliveryCols = `id, event_id, port_in_id, recipient, template, message_id, subject, status, attempts, error, at`

func scanDelivery(r Row) (domain.EmailDelivery, error) {
	var d domain.EmailDelivery
	var at int64
	err := r.Scan(&d.ID, &d.EventID, &d.PortInID, &d.Recipient, &d.Template, &d.MessageID, &d.Subject, &d.Status, &d.Attempts, &d.Error, &at)
	d.At = fromTS(at)
	return d, err
}

func (s *Queries) RecordEmailDelivery(ctx context.Context, d *domain.EmailDelivery) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO email_deliveries (event_id, port_in_id, recipient, template, message_id, subject, status, attempts, error, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)
		ON CONFLICT (event_id, recipient) DO UPDATE SET status = excluded.status, error = excluded.error, at = excluded.at,
			subject = excluded.subject, attempts = email_deliveries.attempts + 1
		RETURNING id, attempts`,
		d.EventID, d.PortInID, d.Recipient, d.Template, d.MessageID, d.Subject, string(d.Status), d.Error, ts(d.At)).Scan(&d.ID, &d.Attempts))
}

func (s *Queries) EmailDeliveries(ctx context.Context, eventID int64) ([]domain.EmailDelivery, error) {
	return list(ctx, s, scanDelivery, `SELECT `+deliveryCols+` FROM email_deliveries WHERE event_id = $1 ORDER BY id`, eventID)
}

func (s *Queries) PortInEmailDeliveries(ctx context.Context, portInID int64) ([]domain.EmailDelivery, error) {
	return list(ctx, s, scanDelivery, `SELECT `+deliveryCols+` FROM email_deliveries WHERE port_in_id = $1 ORDER BY id DESC`, portInID)
}
