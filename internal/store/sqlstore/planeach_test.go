package sqlstore

import (
	"context"
	"errors"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// recorder is a Querier planning each statement on request (as PostgreSQL's does) that
// records what a list asked for and finds nothing.
type recorder struct{ args [][]any }

type noRows struct{}

func (noRows) Next() bool        { return false }
func (noRows) Scan(...any) error { return errNotRun }
func (noRows) Err() error        { return nil }
func (noRows) Close()            {}

type planEachArg struct{}

var errNotRun = errors.New("not run")

func (r *recorder) Exec(context.Context, string, ...any) (int64, error) { return 0, errNotRun }
func (r *recorder) Query(_ context.Context, _ string, args ...any) (Rows, error) {
	r.args = append(r.args, args)
	return noRows{}, nil
}
func (r *recorder) QueryRow(context.Context, string, ...any) Row { return nil }
func (r *recorder) PlanEach() any                                { return planEachArg{} }
func (r *recorder) NamesPlanned()                                {}

// TestSearchesArePlannedEach: a list searched by text asks to be planned for its text each
// time (PlanEach, first of its arguments); a list without one is left to the plan kept.
func TestSearchesArePlannedEach(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		f    domain.PortInFilter
		want bool
	}{
		{"a word in the queue", domain.PortInFilter{Text: "motors", Statuses: []domain.Status{domain.StatusSubmitted}}, true},
		{"a customer's name", domain.PortInFilter{Text: "acme widgets", AccountIDs: []int64{1}}, true},
		{"the queue", domain.PortInFilter{Statuses: []domain.Status{domain.StatusSubmitted}}, false},
		{"a number", domain.PortInFilter{Number: "+441134960000"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := &recorder{}
			q := New(r, func(err error) error { return err })
			if _, err := q.ListPortIns(context.Background(), c.f); err != nil {
				t.Fatalf("list: %v", err)
			}
			args := r.args[len(r.args)-1] // the list's own, after any lookups of names
			if got := len(args) > 0 && args[0] == any(planEachArg{}); got != c.want {
				t.Fatalf("planned each time %v, want %v (arguments %v)", got, c.want, args)
			}
		})
	}
}
