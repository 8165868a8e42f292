package billing_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// feePrices charges GBP 2.50 per geographic number and GBP 10.00 per freephone number, with
// the default admin charge (GBP 25.00 an order for several carriers or over 50 numbers).
func feePrices(t *testing.T, env *desktest.Env, admin domain.Actor, geographic int64) {
	t.Helper()
	pt, err := env.Billing.PriceTable(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	pt.CarrierFees = []domain.CarrierFee{
		{Country: "GB", Category: "geographic", Fee: domain.Money{Amount: geographic, Currency: "GBP"}},
		{Country: "GB", Category: "freephone", Fee: domain.Money{Amount: 1000, Currency: "GBP"}},
	}
	if _, err := env.Billing.SetPriceTable(ctx, admin, pt); err != nil {
		t.Fatal(err)
	}
}

// quotedAndSubmitted makes a complete request of numbers, accepts its quote as shown, signs
// it and submits it: what a customer does when a port carries charges.
func quotedAndSubmitted(t *testing.T, env *desktest.Env, c desktest.Customer, numbers ...string) domain.PortIn {
	t.Helper()
	in := desktest.Complete()
	for _, n := range numbers {
		in.Numbers = append(in.Numbers, portin.NumberInput{Number: n})
	}
	p, err := env.PortIns.Create(ctx, c.Actor, in)
	if err != nil {
		t.Fatal(err)
	}
	rp, err := env.PortIns.Plan(ctx, c.Actor, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !rp.Plan.Quote.Zero() {
		if p, err = env.PortIns.AcceptQuote(ctx, c.Actor, p.ID, p.Version, rp.Plan.Quote.Hash); err != nil {
			t.Fatal(err)
		}
	}
	env.Paperwork(t, c.Actor, p.ID)
	v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
		t.Fatalf("submit: %v %v", err, fieldsOf(err))
	}
	return p
}

func ledgerOf(t *testing.T, env *desktest.Env, accountIDs ...int64) []domain.LedgerEntry {
	t.Helper()
	es, err := env.Store.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: accountIDs})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// scheduled moves a submitted request to scheduled at a FOC two business days on.
func scheduled(t *testing.T, env *desktest.Env, staff domain.Actor, p domain.PortIn) domain.PortIn {
	t.Helper()
	p, err := env.PortIns.Transition(ctx, staff, p.ID, p.Version, domain.StatusInProgress, "")
	if err != nil {
		t.Fatal(err)
	}
	if p, err = env.Team.Schedule(ctx, staff, p.ID, p.Version, env.FOC("GB", 2), true); err != nil {
		t.Fatal(err)
	}
	return p
}

// A completed port-in is charged its accepted quote: the lines as accepted, whichever way
// it completes and however often the completion runs, even after the price table changed;
// a request cancelled or rejected is never charged, and a free one makes no entries.
func TestPortInChargesItsAcceptedQuoteOnce(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		for _, tc := range []struct {
			name    string
			fee     int64 // per geographic number when the quote is accepted
			numbers []string
			// finish takes the submitted request to its end; it may run the completion twice.
			finish func(t *testing.T, p domain.PortIn)
			want   []domain.Money // the entries, in order
		}{
			{"the FOC job, run twice", 250, []string{"0113 496 0101", "0113 496 0102"}, func(t *testing.T, p domain.PortIn) {
				p = scheduled(t, env, admin, p)
				env.Clock.Set(p.FOC.Add(time.Minute))
				for range 2 {
					if err := env.PortIns.CompleteAtFOC(ctx, domain.CompleteAtFOCArgs{PortInID: p.ID, FOC: *p.FOC}); err != nil {
						t.Fatal(err)
					}
				}
			}, []domain.Money{{Amount: 500, Currency: "GBP"}}},
			{"the team completes", 250, []string{"0113 496 0111"}, func(t *testing.T, p domain.PortIn) {
				p = scheduled(t, env, admin, p)
				if _, err := env.PortIns.Transition(ctx, admin, p.ID, p.Version, domain.StatusCompleted, ""); err != nil {
					t.Fatal(err)
				}
				if _, err := env.PortIns.Transition(ctx, admin, p.ID, p.Version+1, domain.StatusCompleted, ""); err == nil {
					t.Fatal("completed twice")
				}
			}, []domain.Money{{Amount: 250, Currency: "GBP"}}},
			{"the last numbers complete", 250, []string{"0113 496 0121", "0113 496 0122", "0113 496 0123"}, func(t *testing.T, p domain.PortIn) {
				p, err := env.PortIns.Transition(ctx, admin, p.ID, p.Version, domain.StatusInProgress, "")
				if err != nil {
					t.Fatal(err)
				}
				if p, err = env.PortIns.CompleteNumbers(ctx, admin, p.ID, p.Version, []string{"0113 496 0121"}); err != nil {
					t.Fatal(err)
				}
				if n := len(ledgerOf(t, env, p.AccountID)); n != 0 {
					t.Fatalf("charged %d entries before the port completed", n)
				}
				if p, err = env.Team.Schedule(ctx, admin, p.ID, p.Version, env.FOC("GB", 3), true); err != nil {
					t.Fatal(err)
				}
				if _, err = env.PortIns.CompleteNumbers(ctx, admin, p.ID, p.Version, []string{"0113 496 0122", "0113 496 0123"}); err != nil {
					t.Fatal(err)
				}
			}, []domain.Money{{Amount: 750, Currency: "GBP"}}},
			{"cancelled", 250, []string{"0113 496 0131"}, func(t *testing.T, p domain.PortIn) {
				p = scheduled(t, env, admin, p)
				if _, err := env.PortIns.Cancel(ctx, admin, p.ID, p.Version, "The customer stays with BT."); err != nil {
					t.Fatal(err)
				}
			}, nil},
			{"rejected", 250, []string{"0113 496 0141"}, func(t *testing.T, p domain.PortIn) {
				if _, err := env.PortIns.Transition(ctx, admin, p.ID, p.Version, domain.StatusRejected, "Not our customer's line."); err != nil {
					t.Fatal(err)
				}
			}, nil},
			{"a free port", 0, []string{"0113 496 0151"}, func(t *testing.T, p domain.PortIn) {
				p = scheduled(t, env, admin, p)
				if _, err := env.PortIns.Transition(ctx, admin, p.ID, p.Version, domain.StatusCompleted, ""); err != nil {
					t.Fatal(err)
				}
			}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := env.NewCustomer(t, "Fees "+tc.name, 0, domain.CountryGB)
				feePrices(t, env, admin, tc.fee)
				p := quotedAndSubmitted(t, env, c, tc.numbers...)
				if tc.fee > 0 && (p.QuoteAcceptance == nil || len(p.QuoteAcceptance.Lines) != 1 || p.QuoteAcceptance.RequestID != p.ID) {
					t.Fatalf("the acceptance keeps no snapshot of the lines: %+v", p.QuoteAcceptance)
				}
				// The operator's prices change after the customer accepted: nothing charged moves.
				feePrices(t, env, admin, 9900)
				tc.finish(t, p)
				es := ledgerOf(t, env, c.Account.ID)
				var got []domain.Money
				for _, e := range es {
					got = append(got, e.Amount)
					if e.Kind != domain.LedgerCarrierFee || e.PortInID != p.ID || e.ChargeKey == "" ||
						!strings.Contains(e.Description, "Carrier fee, GB geographic numbers from BT") {
						t.Errorf("entry %+v", e)
					}
				}
				if !slices.Equal(got, tc.want) {
					t.Fatalf("charged %v, want %v", got, tc.want)
				}
				if len(tc.numbers) > 1 && len(es) == 1 && !strings.Contains(es[0].Description, fmt.Sprintf(": %d at GBP 2.50 each", len(tc.numbers))) {
					t.Errorf("the description does not say the count and unit price: %q", es[0].Description)
				}
			})
		}
	})
}

// A request split into orders carries its acceptance to each order, and each order is
// charged its own lines when it completes: a cancelled order is not, and no line is
// charged twice or on the request that was split. The admin charge is the losing carrier's,
// of no order: the first order to complete charges it, once.
func TestSplitRequestChargesEachOrderItsLines(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
		feePrices(t, env, admin, 250)
		pt, err := env.Billing.PriceTable(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		pt.FreeNumbers = 2 // three numbers from BT: more than one carrier's free number
		if _, err := env.Billing.SetPriceTable(ctx, admin, pt); err != nil {
			t.Fatal(err)
		}
		c := env.NewCustomer(t, "Split Fees", 0, domain.CountryGB)
		parent := quotedAndSubmitted(t, env, c, "0113 496 0001", "020 7946 0001", "0800 123 4567")
		if parent.Status != domain.StatusSplit {
			t.Fatalf("status %s", parent.Status)
		}
		rp, err := env.PortIns.Plan(ctx, c.Actor, parent.ID)
		if err != nil || len(rp.Children) != 3 {
			t.Fatalf("children %+v %v", rp.Children, err)
		}
		feePrices(t, env, admin, 9900) // after acceptance: changes nothing charged
		orders := map[string]domain.PortIn{}
		for _, ch := range rp.Children {
			v, err := env.PortIns.Get(ctx, c.Actor, ch.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.QuoteAcceptance == nil || v.QuoteAcceptance.RequestID != parent.ID || v.QuoteAcceptance.Order == "" {
				t.Fatalf("order %d carries no share of the acceptance: %+v", ch.ID, v.QuoteAcceptance)
			}
			orders[v.Numbers[0].Number] = v.PortIn
		}
		bt, vm, free := orders["+441134960001"], orders["+442079460001"], orders["+448001234567"]
		for _, tc := range []struct {
			name  string
			order domain.PortIn
			end   domain.Status
			want  []domain.Money // this order's entries
		}{
			{"BT geographic completes", bt, domain.StatusCompleted, []domain.Money{{Amount: 250, Currency: "GBP"}, {Amount: 2500, Currency: "GBP"}}},
			{"Virgin Media is cancelled", vm, domain.StatusCancelled, nil},
			{"BT freephone completes", free, domain.StatusCompleted, []domain.Money{{Amount: 1000, Currency: "GBP"}}},
		} {
			p := tc.order
			if tc.end == domain.StatusCompleted {
				p = scheduled(t, env, admin, p)
				if p, err = env.PortIns.Transition(ctx, admin, p.ID, p.Version, domain.StatusCompleted, ""); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
			} else if _, err = env.PortIns.Cancel(ctx, c.Actor, p.ID, p.Version, "Staying with Virgin Media."); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var got []domain.Money
			for _, e := range ledgerOf(t, env, c.Account.ID) {
				if e.PortInID == p.ID {
					got = append(got, e.Amount)
					if !strings.Contains(e.Description, "quoted on request #") {
						t.Errorf("%s: the description does not name the quoted request: %q", tc.name, e.Description)
					}
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: charged %v, want %v", tc.name, got, tc.want)
			}
		}
		all := ledgerOf(t, env, c.Account.ID)
		keys := map[string]bool{}
		for _, e := range all {
			if keys[e.ChargeKey] || e.PortInID == parent.ID {
				t.Fatalf("a line charged twice, or on the split request: %+v", e)
			}
			keys[e.ChargeKey] = true
		}
		if len(all) != 3 {
			t.Fatalf("%d entries, want 3", len(all))
		}
	})
}

// The team adjusts any account's ledger and reverses any entry once, each with a reason and
// an audit entry; customers may do neither, and see nothing of other accounts.
func TestLedgerAdjustmentsAndReversals(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		agent, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		c := env.NewCustomer(t, "Adjusted", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Elsewhere", 0, domain.CountryGB)

		for _, tc := range []struct {
			name  string
			who   domain.Actor
			acct  int64
			in    billing.Adjustment
			code  domain.ErrorCode
			field string
		}{
			{"a customer on its own account", c.Actor, c.Account.ID, billing.Adjustment{Amount: -500, Currency: "GBP", Reason: "goodwill"}, domain.ErrForbidden, ""},
			{"a customer on another account", c.Actor, other.Account.ID, billing.Adjustment{Amount: -500, Currency: "GBP", Reason: "goodwill"}, domain.ErrNotFound, ""},
			{"no account", agent, 999999, billing.Adjustment{Amount: 500, Currency: "GBP", Reason: "x"}, domain.ErrNotFound, ""},
			{"zero", agent, c.Account.ID, billing.Adjustment{Amount: 0, Currency: "GBP", Reason: "x"}, domain.ErrInvalid, "amount"},
			{"lower-case currency", agent, c.Account.ID, billing.Adjustment{Amount: 5, Currency: "gbp", Reason: "x"}, domain.ErrInvalid, "currency"},
			{"no such currency", agent, c.Account.ID, billing.Adjustment{Amount: 5, Currency: "XYZ", Reason: "x"}, domain.ErrInvalid, "currency"},
			{"a withdrawn currency", agent, c.Account.ID, billing.Adjustment{Amount: 5, Currency: "DEM", Reason: "x"}, domain.ErrInvalid, "currency"},
			{"a country, not a currency", agent, c.Account.ID, billing.Adjustment{Amount: 5, Currency: "GB", Reason: "x"}, domain.ErrInvalid, "currency"},
			{"no reason", agent, c.Account.ID, billing.Adjustment{Amount: 5, Currency: "GBP", Reason: "  "}, domain.ErrInvalid, "reason"},
			{"too much", agent, c.Account.ID, billing.Adjustment{Amount: 1 << 60, Currency: "GBP", Reason: "x"}, domain.ErrInvalid, "amount"},
		} {
			_, err := env.Billing.AdjustLedger(ctx, tc.who, tc.acct, tc.in)
			if !domain.IsCode(err, tc.code) || (tc.field != "" && !slices.Contains(fieldsOf(err), tc.field)) {
				t.Errorf("%s: %v %v, want %s on %q", tc.name, err, fieldsOf(err), tc.code, tc.field)
			}
		}
		if n := len(ledgerOf(t, env, c.Account.ID, other.Account.ID)); n != 0 {
			t.Fatalf("refused adjustments left %d entries", n)
		}

		credit, err := env.Billing.AdjustLedger(ctx, agent, c.Account.ID, billing.Adjustment{Amount: -1250, Currency: "GBP", Reason: " Goodwill: the port was late "})
		if err != nil {
			t.Fatal(err)
		}
		if credit.Kind != domain.LedgerAdjustment || credit.Amount != (domain.Money{Amount: -1250, Currency: "GBP"}) || credit.Description != "Goodwill: the port was late" ||
			credit.CreatedBy != agent.UserID || credit.ChargeKey != "" {
			t.Fatalf("adjustment %+v", credit)
		}
		charge, err := env.Billing.AdjustLedger(ctx, agent, c.Account.ID, billing.Adjustment{Amount: 3000, Currency: "JPY", Reason: "Carrier invoice 77"})
		if err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			name   string
			who    domain.Actor
			id     int64
			reason string
			code   domain.ErrorCode
		}{
			{"a customer", c.Actor, credit.ID, "mine", domain.ErrForbidden},
			{"another customer", other.Actor, credit.ID, "theirs", domain.ErrNotFound},
			{"no such entry", agent, 999999, "x", domain.ErrNotFound},
			{"no reason", agent, credit.ID, "", domain.ErrInvalid},
		} {
			if _, err := env.Billing.ReverseLedgerEntry(ctx, tc.who, tc.id, tc.reason); !domain.IsCode(err, tc.code) {
				t.Errorf("reversal by %s: %v, want %s", tc.name, err, tc.code)
			}
		}
		rev, err := env.Billing.ReverseLedgerEntry(ctx, agent, credit.ID, "Credited in error")
		if err != nil {
			t.Fatal(err)
		}
		if rev.Kind != domain.LedgerReversal || rev.ReversesID != credit.ID || rev.Amount != (domain.Money{Amount: 1250, Currency: "GBP"}) ||
			rev.AccountID != c.Account.ID || !strings.Contains(rev.Description, "Credited in error") {
			t.Fatalf("reversal %+v", rev)
		}
		_, err = env.Billing.ReverseLedgerEntry(ctx, agent, credit.ID, "again")
		var e *domain.Error
		if !errors.As(err, &e) || e.Code != domain.ErrConflict || !strings.Contains(e.Message, "reversed already") {
			t.Fatalf("a second reversal: %v", err)
		}
		// A reversal is not reversed in its turn (nor again and again): an adjustment is.
		for range 2 {
			_, err = env.Billing.ReverseLedgerEntry(ctx, agent, rev.ID, "Undo the undo")
			if !errors.As(err, &e) || e.Code != domain.ErrConflict || !strings.Contains(e.Message, "make an adjustment instead") {
				t.Fatalf("a reversal of a reversal: %v", err)
			}
		}
		if n := len(ledgerOf(t, env, c.Account.ID)); n != 3 {
			t.Fatalf("%d entries after refused reversals, want 3 (credit, charge, reversal)", n)
		}
		// The entry reversed is as it was: never edited; it reads with its reversal's ID.
		want := credit
		want.ReversedBy = rev.ID
		if got, _ := env.Store.LedgerEntry(ctx, credit.ID); got != want {
			t.Fatalf("the reversed entry changed: %+v", got)
		}
		log, err := env.Team.AuditLog(ctx, agent, "ledger_entry:")
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, a := range log {
			actions = append(actions, a.Subject+" "+a.Action)
		}
		for _, want := range []string{"ledger_entry:" + strconv.FormatInt(credit.ID, 10) + " adjusted", "ledger_entry:" + strconv.FormatInt(charge.ID, 10) + " adjusted", "ledger_entry:" + strconv.FormatInt(credit.ID, 10) + " reversed"} {
			if !slices.Contains(actions, want) {
				t.Errorf("audit %v lacks %q", actions, want)
			}
		}
		if len(actions) != 3 {
			t.Errorf("audit %v", actions)
		}
	})
}

// A parent account's statement holds its sub-accounts' entries, grouped by account with
// totals per currency; a sub-account's holds its own, not its sibling's; the month is the
// account's, in its time zone; only admins (and the team) see it.
func TestStatementOfAccountsAndSubAccounts(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		agent, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		parent := env.NewCustomer(t, "Holding", 0, domain.CountryUS) // America/New_York
		west := env.NewCustomer(t, "West Branch", parent.Account.ID, domain.CountryUS)
		east := env.NewCustomer(t, "East Branch", parent.Account.ID, domain.CountryUS)
		stranger := env.NewCustomer(t, "Stranger", 0, domain.CountryUS)
		member, _, err := env.Access.CreateUser(ctx, desk.System(), access.NewUser{AccountID: parent.Account.ID, Role: domain.RoleMember,
			Email: "member@holding.example", Password: "correct horse battery staple"})
		if err != nil {
			t.Fatal(err)
		}

		// 30 November 2026, 23:30 in New York is already December in UTC: still November here.
		env.Clock.Set(time.Date(2026, 12, 1, 4, 30, 0, 0, time.UTC))
		adjust := func(acct int64, amount int64, cur, reason string) {
			t.Helper()
			if _, err := env.Billing.AdjustLedger(ctx, agent, acct, billing.Adjustment{Amount: amount, Currency: cur, Reason: reason}); err != nil {
				t.Fatal(err)
			}
		}
		adjust(parent.Account.ID, 1000, "USD", "Holding fee")
		adjust(west.Account.ID, 500, "USD", "West fee")
		adjust(west.Account.ID, 700, "CAD", "West Canadian fee")
		adjust(east.Account.ID, 300, "USD", "East fee")
		adjust(stranger.Account.ID, 9900, "USD", "Stranger fee")
		env.Clock.Set(time.Date(2026, 12, 1, 5, 30, 0, 0, time.UTC)) // 00:30 on 1 December in New York
		adjust(west.Account.ID, -200, "USD", "West December credit")

		type section struct {
			name   string
			totals []domain.Money
		}
		for _, tc := range []struct {
			name     string
			who      domain.Actor
			acct     int64
			month    string
			code     domain.ErrorCode
			sections []section
			totals   []domain.Money
		}{
			{"the parent, November", parent.Actor, parent.Account.ID, "2026-11", "", []section{
				{"Holding", []domain.Money{{Amount: 1000, Currency: "USD"}}},
				{"East Branch", []domain.Money{{Amount: 300, Currency: "USD"}}},
				{"West Branch", []domain.Money{{Amount: 700, Currency: "CAD"}, {Amount: 500, Currency: "USD"}}},
			}, []domain.Money{{Amount: 700, Currency: "CAD"}, {Amount: 1800, Currency: "USD"}}},
			{"the parent, this month by default", parent.Actor, parent.Account.ID, "", "", []section{
				{"Holding", []domain.Money{}},
				{"West Branch", []domain.Money{{Amount: -200, Currency: "USD"}}},
			}, []domain.Money{{Amount: -200, Currency: "USD"}}},
			{"a sub-account sees itself", west.Actor, west.Account.ID, "2026-11", "", []section{
				{"West Branch", []domain.Money{{Amount: 700, Currency: "CAD"}, {Amount: 500, Currency: "USD"}}},
			}, []domain.Money{{Amount: 700, Currency: "CAD"}, {Amount: 500, Currency: "USD"}}},
			{"the parent's admin sees a sub-account alone", parent.Actor, east.Account.ID, "2026-11", "", []section{
				{"East Branch", []domain.Money{{Amount: 300, Currency: "USD"}}},
			}, []domain.Money{{Amount: 300, Currency: "USD"}}},
			{"staff see any account", agent, stranger.Account.ID, "2026-11", "", []section{
				{"Stranger", []domain.Money{{Amount: 9900, Currency: "USD"}}},
			}, []domain.Money{{Amount: 9900, Currency: "USD"}}},
			{"a sibling's", west.Actor, east.Account.ID, "2026-11", domain.ErrNotFound, nil, nil},
			{"the parent's, from below", west.Actor, parent.Account.ID, "2026-11", domain.ErrNotFound, nil, nil},
			{"another customer's", stranger.Actor, parent.Account.ID, "2026-11", domain.ErrNotFound, nil, nil},
			{"a member of the account", domain.ActorOf(member), parent.Account.ID, "2026-11", domain.ErrForbidden, nil, nil},
			{"a month that is not one", parent.Actor, parent.Account.ID, "2026-13", domain.ErrInvalid, nil, nil},
			{"a month in words", parent.Actor, parent.Account.ID, "November", domain.ErrInvalid, nil, nil},
		} {
			st, err := env.Billing.Statement(ctx, tc.who, tc.acct, tc.month)
			if tc.code != "" {
				if !domain.IsCode(err, tc.code) || (tc.code == domain.ErrInvalid && !slices.Contains(fieldsOf(err), "month")) {
					t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			var got []section
			for _, sec := range st.Sections {
				got = append(got, section{sec.Account.Name, sec.Totals})
				for _, e := range sec.Entries {
					if e.AccountID != sec.Account.ID || e.CreatedAt.Before(st.From) || !e.CreatedAt.Before(st.To) {
						t.Errorf("%s: entry %+v in the section of %s, month %s–%s", tc.name, e.LedgerEntry, sec.Account.Name, st.From, st.To)
					}
				}
			}
			if !slices.EqualFunc(got, tc.sections, func(a, b section) bool { return a.name == b.name && slices.Equal(a.totals, b.totals) }) {
				t.Errorf("%s: sections %+v, want %+v", tc.name, got, tc.sections)
			}
			if !slices.Equal(st.Totals, tc.totals) {
				t.Errorf("%s: totals %v, want %v", tc.name, st.Totals, tc.totals)
			}
			if st.Zone.String() != "America/New_York" {
				t.Errorf("%s: zone %s", tc.name, st.Zone)
			}
		}
	})
}

// Amounts are shown in major units by the currency's own minor unit, and typed back the same.
func TestLedgerAmounts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		m    domain.Money
		want string
	}{
		{domain.Money{Amount: 1500, Currency: "GBP"}, "GBP 15.00"},
		{domain.Money{Amount: -5, Currency: "USD"}, "USD -0.05"},
		{domain.Money{Amount: 3000, Currency: "JPY"}, "JPY 3000"},
		{domain.Money{Amount: 1234, Currency: "BHD"}, "BHD 1.234"},
		{domain.Money{Amount: 0, Currency: "CAD"}, "CAD 0.00"},
		{domain.Money{Amount: 150000, Currency: "JPY"}, "JPY 150000"},
		{domain.Money{Amount: -1500, Currency: "GBP"}, "GBP -15.00"},
		{domain.Money{Amount: -9223372036854775808, Currency: "GBP"}, "GBP -92233720368547758.08"},
	} {
		// One way of writing money everywhere: quotes and emails, prices, statements.
		if got := domain.FormatMoney(tc.m); got != tc.want {
			t.Errorf("FormatMoney(%+v): %q, want %q", tc.m, got, tc.want)
		}
	}
	for _, tc := range []struct {
		in, cur string
		want    int64
		ok      bool
	}{
		{"15", "GBP", 1500, true}, {"-15.5", "GBP", -1550, true}, {"1,250.00", "GBP", 125000, true}, {"+0.05", "USD", 5, true},
		{"3000", "JPY", 3000, true}, {"1.5", "JPY", 0, false}, {"1.234", "BHD", 1234, true}, {"1.001", "GBP", 0, false},
		{"", "GBP", 0, false}, {"ten", "GBP", 0, false}, {"1e3", "GBP", 0, false}, {"--1", "GBP", 0, false},
		// Commas only as thousands separators, in groups of three before the point.
		{"1,500.00", "GBP", 150000, true}, {"12,345,678.9", "GBP", 1234567890, true}, {" -1,000 ", "GBP", -100000, true},
		{"1,500", "JPY", 1500, true}, {"999,999,999,999", "GBP", 99999999999900, true},
		{"1,50", "GBP", 0, false}, {"1,2,3", "GBP", 0, false}, {",500", "GBP", 0, false}, {"1,", "GBP", 0, false},
		{"1,5000", "GBP", 0, false}, {"1000,000", "GBP", 0, false}, {"1,000.00,0", "GBP", 0, false}, {"1.000,50", "GBP", 0, false},
		{"1,,000", "GBP", 0, false}, {"1 000", "GBP", 0, false}, {"1,000,000,000,000", "GBP", 0, false},
		// At most one sign, before the digits.
		{"-+5", "GBP", 0, false}, {"+-5", "GBP", 0, false}, {"++5", "GBP", 0, false}, {"5-", "GBP", 0, false}, {"- 5", "GBP", 0, false},
		{"-", "GBP", 0, false}, {"+", "GBP", 0, false}, {".", "GBP", 0, false}, {"-.5", "GBP", -50, true}, {"1.2.3", "GBP", 0, false},
		{"1500.", "JPY", 0, false}, {"１２", "GBP", 0, false},
	} {
		got, err := billing.ParseMajorUnits(tc.in, tc.cur)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%q %s: %d %v, want %d ok=%v", tc.in, tc.cur, got, err, tc.want, tc.ok)
		}
		if err != nil && (!domain.IsCode(err, domain.ErrInvalid) || !slices.Contains(fieldsOf(err), "amount")) {
			t.Errorf("%q %s: %v, want a field error on the amount", tc.in, tc.cur, err)
		}
	}
	// The field error says how to write the amount in that currency.
	for cur, want := range map[string]string{"GBP": "at most two decimals, such as 1,250.00", "JPY": "no decimals, such as 1,250", "BHD": "at most three decimals, such as 1,250.000"} {
		_, err := billing.ParseMajorUnits("1,50", cur)
		var e *domain.Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Message, want) {
			t.Errorf("%s: %v, want a message with %q", cur, err, want)
		}
	}
}

// A month is the account's calendar month even where its zone skips midnight on the 1st:
// America/Asuncion went from 00:00 to 01:00 on 1 October 2023. October runs from that 01:00
// to midnight on 1 November, is called 2023-10, and every entry is on exactly one statement.
func TestStatementMonthWhenMidnightIsSkipped(t *testing.T) {
	t.Parallel()
	zone, err := time.LoadLocation("America/Asuncion")
	if err != nil {
		t.Fatalf("the zone database is needed (import time/tzdata where the system has none): %v", err)
	}
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		agent, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		acc, err := env.Access.CreateAccountWith(ctx, desk.System(), access.NewAccount{Name: "Asuncion Co", Country: domain.CountryUS, TimeZone: "America/Asuncion"})
		if err != nil {
			t.Fatal(err)
		}
		at := map[string]time.Time{
			"late September":          time.Date(2023, 9, 30, 22, 30, 0, 0, zone),
			"September's last hour":   time.Date(2023, 10, 1, 3, 30, 0, 0, time.UTC), // 23:30 on the 30th, -04
			"October's first instant": time.Date(2023, 10, 1, 4, 0, 0, 0, time.UTC),  // 01:00 on the 1st, -03
			"31 October, noon":        time.Date(2023, 10, 31, 12, 0, 0, 0, zone),
			"31 October, 23:30":       time.Date(2023, 10, 31, 23, 30, 0, 0, zone),
			"1 November":              time.Date(2023, 11, 1, 0, 0, 0, 0, zone),
		}
		month := map[string]string{}
		for name, when := range at {
			env.Clock.Set(when)
			if _, err := env.Billing.AdjustLedger(ctx, agent, acc.ID, billing.Adjustment{Amount: 100, Currency: "PYG", Reason: name}); err != nil {
				t.Fatal(err)
			}
			month[name] = map[bool]string{true: "2023-09", false: "2023-10"}[when.Before(at["October's first instant"])]
			if !when.Before(at["1 November"]) {
				month[name] = "2023-11"
			}
		}
		seen := map[string]string{}
		for _, tc := range []struct {
			month, prev, next string
			from, to          time.Time
		}{
			{"2023-09", "2023-08", "2023-10", time.Date(2023, 9, 1, 0, 0, 0, 0, zone), at["October's first instant"]},
			{"2023-10", "2023-09", "2023-11", at["October's first instant"], at["1 November"]},
			{"2023-11", "2023-10", "2023-12", at["1 November"], time.Date(2023, 12, 1, 0, 0, 0, 0, zone)},
		} {
			st, err := env.Billing.Statement(ctx, agent, acc.ID, tc.month)
			if err != nil {
				t.Fatal(err)
			}
			if st.Month != tc.month || st.Prev != tc.prev || st.Next != tc.next || !st.From.Equal(tc.from) || !st.To.Equal(tc.to) {
				t.Errorf("%s: month %s (%s, %s) from %s to %s; want from %s to %s", tc.month, st.Month, st.Prev, st.Next, st.From, st.To, tc.from, tc.to)
			}
			for _, sec := range st.Sections {
				for _, e := range sec.Entries {
					if seen[e.Description] != "" {
						t.Errorf("%q is on %s's statement and on %s's", e.Description, seen[e.Description], tc.month)
					}
					seen[e.Description] = tc.month
				}
			}
		}
		for name := range at {
			if seen[name] != month[name] {
				t.Errorf("%q (%s) is on the statement of %q, want %s", name, at[name].In(zone), seen[name], month[name])
			}
		}
		// This month by default is October on any day of it, the 1st's first hour included.
		env.Clock.Set(at["October's first instant"])
		if st, err := env.Billing.Statement(ctx, agent, acc.ID, ""); err != nil || st.Month != "2023-10" || !st.From.Equal(at["October's first instant"]) {
			t.Errorf("this month on 1 October: %s from %s, %v", st.Month, st.From, err)
		}
	})
}
