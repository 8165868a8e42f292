package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// counter is a ChosenReads Querier whose every count finds n requests and every lookup of
// names (or accounts) holding a text finds names of them; it records the counts asked for
// and the lists' statements, and its lists find nothing.
type counter struct {
	n       int
	names   int
	counts  int
	lookups int
	lists   []string
}

type countRow struct{ n int }

func (r countRow) Scan(dest ...any) error { *dest[0].(*int) = r.n; return nil }

func (c *counter) Exec(context.Context, string, ...any) (int64, error) { return 0, errNotRun }
func (c *counter) Query(_ context.Context, sql string, _ ...any) (Rows, error) {
	if !strings.HasPrefix(sql, "SELECT p.") {
		c.lookups++
		return &keyRows{n: c.names}, nil
	}
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

// TestNameChoiceKept: a search by a text that many names hold counts the requests bearing
// them to choose how to read each field, once for the text and page size (the last of each
// field kept), again after namesRecount searches, and reads as it chose.
func TestNameChoiceKept(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		n    int
		per  int    // counts a search: every field when few bear their names, else the first (the rest join its walk)
		read string // in the list's statement
	}{
		{"few bear them", 3, 3, " INDEXED BY port_ins_customer_name_lower"},
		{"many bear them", 10_000, 1, "LOWER(p.customer_name) || '' IN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := &counter{n: c.n, names: maxNameArms + 1}
			q := New(r, func(err error) error { return err })
			search := func(text string, limit, counts int) {
				t.Helper()
				if _, err := q.ListPortIns(context.Background(), domain.PortInFilter{Text: text, Limit: limit}); err != nil {
					t.Fatalf("search: %v", err)
				}
				if r.counts != counts*c.per {
					t.Fatalf("%q, page of %d: %d counts, want %d", text, limit, r.counts, counts*c.per)
				}
				if sql := r.lists[len(r.lists)-1]; !strings.Contains(sql, c.read) {
					t.Fatalf("%q: read not by %q: %s", text, c.read, sql)
				}
			}
			search("motors", 50, 1)
			search("motors", 50, 1)
			search("motors", 20, 2)
			search("garage", 20, 3)
			search("motors", 20, 4)
			for range namesRecount - 1 {
				search("motors", 20, 4)
			}
			search("motors", 20, 5)
		})
	}
}

// TestCommonTextWalksAtOnce: where the walk reads each request's row (WalksRows), a text
// whose names many requests bear is, once counted, walked on its next searches with no
// lookup of the names first, every field tested on the one walk; a text few bear is looked
// up on every search, as its names may have changed, and so is every text where the walk
// reads an index alone (SQLite).
func TestCommonTextWalksAtOnce(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		n        int
		rowsRead bool
		lookups  int
	}{
		{"few bear them", 3, true, 3},
		{"many bear them", 10_000, true, 1},
		{"many bear them, the walk an index's", 10_000, false, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := &counter{n: c.n, names: maxNameArms + 1}
			var qr Querier = r
			if c.rowsRead {
				qr = rowWalker{r}
			}
			q := New(qr, func(err error) error { return err })
			for range 3 {
				if _, err := q.ListPortIns(context.Background(), domain.PortInFilter{Text: "motors", Limit: 50}); err != nil {
					t.Fatal(err)
				}
			}
			if r.lookups != c.lookups {
				t.Errorf("3 searches looked the names up %d times, want %d", r.lookups, c.lookups)
			}
			if c.n < 10_000 {
				return
			}
			for _, sql := range r.lists {
				for _, f := range nameFields {
					if !strings.Contains(sql, f.walked+" IN") {
						t.Errorf("%s not tested on the walk: %s", f.walked, sql)
					}
				}
			}
		})
	}
}

// rowWalker is a counter whose engine reads each request's row on a walk (WalksRows).
type rowWalker struct{ *counter }

func (rowWalker) WalksRows() {}

// TestWalkIsThePage: a common text's walk is a page of IDs, read again by ID, where the
// engine's walk reads an index alone, and the page itself where it reads each row.
func TestWalkIsThePage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		q     func(*counter) Querier
		paged bool
	}{
		{"index alone", func(c *counter) Querier { return c }, true},
		{"each row read", func(c *counter) Querier { return rowWalker{c} }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := &counter{n: 10_000, names: maxNameArms + 1}
			q := New(c.q(r), func(err error) error { return err })
			if _, err := q.ListPortIns(context.Background(), domain.PortInFilter{Text: "motors", Limit: 50}); err != nil {
				t.Fatal(err)
			}
			sql := r.lists[len(r.lists)-1]
			if paged := strings.Contains(sql, "p.id IN (SELECT id FROM (SELECT p.id FROM port_ins p"); paged != c.paged {
				t.Errorf("walk a page of IDs %v, want %v: %s", paged, c.paged, sql)
			}
		})
	}
}

// TestChoiceCountedAgainOnce: when a choice is due to be counted again, the caller told so
// counts, and the others keep the choice meanwhile rather than all count at once.
func TestChoiceCountedAgainOnce(t *testing.T) {
	t.Parallel()
	c := choices[string, int]{recount: 2}
	c.set("customer", 1, true)
	if many, ok := c.get("customer", 1); !ok || !many {
		t.Fatalf("kept choice not served: %v, %v", many, ok)
	}
	if _, ok := c.get("customer", 1); ok {
		t.Fatal("not counted again after its uses")
	}
	if many, ok := c.get("customer", 1); !ok || !many {
		t.Fatalf("a second caller counts again meanwhile: %v, %v", many, ok)
	}
	if _, ok := c.get("customer", 2); ok {
		t.Fatal("a choice served for another text")
	}
}
