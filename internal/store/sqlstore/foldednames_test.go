package sqlstore

import (
	"context"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// foldingPlanner is a oncePlanner of an engine that keeps the accounts' names folded.
type foldingPlanner struct{ oncePlanner }

func (*foldingPlanner) AccountNamesFolded() {}

// escapingPlanner is a oncePlanner of an engine whose LIKE escapes with a backslash unasked.
type escapingPlanner struct{ oncePlanner }

func (*escapingPlanner) LikeEscapes() {}

// TestAccountNamesFoldedRead: a search looks the accounts up by their folded names' column
// where the engine keeps one (AccountNamesFolded), and by lower(name) elsewhere; and tells
// LIKE its escape only where the engine does not take a backslash as one (LikeEscapes).
func TestAccountNamesFoldedRead(t *testing.T) {
	t.Parallel()
	folding, plain, escaping := &foldingPlanner{}, &oncePlanner{}, &escapingPlanner{}
	for _, c := range []struct {
		name     string
		q        Querier
		rec      *oncePlanner
		want, no string
	}{
		{"folded", folding, &folding.oncePlanner, "FROM accounts WHERE name_folded LIKE", "lower(name)"},
		{"folded as read", plain, plain, "FROM accounts WHERE lower(name) LIKE", "name_folded"},
		{"escape told", plain, plain, `LIKE CAST($1 AS TEXT) ESCAPE '\' LIMIT`, "LIKE CAST($1 AS TEXT) LIMIT"},
		{"escape unasked", escaping, &escaping.oncePlanner, "LIKE CAST($1 AS TEXT) LIMIT", "ESCAPE"},
	} {
		if _, err := New(c.q, func(err error) error { return err }).ListPortIns(context.Background(), domain.PortInFilter{Text: "Élan", Limit: 50}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		all := strings.Join(c.rec.sqls, "\n")
		if !strings.Contains(all, c.want) || strings.Contains(all, c.no) {
			t.Errorf("%s: want %q and no %q in:\n%s", c.name, c.want, c.no, all)
		}
	}
}
