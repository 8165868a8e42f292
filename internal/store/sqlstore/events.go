package sqlstore

import (
	"context"

	"github.com/portdesk/portdesk/internal/domain"
)

// Events keep their subject in two columns, port_in_id and port_out_id (NULL on a port-in's
// event, and port_in_id 0 on a port-out's): the schema predates port-outs.
const eventCols = `id, port_in_id, account_id, COALESCE(actor_id, 0), actor_name, type, from_status, to_status, reason, detail, at,
	COALESCE(port_out_id, 0)`

func scanEvent(r Row) (domain.StoredEvent, error) {
	var e domain.StoredEvent
	var at, portIn, portOut int64
	err := r.Scan(&e.ID, &portIn, &e.AccountID, &e.ActorID, &e.ActorName, &e.Type, &e.From, &e.To, &e.Reason, &e.Detail, &at, &portOut)
	e.At = fromTS(at)
	e.Subject = domain.PortInSubject(portIn)
	if portOut != 0 {
		e.Subject = domain.PortOutSubject(portOut)
	}
	return e, err
}

// subjectColumns are the event's port_in_id and port_out_id (0 stands for NULL).
func subjectColumns(sub domain.Subject) (portIn, portOut int64) {
	if sub.Kind == domain.SubjectPortOut {
		return 0, sub.ID
	}
	return sub.ID, 0
}

func (s *Queries) AddEvent(ctx context.Context, e *domain.StoredEvent) error {
	portIn, portOut := subjectColumns(e.Subject)
	err := s.q.QueryRow(ctx, `INSERT INTO events (port_in_id, account_id, actor_id, actor_name, type, from_status, to_status, reason, detail, at, port_out_id)
		VALUES ($1, $2, NULLIF(CAST($3 AS BIGINT), 0), $4, $5, $6, $7, $8, $9, $10, NULLIF(CAST($11 AS BIGINT), 0)) RETURNING id`,
		portIn, e.AccountID, e.ActorID, e.ActorName, string(e.Type), e.From, e.To, e.Reason, e.Detail, ts(e.At), portOut).Scan(&e.ID)
	return s.wrap(err)
}

func (s *Queries) Events(ctx context.Context, sub domain.Subject) ([]domain.StoredEvent, error) {
	if sub.Kind == domain.SubjectPortOut {
		return list(ctx, s, scanEvent, `SELECT `+eventCols+` FROM events WHERE port_out_id = $1 ORDER BY id`, sub.ID)
	}
	return list(ctx, s, scanEvent, `SELECT `+eventCols+` FROM events WHERE port_in_id = $1 AND port_out_id IS NULL ORDER BY id`, sub.ID)
}

func (s *Queries) Event(ctx context.Context, id int64) (domain.StoredEvent, error) {
	return one(ctx, s, scanEvent, `SELECT `+eventCols+` FROM events WHERE id = $1`, id)
}
