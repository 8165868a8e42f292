package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

type ledgerJSON struct {
	AccountID int64  `json:"account_id"`
	Month     string `json:"month"`
	Accounts  []struct {
		ID     int64
		Name   string
		Totals []struct{ Amount int64 }
	}
	Entries []struct {
		ID            int64
		AccountID     int64  `json:"account_id"`
		Kind          string `json:"kind"`
		AmountDisplay string `json:"amount_display"`
		Reference     string `json:"reference"`
		ReversedBy    *int64 `json:"reversed_by"`
		ReversesID    *int64 `json:"reverses_id"`
	}
	Totals []struct {
		Amount   int64
		Currency string
		Display  string
	}
}

// completedWithFees ports numbers in for the customer at GBP 2.50 a number: quoted,
// accepted, submitted and completed by the team.
func completedWithFees(t *testing.T, env *desktest.Env, c desktest.Customer, numbers ...string) domain.PortIn {
	t.Helper()
	ctx := context.Background()
	admin, _ := env.NewStaff(t, fmt.Sprintf("fees-%d@op.example", c.Account.ID), domain.RoleAdmin)
	pt, err := env.Billing.PriceTable(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	pt.CarrierFees = []domain.CarrierFee{{Country: "GB", Category: "geographic", Fee: domain.Money{Amount: 250, Currency: "GBP"}}}
	if _, err := env.Billing.SetPriceTable(ctx, admin, pt); err != nil {
		t.Fatal(err)
	}
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
	if p, err = env.PortIns.AcceptQuote(ctx, c.Actor, p.ID, p.Version, rp.Plan.Quote.Hash); err != nil {
		t.Fatal(err)
	}
	env.Paperwork(t, c.Actor, p.ID)
	v, _ := env.PortIns.Get(ctx, c.Actor, p.ID)
	if p, err = env.PortIns.Submit(ctx, c.Actor, p.ID, v.Version); err != nil {
		t.Fatal(err)
	}
	if p, err = env.PortIns.Transition(ctx, admin, p.ID, p.Version, domain.StatusInProgress, ""); err != nil {
		t.Fatal(err)
	}
	if p, err = env.Team.Schedule(ctx, admin, p.ID, p.Version, env.FOC("GB", 2), true); err != nil {
		t.Fatal(err)
	}
	if p, err = env.PortIns.Transition(ctx, admin, p.ID, p.Version, domain.StatusCompleted, ""); err != nil {
		t.Fatal(err)
	}
	return p
}

// The ledger through the API: a customer's admins read their accounts' statements (the
// sub-accounts' in the parent's, not a sibling's), as JSON and CSV; the team adjusts and
// reverses; everything else is 403 for a customer on its own account and 404 beyond it.
func TestLedgerAPI(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := newClient(t, env)
		parent := env.NewCustomer(t, "Group", 0, domain.CountryGB)
		sub := env.NewCustomer(t, "Group North", parent.Account.ID, domain.CountryGB)
		sibling := env.NewCustomer(t, "Group South", parent.Account.ID, domain.CountryGB)
		other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
		_, staff := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p := completedWithFees(t, env, sub, "0113 496 0201", "0113 496 0202")

		ledger := func(acct int64) string { return fmt.Sprintf("/api/v1/accounts/%d/ledger", acct) }
		var entry struct {
			ID            int64
			Kind          string
			AmountDisplay string `json:"amount_display"`
		}
		c.want(c.do("POST", ledger(sibling.Account.ID), staff, map[string]any{"amount": 999, "currency": "GBP", "reason": "South only"}), 201)
		r := c.want(c.do("POST", ledger(parent.Account.ID), staff, map[string]any{"amount": -1500, "currency": "GBP", "reason": "Goodwill"}), 201)
		r.json(t, &entry)
		if entry.Kind != "adjustment" || entry.AmountDisplay != "GBP -15.00" {
			t.Fatalf("adjustment: %s", r.body)
		}
		var rev struct {
			ID            int64
			Kind          string
			AmountDisplay string `json:"amount_display"`
			ReversesID    int64  `json:"reverses_id"`
		}
		c.want(c.do("POST", fmt.Sprintf("/api/v1/ledger/%d/reversal", entry.ID), staff, map[string]any{"reason": "Wrong account"}), 201).json(t, &rev)
		if rev.Kind != "reversal" || rev.ReversesID != entry.ID || rev.AmountDisplay != "GBP 15.00" {
			t.Fatalf("reversal: %+v", rev)
		}

		var st ledgerJSON
		c.want(c.do("GET", ledger(parent.Account.ID)+"?month=2026-11", parent.Token, nil), 200).json(t, &st)
		if st.Month != "2026-11" || len(st.Accounts) != 3 || st.Accounts[0].ID != parent.Account.ID || len(st.Entries) != 4 ||
			len(st.Totals) != 1 || st.Totals[0].Display != "GBP 14.99" {
			t.Fatalf("the parent's statement: %+v", st)
		}
		if st.Entries[0].ReversedBy == nil || *st.Entries[0].ReversedBy != rev.ID || st.Entries[2].Reference != fmt.Sprintf("port-in #%d", p.ID) {
			t.Fatalf("entries: %+v", st.Entries)
		}
		var mine ledgerJSON
		c.want(c.do("GET", ledger(sub.Account.ID), sub.Token, nil), 200).json(t, &mine) // this month by default
		if mine.Month != "2026-11" || len(mine.Entries) != 1 || mine.Entries[0].Kind != "carrier_fee" || mine.Entries[0].AmountDisplay != "GBP 5.00" {
			t.Fatalf("the sub-account's statement: %+v", mine)
		}
		r = c.want(c.do("GET", fmt.Sprintf("/api/v1/accounts/%d/statement.csv?month=2026-11", sub.Account.ID), sub.Token, nil), 200)
		if r.header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") ||
			!strings.HasPrefix(string(r.body), "date,account,kind,description,reference,amount,currency\r\n") {
			t.Fatalf("CSV: %v %q", r.header, r.body)
		}

		for _, tc := range []struct {
			name, method, path, token string
			body                      any
			code                      int
			field                     string
		}{
			{"a sibling's ledger", "GET", ledger(sibling.Account.ID), sub.Token, nil, 404, ""},
			{"the parent's, from below", "GET", ledger(parent.Account.ID), sub.Token, nil, 404, ""},
			{"another customer's ledger", "GET", ledger(parent.Account.ID), other.Token, nil, 404, ""},
			{"another customer's CSV", "GET", fmt.Sprintf("/api/v1/accounts/%d/statement.csv", parent.Account.ID), other.Token, nil, 404, ""},
			{"a month that is not one", "GET", ledger(parent.Account.ID) + "?month=2026-13", parent.Token, nil, 422, "month"},
			{"a month in words", "GET", fmt.Sprintf("/api/v1/accounts/%d/statement.csv?month=nov", parent.Account.ID), parent.Token, nil, 422, "month"},
			{"a customer adjusts its own", "POST", ledger(parent.Account.ID), parent.Token, map[string]any{"amount": -100, "currency": "GBP", "reason": "x"}, 403, ""},
			{"a customer adjusts another's", "POST", ledger(other.Account.ID), parent.Token, map[string]any{"amount": -100, "currency": "GBP", "reason": "x"}, 404, ""},
			{"a customer reverses", "POST", fmt.Sprintf("/api/v1/ledger/%d/reversal", entry.ID), parent.Token, map[string]any{"reason": "x"}, 403, ""},
			{"another customer reverses", "POST", fmt.Sprintf("/api/v1/ledger/%d/reversal", entry.ID), other.Token, map[string]any{"reason": "x"}, 404, ""},
			{"a second reversal", "POST", fmt.Sprintf("/api/v1/ledger/%d/reversal", entry.ID), staff, map[string]any{"reason": "again"}, 409, ""},
			{"no reason", "POST", ledger(other.Account.ID), staff, map[string]any{"amount": 100, "currency": "GBP", "reason": ""}, 422, "reason"},
			{"a bad currency", "POST", ledger(other.Account.ID), staff, map[string]any{"amount": 100, "currency": "POUNDS", "reason": "x"}, 422, "currency"},
			{"amount in major units", "POST", ledger(other.Account.ID), staff, map[string]any{"amount": "15.00", "currency": "GBP", "reason": "x"}, 400, "amount"},
			{"no such entry", "POST", "/api/v1/ledger/999999/reversal", staff, map[string]any{"reason": "x"}, 404, ""},
		} {
			r := c.do(tc.method, tc.path, tc.token, tc.body)
			var prob problemJSON
			if r.code != tc.code || r.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: %d %s, want %d", tc.name, r.code, r.body, tc.code)
				continue
			}
			r.json(t, &prob)
			if tc.field != "" && (len(prob.Errors) == 0 || prob.Errors[0].Field != tc.field) {
				t.Errorf("%s: %s, want an error on %s", tc.name, r.body, tc.field)
			}
		}
	})
}

// The CSV export, held to a golden file (go test -run StatementCSV -update ./api to rewrite
// it after checking): RFC 4180 quoting, amounts in major units by the currency's own minor
// unit, dates in the account's zone, only the month's entries, and cells a spreadsheet would
// run as formulas made text.
func TestStatementCSVGolden(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := newClient(t, env)
		ctx := context.Background()
		parent := env.NewCustomer(t, "Acme Group", 0, domain.CountryGB)
		sub := env.NewCustomer(t, "=Acme North", parent.Account.ID, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		completedWithFees(t, env, sub, "0113 496 0301", "0113 496 0302", "0113 496 0303")
		adjust := func(acct, amount int64, cur, reason string) domain.LedgerEntry {
			t.Helper()
			e, err := env.Billing.AdjustLedger(ctx, staff, acct, billing.Adjustment{Amount: amount, Currency: cur, Reason: reason})
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		adjust(parent.Account.ID, -500, "GBP", `+44 rebate, as agreed ("loyalty")`)
		late := adjust(parent.Account.ID, 1234, "BHD", "@channel late fee")
		adjust(parent.Account.ID, 3000, "JPY", `Carrier invoice =HYPERLINK("x")`)
		adjust(sub.Account.ID, -1, "GBP", "-1p rounding")
		if _, err := env.Billing.ReverseLedgerEntry(ctx, staff, late.ID, "=charged in error"); err != nil {
			t.Fatal(err)
		}
		env.Clock.Set(time.Date(2026, 12, 1, 0, 30, 0, 0, time.UTC)) // December: not on November's statement
		adjust(parent.Account.ID, 700, "GBP", "December fee")

		r := c.want(c.do("GET", fmt.Sprintf("/api/v1/accounts/%d/statement.csv?month=2026-11", parent.Account.ID), parent.Token, nil), 200)
		checkGolden(t, "statement.csv", r.body)
	})
}
