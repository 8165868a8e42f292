package sqlstore

import (
	"context"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// lookups is a Querier recording each statement; its reads find nothing.
type lookups struct{ sqls []string }

func (l *lookups) Exec(context.Context, string, ...any) (int64, error) { return 0, errNotRun }
func (l *lookups) Query(_ context.Context, sql string, _ ...any) (Rows, error) {
	l.sqls = append(l.sqls, sql)
	return noRows{}, nil
}
func (l *lookups) QueryRow(context.Context, string, ...any) Row { return nil }
func (l *lookups) recorded() []string                           { return l.sqls }

// foldingLookups is one of an engine that keeps the accounts' names folded.
type foldingLookups struct{ lookups }

func (*foldingLookups) AccountNamesFolded() {}

// TestAccountNamesFoldedRead: a search looks the accounts up by their folded names' column
// where the engine keeps one (AccountNamesFolded), and by lower(name) elsewhere.
func TestAccountNamesFoldedRead(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		q        interface{ recorded() []string }
		want, no string
	}{
		{"folded", &foldingLookups{}, "FROM accounts WHERE name_folded LIKE", "lower(name)"},
		{"folded as read", &lookups{}, "FROM accounts WHERE lower(name) LIKE", "name_folded"},
	} {
		if _, err := New(c.q.(Querier), func(err error) error { return err }).ListPortIns(context.Background(), domain.PortInFilter{Text: "Élan", Limit: 50}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		all := strings.Join(c.q.recorded(), "\n")
		if !strings.Contains(all, c.want) || strings.Contains(all, c.no) {
			t.Errorf("%s: want %q and no %q in:\n%s", c.name, c.want, c.no, all)
		}
	}
}
