package sqlstore

import (
	"context"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// The bulk writes below are for loading many requests at once (the seeder, #17): the
// same rows CreatePortIn, AddPortInNumbers, AddNote and AddEvent write, in multi-row
// inserts of up to 500, so a million requests are thousands of statements and not
// millions. They are not part of domain.Queries: nothing in the product needs them.

// bulkParams is about how many arguments one bulk insert binds: modernc's SQLite looks each
// argument's name up in a list as long as the arguments, so a statement costs the square of
// its arguments, and past about a thousand that outweighs the round trips saved.
const bulkParams = 1000

func bulkRows(cols int) int { return bulkParams / cols }

// CreatePortIns creates requests and sets their IDs.
func (s *Queries) CreatePortIns(ctx context.Context, ps []*domain.PortIn) error {
	for _, c := range chunks(ps, bulkRows(32)) {
		var b builder
		b.sql.WriteString(`INSERT INTO port_ins (` + portInInsertCols + `) VALUES `)
		for i, p := range c {
			p.Version = 1
			if i > 0 {
				b.sql.WriteByte(',')
			}
			b.sql.WriteString(portInValues(&b, p))
		}
		ids, err := list(ctx, s, scanInt64, b.sql.String()+` RETURNING id`, b.args...)
		if err != nil {
			return err
		}
		// Both engines number the rows of one insert in order; RETURNING need not list
		// them in order, so they are sorted back.
		slices.Sort(ids)
		for i, p := range c {
			p.ID = ids[i]
		}
	}
	return nil
}

// AddNumbersOf adds numbers to the requests their PortInID names; a number whose status
// has ended (ported, rejected, cancelled, set aside) is written closed.
func (s *Queries) AddNumbersOf(ctx context.Context, ns []domain.PortNumber) error {
	ended := []domain.NumberStatus{domain.NumberPorted, domain.NumberRejected, domain.NumberCancelled, domain.NumberSetAside}
	return s.insertPortNumbers(ctx, len(ns), func(i int) []any {
		return portNumberValues(ns[i].PortInID, ns[i], !slices.Contains(ended, ns[i].Status))
	})
}

func (s *Queries) AddNotes(ctx context.Context, ns []domain.Note) error {
	for _, c := range chunks(ns, bulkRows(7)) {
		var b builder
		b.sql.WriteString(`INSERT INTO notes (port_in_id, author_id, author_name, staff, internal, body, created_at) VALUES `)
		for i, n := range c {
			if i > 0 {
				b.sql.WriteByte(',')
			}
			b.sql.WriteString("(" + strings.Join([]string{b.arg(n.PortInID), b.arg(n.AuthorID), b.arg(n.AuthorName), b.arg(n.Staff),
				b.arg(n.Internal), b.arg(n.Body), b.arg(ts(n.CreatedAt))}, ",") + ")")
		}
		if _, err := s.exec(ctx, b.sql.String(), b.args...); err != nil {
			return err
		}
	}
	return nil
}

// AddEvents adds events (their IDs are not read back).
func (s *Queries) AddEvents(ctx context.Context, es []domain.StoredEvent) error {
	for _, c := range chunks(es, bulkRows(11)) {
		var b builder
		b.sql.WriteString(`INSERT INTO events (port_in_id, account_id, actor_id, actor_name, type, from_status, to_status, reason, detail, at, port_out_id) VALUES `)
		for i, e := range c {
			if i > 0 {
				b.sql.WriteByte(',')
			}
			portIn, portOut := subjectColumns(e.Subject)
			b.sql.WriteString("(" + strings.Join([]string{b.arg(portIn), b.arg(e.AccountID), `NULLIF(CAST(` + b.arg(e.ActorID) + ` AS BIGINT), 0)`,
				b.arg(e.ActorName), b.arg(string(e.Type)), b.arg(e.From), b.arg(e.To), b.arg(e.Reason), b.arg(e.Detail), b.arg(ts(e.At)),
				`NULLIF(CAST(` + b.arg(portOut) + ` AS BIGINT), 0)`}, ",") + ")")
		}
		if _, err := s.exec(ctx, b.sql.String(), b.args...); err != nil {
			return err
		}
	}
	return nil
}

func scanInt64(r Row) (int64, error) {
	var v int64
	err := r.Scan(&v)
	return v, err
}
