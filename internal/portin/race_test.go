package portin_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// Two requests race for one number, on a create or an upload, in one account or two: one
// wins, and the loser reads what it would have read coming second, number_in_open_port on
// the row, never a bare conflict.
func TestSecurityRaceLoserReadsTheRow(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		a := env.NewCustomer(t, "Racer A", 0, domain.CountryGB)
		b := env.NewCustomer(t, "Racer B", 0, domain.CountryGB)
		// both runs fn twice at once, once per actor, and returns their errors.
		both := func(actors [2]domain.Actor, fn func(i int, who domain.Actor) error) [2]error {
			var errs [2]error
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i, who := range actors {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = fn(i, who)
				}()
			}
			close(start)
			wg.Wait()
			return errs
		}
		pairs := map[string][2]domain.Actor{"one account": {a.Actor, a.Actor}, "two accounts": {a.Actor, b.Actor}}
		const rounds = 6
		n := 0
		for name, pair := range pairs {
			for round := range rounds {
				n++
				number := fmt.Sprintf("0113496%04d", 900+n)
				t.Run(fmt.Sprintf("create, %s, %d", name, round), func(t *testing.T) {
					errs := both(pair, func(_ int, who domain.Actor) error {
						_, err := env.PortIns.Create(ctx, who, portin.Changes{Numbers: []portin.NumberInput{{Number: number}}})
						return err
					})
					won, lost := errs[0] == nil, errs[1]
					if !won {
						lost = errs[0]
						if errs[1] != nil {
							t.Fatalf("nobody won: %v / %v", errs[0], errs[1])
						}
					} else if errs[1] == nil {
						t.Fatal("both won")
					}
					var de *domain.Error
					if !errors.As(lost, &de) || de.Code != domain.ErrInvalid || len(de.Fields) != 1 ||
						de.Fields[0].Field != "numbers[0].number" || de.Fields[0].Code != domain.RowNumberInOpenPort {
						t.Fatalf("the loser read %v", lost)
					}
				})

				n++
				number = fmt.Sprintf("0113496%04d", 900+n)
				t.Run(fmt.Sprintf("upload, %s, %d", name, round), func(t *testing.T) {
					var drafts [2]domain.PortIn
					for i, who := range pair {
						p, err := env.PortIns.Create(ctx, who, portin.Changes{})
						if err != nil {
							t.Fatal(err)
						}
						drafts[i] = p
					}
					var res [2]portin.NumbersResult
					errs := both(pair, func(i int, who domain.Actor) error {
						var err error
						res[i], err = env.PortIns.AddNumbers(ctx, who, drafts[i].ID, drafts[i].Version,
							portin.RowList(portin.Rows([]portin.NumberInput{{Number: number}, {Number: fmt.Sprintf("0113496%04d", 500+2*n+i)}})), false)
						return err
					})
					if errs[0] != nil || errs[1] != nil {
						t.Fatalf("an upload failed: %v / %v", errs[0], errs[1])
					}
					winners := 0
					for i, r := range res {
						if len(r.Rows) != 2 || r.Rows[1].Code != domain.RowOK {
							t.Fatalf("upload %d: %+v", i, r)
						}
						switch row := r.Rows[0]; {
						case row.Code == domain.RowOK && r.Added == 2:
							winners++
						case row.Code == domain.RowNumberInOpenPort && row.Error && row.Field == "number" && r.Added == 1 && r.Rejected == 1:
						default:
							t.Fatalf("upload %d: %+v", i, r)
						}
					}
					if winners != 1 {
						t.Fatalf("%d winners: %+v", winners, res)
					}
				})
			}
		}
	})
}
