package billing_test

import (
	"slices"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// Prices are the staff admins' to set, checked field by field, and every change is audited.
func TestPriceTableValidation(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	agent, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	admin, _ := env.NewStaff(t, "admin@op.example", domain.RoleAdmin)
	pt := domain.DefaultPriceTable()
	pt.CarrierFees = []domain.CarrierFee{{Country: "gb", Category: "freephone", Fee: domain.Money{Amount: 1200, Currency: "gbp"}}}
	if _, err := env.Billing.SetPriceTable(ctx, agent, pt); !domain.IsCode(err, domain.ErrForbidden) {
		t.Fatalf("agent sets prices: %v", err)
	}
	got, err := env.Billing.SetPriceTable(ctx, admin, pt)
	if err != nil || got.CarrierFees[0].Country != "GB" || got.CarrierFees[0].Fee.Currency != "GBP" {
		t.Fatalf("prices: %+v %v", got, err)
	}
	bad := pt
	bad.CarrierFees = []domain.CarrierFee{{Country: "GB", Category: "nope", Fee: domain.Money{Amount: -1, Currency: "pounds"}}}
	_, err = env.Billing.SetPriceTable(ctx, admin, bad)
	if f := fieldsOf(err); !slices.Contains(f, "carrier_fees[0].category") || !slices.Contains(f, "carrier_fees[0].fee.amount") || !slices.Contains(f, "carrier_fees[0].fee.currency") {
		t.Fatalf("bad prices: %v", err)
	}
	log, _ := env.Team.AuditLog(ctx, admin, "price_table")
	if len(log) != 1 {
		t.Fatalf("price audit: %+v", log)
	}
}
