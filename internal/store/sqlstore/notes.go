package sqlstore

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

func (s *Queries) AddNote(ctx context.Context, n *domain.Note) error {
	err := s.q.QueryRow(ctx, `INSERT INTO notes (port_in_id, author_id, author_name, staff, internal, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		n.PortInID, n.AuthorID, n.AuthorName, n.Staff, n.Internal, n.Body, ts(n.CreatedAt)).Scan(&n.ID)
	return s.wrap(err)
}

func (s *Queries) Notes(ctx context.Context, portInID int64, includeInternal bool) ([]domain.Note, error) {
	// internal IN (false, $2): with includeInternal false both are false, hiding internal notes.
	return list(ctx, s, func(r Row) (domain.Note, error) {
		var n domain.Note
		var c int64
		err := r.Scan(&n.ID, &n.PortInID, &n.AuthorID, &n.AuthorName, &n.Staff, &n.Internal, &n.Body, &c)
		n.CreatedAt = fromTS(c)
		return n, err
	}, `SELECT id, port_in_id, author_id, author_name, staff, internal, body, created_at FROM notes
		WHERE port_in_id = $1 AND internal IN ($2, $3) ORDER BY id`, portInID, false, includeInternal)
}
