package sqlstore

import (
	"context"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// oncePlanner is a Querier of an engine that plans once (PlansOnce), recording each
// statement (all of them, and the last with its arguments); its lists find nothing.
type oncePlanner struct {
	sqls []string
	sql  string
	args []any
}

func (o *oncePlanner) Exec(context.Context, string, ...any) (int64, error) { return 0, errNotRun }
func (o *oncePlanner) Query(_ context.Context, sql string, args ...any) (Rows, error) {
	o.sqls, o.sql, o.args = append(o.sqls, sql), sql, args
	return noRows{}, nil
}
func (o *oncePlanner) QueryRow(context.Context, string, ...any) Row { return nil }
func (o *oncePlanner) PlansOnce()                                   {}

// TestStatusesWrittenIn: where the engine plans once, a list's known statuses and page size
// are written in its statement, and anything else the filter says stays an argument: a
// status the desk does not know (text from a caller) is never written in.
func TestStatusesWrittenIn(t *testing.T) {
	t.Parallel()
	word := regexp.MustCompile(`^[a-z_]+$`)
	for _, st := range domain.Statuses {
		if !word.MatchString(string(st)) {
			t.Fatalf("status %q is written in a statement unescaped: lower-case letters and underscores only", st)
		}
	}
	for _, c := range []struct {
		name     string
		statuses []domain.Status
		written  string // in the statement
		args     int    // the statuses' arguments
	}{
		{"the queue", []domain.Status{domain.StatusSubmitted, domain.StatusScheduled}, `p.status IN ('submitted', 'scheduled') AND p.open = TRUE`, 0},
		{"one status", []domain.Status{domain.StatusCompleted}, `p.status IN ('completed')`, 0},
		{"one unknown", []domain.Status{domain.StatusSubmitted, "x') OR 1=1 --"}, `p.status IN ($1,$2)`, 2},
	} {
		o := &oncePlanner{}
		if _, err := New(o, func(err error) error { return err }).ListPortIns(context.Background(), domain.PortInFilter{Statuses: c.statuses, Limit: 51}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !strings.Contains(o.sql, c.written) || !strings.HasSuffix(o.sql, ` LIMIT 51`) {
			t.Errorf("%s: %q and its page size not written in: %s", c.name, c.written, o.sql)
		}
		if strings.Contains(o.sql, "OR 1=1") || len(o.args) != c.args {
			t.Errorf("%s: arguments %v for %s", c.name, o.args, o.sql)
		}
	}
}

// TestOverdueCutBounded: where the engine plans once, each arm of the overdue view has its
// cut written in, rounded up to the minute (so that a plan kept for any cut is made for
// this minute's), and the exact cut as its argument, which says which are overdue.
func TestOverdueCutBounded(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name  string
		cut   time.Time
		bound string // written in; empty: none
	}{
		{"within a minute", at("2026-03-02T12:00:30.5Z"), "1772452860000000"},
		{"on the minute", at("2026-03-02T12:00:00Z"), "1772452800000000"},
		{"a microsecond past it", at("2026-03-02T12:00:00.000001Z"), "1772452860000000"},
		{"before 1970", at("1969-12-31T23:59:30Z"), "0"},
		{"at the end of time", time.UnixMicro(math.MaxInt64), ""},
	} {
		o := &oncePlanner{}
		f := domain.PortInFilter{Statuses: []domain.Status{domain.StatusScheduled}, Overdue: &domain.OverdueCut{FOCBefore: c.cut}, Limit: 51}
		if _, err := New(o, func(err error) error { return err }).ListPortIns(context.Background(), f); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := `p.status IN ('scheduled') AND p.foc < $1`
		if c.bound != "" {
			want = `p.status IN ('scheduled') AND p.foc < ` + c.bound + ` AND p.foc < $1`
		}
		if !strings.Contains(o.sql, want) {
			t.Errorf("%s: %q not in %s", c.name, want, o.sql)
		}
		if len(o.args) != 1 || o.args[0] != c.cut.UnixMicro() {
			t.Errorf("%s: arguments %v, want the cut %d", c.name, o.args, c.cut.UnixMicro())
		}
	}
}
