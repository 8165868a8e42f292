package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// counter is a ChosenReads Querier whose every count finds n requests; it records the
// counts asked for and the lists' statements, and its lists find nothing.
type counter struct {
	n      int
	counts int
	lists  []string
}

type countRow struct{ n int }

func (r countRow) Scan(dest ...any) error { *dest[0].(*int) = r.n; return nil }

func (c *counter) Exec(context.Context, string, ...any) (int64, error) { return 0, errNotRun }
func (c *counter) Query(_ context.Context, sql string, _ ...any) (Rows, error) {
	c.lists = append(c.lists, sql)
	return noRows{}, nil
}
func (c *counter) QueryRow(context.Context, string, ...any) Row {
	c.counts++
	return countRow{c.n}
}
func (c *counter) ReadArm(index string, _ bool) (string, string) {
	return " INDEXED BY " + index, "p.id"
}

// TestOverdueChoiceKeptForAMinute: the overdue view counts each status's overdue requests to
// choose how to read it once for a minute of its cut and a page size, and reads as it chose.
func TestOverdueChoiceKeptForAMinute(t *testing.T) {
	t.Parallel()
	minute := time.Date(2026, 12, 7, 10, 30, 0, 0, time.UTC)
	view := func(at time.Time, limit int) domain.PortInFilter {
		return domain.PortInFilter{Overdue: &domain.OverdueCut{FOCBefore: at, SubmittedBefore: at.AddDate(0, 0, -7)}, Limit: limit}
	}
	for _, c := range []struct {
		name string
		n    int
		read string // the index every arm is read by
	}{
		{"few overdue", 3, "port_ins_status_submitted"},
		{"many overdue", 10_000, overdueWalk},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := &counter{n: c.n}
			q := New(r, func(err error) error { return err })
			for _, s := range []struct {
				f      domain.PortInFilter
				counts int // in all, after it
			}{
				{view(minute.Add(5*time.Second), 50), 3}, // one a status that can be overdue
				{view(minute.Add(55*time.Second), 50), 3},
				{view(minute.Add(65*time.Second), 50), 6},
				{view(minute.Add(70*time.Second), 20), 9},
				{view(minute.Add(75*time.Second), 20), 9},
			} {
				if _, err := q.ListPortIns(context.Background(), s.f); err != nil {
					t.Fatalf("list: %v", err)
				}
				if r.counts != s.counts {
					t.Fatalf("cut %v, page of %d: %d counts, want %d", s.f.Overdue.FOCBefore, s.f.Limit, r.counts, s.counts)
				}
				if sql := r.lists[len(r.lists)-1]; !strings.Contains(sql, " INDEXED BY "+c.read) {
					t.Fatalf("cut %v: read not by %s: %s", s.f.Overdue.FOCBefore, c.read, sql)
				}
			}
		})
	}
}
