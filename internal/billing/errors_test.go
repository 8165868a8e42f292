package billing_test

import (
	"fmt"
	"testing"

	"github.com/portdesk/portdesk/internal/billing"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// An error keeps its code through every layer and says what was being done to which
// account or entry: the log of a 500 reads "statement of account 3 for 2026-11: …".
func TestErrorsNameTheOperation(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	const missing = 987654
	tests := []struct {
		op   string
		code domain.ErrorCode
		call func() error
	}{
		{fmt.Sprintf("statement of account %d for 2026-11", missing), domain.ErrNotFound, func() error {
			_, err := env.Billing.Statement(ctx, c.Actor, missing, "2026-11")
			return err
		}},
		{fmt.Sprintf("statement of account %d for 2026-13", c.Account.ID), domain.ErrInvalid, func() error {
			_, err := env.Billing.Statement(ctx, c.Actor, c.Account.ID, "2026-13")
			return err
		}},
		{fmt.Sprintf("adjust the ledger of account %d", c.Account.ID), domain.ErrForbidden, func() error {
			_, err := env.Billing.AdjustLedger(ctx, c.Actor, c.Account.ID, billing.Adjustment{Amount: 100, Currency: "GBP", Reason: "goodwill"})
			return err
		}},
		{fmt.Sprintf("reverse ledger entry %d", missing), domain.ErrNotFound, func() error {
			_, err := env.Billing.ReverseLedgerEntry(ctx, staff, missing, "typo")
			return err
		}},
		{"set the price table", domain.ErrForbidden, func() error {
			_, err := env.Billing.SetPriceTable(ctx, c.Actor, domain.DefaultPriceTable())
			return err
		}},
		// A charge is made inside another use case's transaction: it says what it charged.
		{fmt.Sprintf("charge account %d (adjustment)", missing), domain.ErrNotFound, func() error {
			return env.Store.InTx(ctx, func(tx domain.Tx) error {
				_, err := env.Billing.Charge(ctx, tx, staff, domain.LedgerEntry{AccountID: missing, Kind: domain.LedgerAdjustment,
					Amount: domain.Money{Amount: 100, Currency: "GBP"}, Description: "test"})
				return err
			})
		}},
	}
	for _, tt := range tests {
		desktest.WantError(t, tt.call(), tt.code, tt.op)
	}

	// The database goes away: each failure is internal, and names what was being done.
	if err := env.Store.Close(); err != nil {
		t.Fatal(err)
	}
	down := []struct {
		op   string
		call func() error
	}{
		{fmt.Sprintf("statement of account %d for this month", c.Account.ID), func() error {
			_, err := env.Billing.Statement(ctx, c.Actor, c.Account.ID, "")
			return err
		}},
		{fmt.Sprintf("adjust the ledger of account %d", c.Account.ID), func() error {
			_, err := env.Billing.AdjustLedger(ctx, staff, c.Account.ID, billing.Adjustment{Amount: 100, Currency: "GBP", Reason: "goodwill"})
			return err
		}},
		{"read the price table", func() error {
			_, err := env.Billing.PriceTable(ctx, c.Actor)
			return err
		}},
	}
	for _, tt := range down {
		desktest.WantError(t, tt.call(), domain.ErrInternal, tt.op)
	}
}
