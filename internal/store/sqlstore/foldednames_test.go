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

// TestAccountNamesFoldedRead: a search looks the accounts up by their folded names' column
// where the engine keeps one (AccountNamesFolded), and by lower(name) elsewhere.
func TestAccountNamesFoldedRead(t *testing.T) {
	t.Parallel()
	folding, plain := &foldingPlanner{}, &oncePlanner{}
	for _, c := range []struct {
		name     string
		q        Querier
		rec      *oncePlanner
		want, no string
	}{
		{"folded", folding, &folding.oncePlanner, "FROM accounts WHERE name_folded LIKE", "lower(name)"},
		{"folded as read", plain, plain, "FROM accounts WHERE lower(name) LIKE", "name_folded"},
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
