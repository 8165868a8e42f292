package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// recorder is a Querier planning each statement on request (as PostgreSQL's does) that
// records what a list asked for: a lookup of names (or accounts) holding a text finds
// names of each, a count of the requests bearing them bearing (one name at a time), the
// list nothing.
type recorder struct {
	names, bearing int
	fields         int // how many fields' lookups find names; all when 0
	args           [][]any
	list           string // the last statement asking for requests
	counts         []string
}

// keyRows are n names (or accounts) of each of the first fields (every field when 0) a
// lookup found.
type keyRows struct{ n, fields, i int }

func (r *keyRows) Next() bool { r.i++; return r.i <= r.n*cmp.Or(r.fields, len(nameFields)) }
func (r *keyRows) Scan(dest ...any) error {
	*dest[0].(*int) = (r.i - 1) / r.n
	*dest[1].(*string) = fmt.Sprint("name ", r.i)
	*dest[2].(*int64) = int64(r.i)
	return nil
}
func (r *keyRows) Err() error { return nil }
func (r *keyRows) Close()     {}

type noRows struct{}

func (noRows) Next() bool        { return false }
func (noRows) Scan(...any) error { return errNotRun }
func (noRows) Err() error        { return nil }
func (noRows) Close()            {}

type planEachArg struct{}

var errNotRun = errors.New("not run")

func (r *recorder) Exec(context.Context, string, ...any) (int64, error) { return 0, errNotRun }
func (r *recorder) Query(_ context.Context, sql string, args ...any) (Rows, error) {
	r.args = append(r.args, args)
	if !strings.HasPrefix(sql, "SELECT p.") {
		return &keyRows{n: r.names, fields: r.fields}, nil
	}
	r.list = sql
	return noRows{}, nil
}
func (r *recorder) QueryRow(_ context.Context, sql string, _ ...any) Row {
	r.counts = append(r.counts, sql)
	if !strings.Contains(sql, "CROSS JOIN LATERAL") {
		return countRow{} // not counted a name at a time: none counted
	}
	return countRow{r.bearing}
}
func (r *recorder) PlanEach() any { return planEachArg{} }
func (r *recorder) NamesPlanned() {}

// TestSearchesArePlannedEach: a list searched by text that many names hold, but fewer
// requests than a walk soon finds a page of, asks to be planned for its text each time
// (PlanEach, first of its arguments): it reads the names' index, and how is the planner's
// to choose from the text. One that many requests bear walks them in ID order, and one that
// few names hold, or none, seeks each: those, and a list without a text, are left to the
// plan kept.
func TestSearchesArePlannedEach(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		f       domain.PortInFilter
		names   int // each lookup finds
		bearing int // requests, as counted
		want    bool
	}{
		{"a word in the queue few requests bear", domain.PortInFilter{Text: "motors", Statuses: []domain.Status{domain.StatusSubmitted}}, maxNameArms + 1, 30, true},
		{"a word in the queue many requests bear", domain.PortInFilter{Text: "motors", Statuses: []domain.Status{domain.StatusSubmitted}}, maxNameArms + 1, 5000, false},
		{"a customer's name", domain.PortInFilter{Text: "acme widgets", AccountIDs: []int64{1}}, 1, 0, false},
		{"a few names", domain.PortInFilter{Text: "acme"}, maxNameArms, 0, false},
		{"a name none bears", domain.PortInFilter{Text: "zebra crossing"}, 0, 0, false},
		{"the queue", domain.PortInFilter{Statuses: []domain.Status{domain.StatusSubmitted}}, 0, 0, false},
		{"a number", domain.PortInFilter{Number: "+441134960000"}, 0, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := &recorder{names: c.names, bearing: c.bearing}
			q := New(r, func(err error) error { return err })
			if _, err := q.ListPortIns(context.Background(), c.f); err != nil {
				t.Fatalf("list: %v", err)
			}
			// The names (and accounts) holding a text are looked up in one statement.
			if want := 1 + min(len(c.f.Text), 1); len(r.args) != want {
				t.Fatalf("%d statements asking for rows, want %d", len(r.args), want)
			}
			args := r.args[len(r.args)-1] // the list's own, after the lookup of names
			if got := len(args) > 0 && args[0] == any(planEachArg{}); got != c.want {
				t.Fatalf("planned each time %v, want %v (arguments %v)", got, c.want, args)
			}
			// A page's worth of pages bear the names: one walk in ID order finds them.
			if walks := strings.Contains(r.list, "|| '' IN"); walks != (c.bearing >= fewNamedPages*50) {
				t.Fatalf("walks %v with %d requests bearing the names: %s", walks, c.bearing, r.list)
			}
		})
	}
}

// TestOneWayIsThePage: a search that finds one name, or one account, and nothing else,
// where the engine reads it with no hint, is that name's index read in ID order as the
// list's page; two ways are a page of each, merged.
func TestOneWayIsThePage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name        string
		names       int // each lookup finds
		fields      int // of the fields, in order: customer, provider, account
		want, merge string
	}{
		{"a customer's name", 1, 1, "LOWER(p.customer_name) = $", ""},
		{"a customer's name and a losing provider", 1, 2, "LOWER(p.losing_provider) = $", "ORDER BY id DESC"},
		{"two customers' names", 2, 1, "LOWER(p.customer_name) = $", "ORDER BY id DESC"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := &recorder{names: c.names, fields: c.fields}
			q := New(r, func(err error) error { return err })
			if _, err := q.ListPortIns(context.Background(), domain.PortInFilter{Text: "acme", Statuses: []domain.Status{domain.StatusSubmitted}}); err != nil {
				t.Fatalf("list: %v", err)
			}
			if !strings.Contains(r.list, c.want) {
				t.Fatalf("no %q in %s", c.want, r.list)
			}
			if merged := strings.Contains(r.list, "SELECT id FROM ("); merged != (c.merge != "") || !strings.Contains(r.list, c.merge) {
				t.Fatalf("a page of IDs merged %v, want %v: %s", merged, c.merge != "", r.list)
			}
		})
	}
}
