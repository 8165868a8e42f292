package sqlstore

import (
	"context"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

const sigReqCols = `id, port_in_id, order_key, content_sha256, email, name, created_by, token_hash, created_at, expires_at, revoked_at, used_at, COALESCE(signature_id, 0)`

func scanSignatureRequest(r Row) (domain.SignatureRequest, error) {
	var g domain.SignatureRequest
	var created, expires int64
	var revoked, used *int64
	err := r.Scan(&g.ID, &g.PortInID, &g.OrderKey, &g.ContentSHA256, &g.Email, &g.Name, &g.CreatedBy, &g.TokenHash, &created, &expires, &revoked, &used, &g.SignatureID)
	g.CreatedAt, g.ExpiresAt, g.RevokedAt, g.UsedAt = fromTS(created), fromTS(expires), fromTSPtr(revoked), fromTSPtr(used)
	if len(g.TokenHash) == 0 {
		g.TokenHash = nil
	}
	return g, err
}

func (s *Queries) CreateSignatureRequest(ctx context.Context, g *domain.SignatureRequest) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO signature_requests (port_in_id, order_key, content_sha256, email, name, created_by, token_hash, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		g.PortInID, g.OrderKey, g.ContentSHA256, g.Email, g.Name, g.CreatedBy, g.TokenHash, ts(g.CreatedAt), ts(g.ExpiresAt)).Scan(&g.ID))
}

func (s *Queries) SignatureRequest(ctx context.Context, id int64) (domain.SignatureRequest, error) {
	return one(ctx, s, scanSignatureRequest, `SELECT `+sigReqCols+` FROM signature_requests WHERE id = $1`, id)
}

func (s *Queries) SignatureRequestByHash(ctx context.Context, hash []byte) (domain.SignatureRequest, error) {
	return one(ctx, s, scanSignatureRequest, `SELECT `+sigReqCols+` FROM signature_requests WHERE token_hash = $1`, hash)
}

func (s *Queries) SignatureRequests(ctx context.Context, portInIDs []int64) ([]domain.SignatureRequest, error) {
	if len(portInIDs) == 0 {
		return []domain.SignatureRequest{}, nil
	}
	var b builder
	b.sql.WriteString(`SELECT ` + sigReqCols + ` FROM signature_requests WHERE port_in_id IN ` + b.in(anys(portInIDs)) + ` ORDER BY id DESC`)
	return list(ctx, s, scanSignatureRequest, b.sql.String(), b.args...)
}

func (s *Queries) SetSignatureRequestToken(ctx context.Context, id int64, hash []byte) error {
	return notFoundIfNone(s.exec(ctx, `UPDATE signature_requests SET token_hash = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL`, hash, id))
}

func (s *Queries) RevokeSignatureRequest(ctx context.Context, id int64, at time.Time) error {
	n, err := s.exec(ctx, `UPDATE signature_requests SET revoked_at = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL`, ts(at), id)
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.ErrConflict, "the signature request was signed or revoked already")
	}
	return nil
}

func (s *Queries) UseSignatureRequest(ctx context.Context, id, signatureID int64, at time.Time) error {
	n, err := s.exec(ctx, `UPDATE signature_requests SET used_at = $1, signature_id = $2 WHERE id = $3 AND used_at IS NULL AND revoked_at IS NULL`, ts(at), signatureID, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.ErrConflict, "the signature request was signed or revoked already")
	}
	return nil
}

func (s *Queries) ExpireSignatureRequests(ctx context.Context, now time.Time, limit int) ([]domain.SignatureRequest, error) {
	return list(ctx, s, scanSignatureRequest, `UPDATE signature_requests SET token_hash = NULL WHERE id IN (
		SELECT id FROM signature_requests WHERE token_hash IS NOT NULL AND used_at IS NULL AND revoked_at IS NULL AND expires_at <= $1 ORDER BY id LIMIT $2)
		RETURNING `+sigReqCols, ts(now), limit)
}
