package sqlstore

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

const carrierCols = `id, name, email, countries, categories, kind, api_url, webhook_key, credentials_sealed, credentials_set_at, auto_send, created_at, updated_at,
	account_id, site_id, peer_id, webhook_secret_sealed, webhook_secret_set_at`

func scanCarrier(r Row) (domain.Carrier, error) {
	var c domain.Carrier
	var countries, categories string
	var created, updated int64
	var setAt, secretSetAt *int64
	var kind string
	if err := r.Scan(&c.ID, &c.Name, &c.Email, &countries, &categories, &kind, &c.APIURL, &c.WebhookKey, &c.CredentialsSealed, &setAt, &c.AutoSend, &created, &updated,
		&c.AccountID, &c.SiteID, &c.PeerID, &c.WebhookSecretSealed, &secretSetAt); err != nil {
		return c, err
	}
	c.CreatedAt, c.UpdatedAt, c.CredentialsSetAt, c.Kind = fromTS(created), fromTS(updated), fromTSPtr(setAt), domain.CarrierKind(kind)
	c.WebhookSecretSetAt = fromTSPtr(secretSetAt)
	if len(c.CredentialsSealed) == 0 {
		c.CredentialsSealed = nil // none set: an engine may read an empty value
	}
	if len(c.WebhookSecretSealed) == 0 {
		c.WebhookSecretSealed = nil
	}
	c.Countries, c.Categories = stringsOf(countries), stringsOf(categories)
	return c, nil
}

func (s *Queries) CreateCarrier(ctx context.Context, c *domain.Carrier) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO carriers (name, email, countries, categories, kind, api_url, webhook_key, credentials_sealed, credentials_set_at, auto_send, created_at, updated_at,
		account_id, site_id, peer_id, webhook_secret_sealed, webhook_secret_set_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		c.Name, c.Email, eventsJSON(c.Countries), eventsJSON(c.Categories), carrierKind(c.Kind), c.APIURL, c.WebhookKey, c.CredentialsSealed, tsPtr(c.CredentialsSetAt),
		c.AutoSend, ts(c.CreatedAt), ts(c.UpdatedAt), c.AccountID, c.SiteID, c.PeerID, c.WebhookSecretSealed, tsPtr(c.WebhookSecretSetAt)).Scan(&c.ID))
}

func (s *Queries) Carrier(ctx context.Context, id int64) (domain.Carrier, error) {
	return one(ctx, s, scanCarrier, `SELECT `+carrierCols+` FROM carriers WHERE id = $1`, id)
}

func (s *Queries) Carriers(ctx context.Context) ([]domain.Carrier, error) {
	return list(ctx, s, scanCarrier, `SELECT `+carrierCols+` FROM carriers ORDER BY lower(name)`)
}

func (s *Queries) UpdateCarrier(ctx context.Context, c *domain.Carrier) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE carriers SET name = $1, email = $2, countries = $3, categories = $4, kind = $5, api_url = $6,
		webhook_key = $7, credentials_sealed = $8, credentials_set_at = $9, auto_send = $10, updated_at = $11,
		account_id = $13, site_id = $14, peer_id = $15, webhook_secret_sealed = $16, webhook_secret_set_at = $17 WHERE id = $12`,
		c.Name, c.Email, eventsJSON(c.Countries), eventsJSON(c.Categories), carrierKind(c.Kind), c.APIURL, c.WebhookKey, c.CredentialsSealed,
		tsPtr(c.CredentialsSetAt), c.AutoSend, ts(c.UpdatedAt), c.ID, c.AccountID, c.SiteID, c.PeerID, c.WebhookSecretSealed, tsPtr(c.WebhookSecretSetAt)))
}

func (s *Queries) DeleteCarrier(ctx context.Context, id int64) error {
	return notFoundIfNone(s.exec(ctx, `DELETE FROM carriers WHERE id = $1`, id))
}

// carrierKind: a carrier made before there were connectors, or without a kind, is emailed.
func carrierKind(k domain.CarrierKind) string {
	if k == "" {
		return string(domain.CarrierByEmail)
	}
	return string(k)
}
