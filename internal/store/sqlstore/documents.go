package sqlstore

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

const documentCols = `id, port_in_id, kind, name, content_type, size, sha256, pages, storage_key, uploaded_by, uploader_name, uploaded_at`

func scanDocument(r Row) (domain.Document, error) {
	var d domain.Document
	var at int64
	err := r.Scan(&d.ID, &d.PortInID, &d.Kind, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &d.Pages, &d.StorageKey, &d.UploadedBy, &d.UploaderName, &at)
	d.UploadedAt = fromTS(at)
	return d, err
}

func (s *Queries) AddDocument(ctx context.Context, d *domain.Document) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO documents (port_in_id, kind, name, content_type, size, sha256, pages, storage_key, uploaded_by, uploader_name, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		d.PortInID, string(d.Kind), d.Name, d.ContentType, d.Size, d.SHA256, d.Pages, d.StorageKey, d.UploadedBy, d.UploaderName, ts(d.UploadedAt)).Scan(&d.ID))
}

func (s *Queries) Document(ctx context.Context, id int64) (domain.Document, error) {
	return one(ctx, s, scanDocument, `SELECT `+documentCols+` FROM documents WHERE id = $1`, id)
}

func (s *Queries) Documents(ctx context.Context, portInIDs []int64) ([]domain.Document, error) {
	if len(portInIDs) == 0 {
		return []domain.Document{}, nil
	}
	var b builder
	b.sql.WriteString(`SELECT ` + documentCols + ` FROM documents WHERE port_in_id IN ` + b.in(anys(portInIDs)) + ` ORDER BY id`)
	return list(ctx, s, scanDocument, b.sql.String(), b.args...)
}

func (s *Queries) DeleteDocument(ctx context.Context, id int64) error {
	return notFoundIfNone(s.exec(ctx, `DELETE FROM documents WHERE id = $1`, id))
}

func (s *Queries) AddLOASignature(ctx context.Context, g *domain.LOASignature) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO loa_signatures (port_in_id, order_key, content_sha256, signer_name, signer_title, signer_email,
		user_id, ip, user_agent, signed_at, drawn, signature_request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULLIF(CAST($12 AS BIGINT), 0)) RETURNING id`,
		g.PortInID, g.OrderKey, g.ContentSHA256, g.SignerName, g.SignerTitle, g.SignerEmail, g.UserID, g.IP, g.UserAgent, ts(g.SignedAt), g.Drawn, g.SignatureRequestID).Scan(&g.ID))
}

func (s *Queries) LOASignatures(ctx context.Context, portInIDs []int64) ([]domain.LOASignature, error) {
	if len(portInIDs) == 0 {
		return []domain.LOASignature{}, nil
	}
	var b builder
	b.sql.WriteString(`SELECT id, port_in_id, order_key, content_sha256, signer_name, signer_title, signer_email, user_id, ip, user_agent, signed_at, drawn, COALESCE(signature_request_id, 0)
		FROM loa_signatures WHERE port_in_id IN ` + b.in(anys(portInIDs)) + ` ORDER BY id DESC`)
	return list(ctx, s, func(r Row) (domain.LOASignature, error) {
		var g domain.LOASignature
		var at int64
		err := r.Scan(&g.ID, &g.PortInID, &g.OrderKey, &g.ContentSHA256, &g.SignerName, &g.SignerTitle, &g.SignerEmail, &g.UserID, &g.IP, &g.UserAgent, &at, &g.Drawn, &g.SignatureRequestID)
		g.SignedAt = fromTS(at)
		if len(g.Drawn) == 0 {
			g.Drawn = nil
		}
		return g, err
	}, b.sql.String(), b.args...)
}

const frozenLetterCols = `id, port_in_id, order_key, loa_type, provider, letter, content_sha256, signature_id, document_id, sha256, size, storage_key, frozen_at`

func scanFrozenLetter(r Row) (domain.FrozenLetter, error) {
	var f domain.FrozenLetter
	var letter string
	var sig, doc *int64 // NULL: not signed that way
	var at int64
	err := r.Scan(&f.ID, &f.PortInID, &f.OrderKey, &f.LOAType, &f.Provider, &letter, &f.ContentSHA256, &sig, &doc, &f.SHA256, &f.Size, &f.StorageKey, &at)
	f.Letter, f.FrozenAt = []byte(letter), fromTS(at)
	if sig != nil {
		f.SignatureID = *sig
	}
	if doc != nil {
		f.DocumentID = *doc
	}
	return f, err
}

// orNull stores an ID of 0 as NULL: the signature column is a foreign key.
func orNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (s *Queries) AddFrozenLetter(ctx context.Context, f *domain.FrozenLetter) error {
	return s.wrap(s.q.QueryRow(ctx, `INSERT INTO frozen_letters (port_in_id, order_key, loa_type, provider, letter, content_sha256, signature_id, document_id,
		sha256, size, storage_key, frozen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		f.PortInID, f.OrderKey, string(f.LOAType), f.Provider, string(f.Letter), f.ContentSHA256, orNull(f.SignatureID), orNull(f.DocumentID),
		f.SHA256, f.Size, f.StorageKey, ts(f.FrozenAt)).Scan(&f.ID))
}

func (s *Queries) FrozenLetter(ctx context.Context, id int64) (domain.FrozenLetter, error) {
	return one(ctx, s, scanFrozenLetter, `SELECT `+frozenLetterCols+` FROM frozen_letters WHERE id = $1`, id)
}

func (s *Queries) FrozenLetters(ctx context.Context, portInIDs []int64) ([]domain.FrozenLetter, error) {
	if len(portInIDs) == 0 {
		return []domain.FrozenLetter{}, nil
	}
	var b builder
	b.sql.WriteString(`SELECT ` + frozenLetterCols + ` FROM frozen_letters WHERE port_in_id IN ` + b.in(anys(portInIDs)) + ` ORDER BY id DESC`)
	return list(ctx, s, scanFrozenLetter, b.sql.String(), b.args...)
}
