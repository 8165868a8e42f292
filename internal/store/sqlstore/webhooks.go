package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

const endpointCols = `id, account_id, url, secret, events, description, disabled, created_at, updated_at`

func scanEndpoint(r Row) (domain.WebhookEndpoint, error) {
	var e domain.WebhookEndpoint
	var events string
	var created, updated int64
	if err := r.Scan(&e.ID, &e.AccountID, &e.URL, &e.Secret, &events, &e.Description, &e.Disabled, &created, &updated); err != nil {
		return e, err
	}
	e.CreatedAt, e.UpdatedAt = fromTS(created), fromTS(updated)
	err := json.Unmarshal([]byte(events), &e.Events)
	if len(e.Events) == 0 {
		e.Events = nil
	}
	return e, err
}

// stringsOf reads a JSON list of strings; empty is nil.
func stringsOf(s string) []string {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil || len(out) == 0 {
		return nil
	}
	return out
}

// eventsJSON writes a list of strings as JSON.
func eventsJSON(ev []string) string {
	if ev == nil {
		ev = []string{}
	}
	b, _ := json.Marshal(ev) // strings: cannot fail
	return string(b)
}

func (s *Queries) CreateWebhookEndpoint(ctx context.Context, e *domain.WebhookEndpoint) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO webhook_endpoints (account_id, url, secret, events, description, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.AccountID, e.URL, e.Secret, eventsJSON(e.Events), e.Description, e.Disabled, ts(e.CreatedAt), ts(e.UpdatedAt)).Scan(&e.ID))
}

func (s *Queries) WebhookEndpoint(ctx context.Context, id int64) (domain.WebhookEndpoint, error) {
	return one(ctx, s, scanEndpoint, `SELECT `+endpointCols+` FROM webhook_endpoints WHERE id = $1`, id)
}

func (s *Queries) WebhookEndpoints(ctx context.Context, accountID int64) ([]domain.WebhookEndpoint, error) {
	return list(ctx, s, scanEndpoint, `SELECT `+endpointCols+` FROM webhook_endpoints WHERE account_id = $1 ORDER BY id`, accountID)
}

func (s *Queries) UpdateWebhookEndpoint(ctx context.Context, e *domain.WebhookEndpoint) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE webhook_endpoints SET url = $1, events = $2, description = $3, disabled = $4, updated_at = $5 WHERE id = $6`,
		e.URL, eventsJSON(e.Events), e.Description, e.Disabled, ts(e.UpdatedAt), e.ID))
}

func (s *Queries) DeleteWebhookEndpoint(ctx context.Context, id int64) error {
	return notFoundIfNone(s.exec(ctx, `DELETE FROM webhook_endpoints WHERE id = $1`, id))
}

const webhookDeliveryCols = `id, endpoint_id, event_id, event_type, message_id, payload, status, attempts, response_code, response, at`

func scanWebhookDelivery(r Row) (domain.WebhookDelivery, error) {
	var d domain.WebhookDelivery
	var at int64
	err := r.Scan(&d.ID, &d.EndpointID, &d.EventID, &d.EventType, &d.MessageID, &d.Payload, &d.Status, &d.Attempts, &d.ResponseCode, &d.Response, &at)
	d.At = fromTS(at)
	return d, err
}

func (s *Queries) AddWebhookDelivery(ctx context.Context, d *domain.WebhookDelivery) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, message_id, payload, status, attempts, response_code, response, at)
		VALUES ($1, $2, $3, $4, $5, $6, 0, 0, '', $7) RETURNING id`,
		d.EndpointID, d.EventID, d.EventType, d.MessageID, d.Payload, string(d.Status), ts(d.At)).Scan(&d.ID))
}

func (s *Queries) RecordWebhookAttempt(ctx context.Context, id int64, status domain.DeliveryStatus, code int, response string, at time.Time) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, response_code = $2, response = $3, at = $4 WHERE id = $5`,
		string(status), code, response, ts(at), id))
}

func (s *Queries) WebhookDelivery(ctx context.Context, id int64) (domain.WebhookDelivery, error) {
	return one(ctx, s, scanWebhookDelivery, `SELECT `+webhookDeliveryCols+` FROM webhook_deliveries WHERE id = $1`, id)
}

func (s *Queries) WebhookDeliveries(ctx context.Context, endpointID, beforeID int64, limit int) ([]domain.WebhookDelivery, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	if beforeID <= 0 {
		beforeID = 1 << 62
	}
	return list(ctx, s, scanWebhookDelivery, `SELECT `+webhookDeliveryCols+` FROM webhook_deliveries
		WHERE endpoint_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, endpointID, beforeID, limit)
}
