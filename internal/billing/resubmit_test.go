package billing_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// A request sent back for a fix is resubmitted on the quote its customer accepted, though
// the operator changed the prices since: nothing it charges changed, so neither does its
// quote nor, at completion, its charge. That holds for an order split from a request too.
// A request whose numbers changed is priced anew and must be accepted again.
func TestResubmissionKeepsTheAcceptedQuote(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		type fix func(t *testing.T, c desktest.Customer, p domain.PortIn)
		newPIN := func(t *testing.T, c desktest.Customer, p domain.PortIn) {
			pin := "9876"
			if _, err := env.PortIns.Update(ctx, c.Actor, p.ID, p.Version, portin.Changes{PIN: &pin}); err != nil {
				t.Fatal(err)
			}
		}
		addNumber := func(n string) fix {
			return func(t *testing.T, c desktest.Customer, p domain.PortIn) {
				if _, err := env.PortIns.AddNumbers(ctx, c.Actor, p.ID, p.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: n}})), false); err != nil {
					t.Fatal(err)
				}
				env.Paperwork(t, c.Actor, p.ID) // the letter names the new number: signed again
			}
		}
		for _, tc := range []struct {
			name    string
			numbers []string
			order   string // submitted as orders: the one with this number is sent back
			fix     fix
			// accepted: the quote accepted at GBP 2.50 a number still stands after the price
			// went to GBP 99.00; else resubmitting asks for the new quote to be accepted.
			accepted bool
			want     []domain.Money // what completing the resubmitted request charges
		}{
			{"the PIN fixed", []string{"0113 496 0301", "0113 496 0302"}, "", newPIN, true, []domain.Money{{Amount: 500, Currency: "GBP"}}},
			{"an order of a split request, the PIN fixed", []string{"0113 496 0311", "020 7946 0311"}, "+441134960311", newPIN, true, []domain.Money{{Amount: 250, Currency: "GBP"}}},
			{"a number added", []string{"0113 496 0321"}, "", addNumber("0113 496 0322"), false, []domain.Money{{Amount: 2 * 9900, Currency: "GBP"}}},
		} {
			t.Run(tc.name, func(t *testing.T) { // one price table: one case at a time
				c := env.NewCustomer(t, "Resubmits "+tc.name, 0, domain.CountryGB)
				feePrices(t, env, admin, 250)
				p := quotedAndSubmitted(t, env, c, tc.numbers...)
				if tc.order != "" {
					rp, err := env.PortIns.Plan(ctx, c.Actor, p.ID)
					if err != nil || len(rp.Children) != 2 {
						t.Fatalf("orders %+v %v", rp.Children, err)
					}
					for _, ch := range rp.Children {
						if ch.FirstNumber == tc.order {
							p = ch.PortIn
						}
					}
				}
				p, err := env.Team.RequestFix(ctx, admin, p.ID, p.Version, []domain.Rejection{{Code: domain.RejectPIN}}, "")
				if err != nil {
					t.Fatal(err)
				}
				feePrices(t, env, admin, 9900) // the operator's prices change while it is back
				tc.fix(t, c, p)
				v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				asked := slices.ContainsFunc(v.Missing, func(f domain.FieldError) bool { return f.Field == "quote_acceptance" })
				if asked == tc.accepted {
					t.Fatalf("quote acceptance asked for: %v, missing %+v", asked, v.Missing)
				}
				if tc.accepted && !slices.Equal(v.Plan.Plan.Quote.Totals, tc.want) {
					t.Fatalf("the quote shown is %v, not the one accepted (%v)", v.Plan.Plan.Quote.Totals, tc.want)
				}
				if tc.accepted { // accepting it again changes nothing: an order's share stays a share
					again, err := env.PortIns.AcceptQuote(ctx, c.Actor, v.ID, v.Version, v.Plan.Plan.Quote.Hash)
					if err != nil || again.Version != v.Version || again.QuoteAcceptance.Order != v.QuoteAcceptance.Order ||
						!again.QuoteAcceptance.AcceptedAt.Equal(v.QuoteAcceptance.AcceptedAt) {
						t.Fatalf("accepted again: %+v %v", again.QuoteAcceptance, err)
					}
				}
				p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version)
				var de *domain.Error
				if refused := errors.As(err, &de) && slices.Contains(fieldsOf(err), "quote_acceptance"); refused == tc.accepted {
					t.Fatalf("resubmitting: %v %v", err, fieldsOf(err))
				}
				if !tc.accepted {
					if p, err = env.PortIns.AcceptQuote(ctx, c.Actor, v.ID, v.Version, v.Plan.Plan.Quote.Hash); err != nil {
						t.Fatal(err)
					}
					if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, p.Version); err != nil {
						t.Fatalf("resubmitting the new quote: %v %v", err, fieldsOf(err))
					}
				} else if err != nil {
					t.Fatal(err, fieldsOf(err))
				}
				p = scheduled(t, env, admin, p)
				if _, err := env.PortIns.Transition(ctx, admin, p.ID, p.Version, domain.StatusCompleted, ""); err != nil {
					t.Fatal(err)
				}
				var got []domain.Money
				for _, e := range ledgerOf(t, env, c.Account.ID) {
					got = append(got, e.Amount)
				}
				if !slices.Equal(got, tc.want) {
					t.Fatalf("charged %v, want %v", got, tc.want)
				}
			})
		}
	})
}

// HeldQuote: an acceptance stands while what it priced is unchanged (its lines, not today's
// prices), or while today's quote is the one accepted; DropStaleAcceptance forgets at
// submission only what no longer stands.
func TestHeldQuote(t *testing.T) {
	t.Parallel()
	gbp := func(n int64) domain.Money { return domain.Money{Amount: n, Currency: "GBP"} }
	fee := func(order string, n int64) domain.QuoteLine {
		return domain.QuoteLine{Kind: "carrier_fee", Quantity: 1, Unit: gbp(n), Total: gbp(n), Order: order}
	}
	admin := domain.QuoteLine{Kind: "admin_charge", Quantity: 1, Unit: gbp(2500), Total: gbp(2500)}
	accepted := []domain.QuoteLine{fee("a", 250), fee("b", 1000), admin}
	today := domain.Quote{Lines: []domain.QuoteLine{fee("a", 9900)}, Totals: []domain.Money{gbp(9900)}, Hash: "new", Priced: "p"}
	free := domain.Quote{Lines: []domain.QuoteLine{}, Totals: []domain.Money{}, Hash: "free", Priced: "other"}
	own := &domain.QuoteAcceptance{Hash: "old", Lines: accepted, Priced: "p"}
	share := &domain.QuoteAcceptance{Hash: "old", Lines: accepted, Order: "a", Priced: "p"}
	for _, tc := range []struct {
		name     string
		acc      *domain.QuoteAcceptance
		q        domain.Quote
		accepted bool
		totals   []domain.Money // of the quote held to
		kept     bool           // the acceptance survives submission
	}{
		{"none, charges owed", nil, today, false, []domain.Money{gbp(9900)}, false},
		{"none, free", nil, free, true, []domain.Money{}, false},
		{"priced alike, prices changed", own, today, true, []domain.Money{gbp(3750)}, true},
		{"an order's share priced alike: its own lines and those of no order", share, today, true, []domain.Money{gbp(2750)}, true},
		{"numbers changed", &domain.QuoteAcceptance{Hash: "old", Lines: accepted, Priced: "q"}, today, false, []domain.Money{gbp(9900)}, false},
		{"numbers changed, the same quote", &domain.QuoteAcceptance{Hash: "new", Lines: today.Lines, Priced: "q"}, today, true, []domain.Money{gbp(9900)}, true},
		{"numbers changed, now free", &domain.QuoteAcceptance{Hash: "old", Lines: accepted, Order: "a", Priced: "q"}, free, true, []domain.Money{}, false},
		{"accepted before it named what it priced", &domain.QuoteAcceptance{Hash: "old", Lines: accepted}, today, false, []domain.Money{gbp(9900)}, false},
		{"a share from before, now free", &domain.QuoteAcceptance{Hash: "old", Lines: accepted, Order: "a"}, free, true, []domain.Money{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			held, ok := billing.HeldQuote(tc.acc, tc.q)
			if ok != tc.accepted || !slices.Equal(held.Totals, tc.totals) {
				t.Fatalf("held %v accepted=%v, want %v accepted=%v", held.Totals, ok, tc.totals, tc.accepted)
			}
			p := domain.PortIn{QuoteAcceptance: tc.acc}
			billing.DropStaleAcceptance(&p, held)
			if kept := p.QuoteAcceptance != nil; kept != tc.kept {
				t.Fatalf("acceptance kept: %v, want %v", kept, tc.kept)
			}
		})
	}
}
