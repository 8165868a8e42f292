package sqlstore

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

const carrierCols = `id, name, email, countries, categories, created_at, updated_at`

func scanCarrier(r Row) (domain.Carrier, error) {
	var c domain.Carrier
	var countries, categories string
	var created, updated int64
	if err := r.Scan(&c.ID, &c.Name, &c.Email, &countries, &categories, &created, &updated); err != nil {
		return c, err
	}
	c.CreatedAt, c.UpdatedAt = fromTS(created), fromTS(updated)
	c.Countries, c.Categories = stringsOf(countries), stringsOf(categories)
	return c, nil
}

func (s *Queries) CreateCarrier(ctx context.Context, c *domain.Carrier) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO carriers (name, email, countries, categories, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		c.Name, c.Email, eventsJSON(c.Countries), eventsJSON(c.Categories), ts(c.CreatedAt), ts(c.UpdatedAt)).Scan(&c.ID))
}

func (s *Queries) Carrier(ctx context.Context, id int64) (domain.Carrier, error) {
	return one(ctx, s, scanCarrier, `SELECT `+carrierCols+` FROM carriers WHERE id = $1`, id)
}

func (s *Queries) Carriers(ctx context.Context) ([]domain.Carrier, error) {
	return list(ctx, s, scanCarrier, `SELECT `+carrierCols+` FROM carriers ORDER BY lower(name)`)
}

func (s *Queries) UpdateCarrier(ctx context.Context, c *domain.Carrier) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE carriers SET name = $1, email = $2, countries = $3, categories = $4, updated_at = $5 WHERE id = $6`,
		c.Name, c.Email, eventsJSON(c.Countries), eventsJSON(c.Categories), ts(c.UpdatedAt), c.ID))
}

func (s *Queries) DeleteCarrier(ctx context.Context, id int64) error {
	return notFoundIfNone(s.exec(ctx, `DELETE FROM carriers WHERE id = $1`, id))
}
