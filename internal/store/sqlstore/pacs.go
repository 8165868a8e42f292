package sqlstore

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

func (s *Queries) SetPAC(ctx context.Context, p domain.PAC) error {
	_, err := s.exec(ctx, `INSERT INTO port_in_pacs (port_in_id, order_key, code, expires_on, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (port_in_id, order_key) DO UPDATE SET code = excluded.code, expires_on = excluded.expires_on,
		entered_by = excluded.entered_by, entered_at = excluded.entered_at`,
		p.PortInID, p.OrderKey, p.Code, ts(p.ExpiresOn), p.EnteredBy, ts(p.EnteredAt))
	return err
}

func (s *Queries) DeletePAC(ctx context.Context, portInID int64, orderKey string) error {
	_, err := s.exec(ctx, `DELETE FROM port_in_pacs WHERE port_in_id = $1 AND order_key = $2`, portInID, orderKey)
	return err
}

func (s *Queries) PACs(ctx context.Context, portInIDs []int64) ([]domain.PAC, error) {
	if len(portInIDs) == 0 {
		return []domain.PAC{}, nil
	}
	var b builder
	b.sql.WriteString(`SELECT port_in_id, order_key, code, expires_on, entered_by, entered_at FROM port_in_pacs
		WHERE port_in_id IN ` + b.in(anys(portInIDs)) + ` ORDER BY port_in_id DESC, order_key`)
	return list(ctx, s, func(r Row) (domain.PAC, error) {
		var p domain.PAC
		var exp, at int64
		err := r.Scan(&p.PortInID, &p.OrderKey, &p.Code, &exp, &p.EnteredBy, &at)
		p.ExpiresOn, p.EnteredAt = fromTS(exp), fromTS(at)
		return p, err
	}, b.sql.String(), b.args...)
}
