package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// testPlanRelists: what an editable request's plan reads beyond its own rows moves its
// account's list version (the API keeps a draft's read by it): the inventory holding or
// routing to one of its numbers, whichever account's, a carrier's answer for one, the
// agreements, the carriers and the price table; writes to other numbers (a closed
// request's among them), SMS being turned on, another setting and a write rolled back do not.
func testPlanRelists(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Replan Co", 0)
	other := account(t, s, "Replan Other Co", 0)
	const mine, routed, elsewhere = "+441134961001", "+441134961002", "+441134961009"
	const taken, closed = "+441134961004", "+441134961005"
	p := portIn(t, s, acc.ID)
	must(t, s.AddPortInNumbers(ctx, p.ID, []domain.PortNumber{
		{Number: mine, Status: domain.NumberPending, AddedAt: t0}, {Number: routed, Status: domain.NumberPending, AddedAt: t0},
		{Number: taken, Status: domain.NumberPending, AddedAt: t0}}))
	done := portIn(t, s, acc.ID)
	must(t, s.AddPortInNumbers(ctx, done.ID, []domain.PortNumber{{Number: closed, Status: domain.NumberPending, AddedAt: t0}}))
	must(t, s.SetPortInNumberStatus(ctx, done.ID, domain.NumberCancelled, false))

	version := func(t *testing.T) int64 {
		t.Helper()
		st, err := s.PortInStamp(ctx, p.ID)
		must(t, err)
		if st.AccountID != acc.ID {
			t.Fatalf("stamp of account %d, want %d", st.AccountID, acc.ID)
		}
		return st.Version
	}
	// moves runs a write and checks whether the draft's account's version moved.
	moves := func(name string, want bool, write func() error) {
		t.Helper()
		step(t, name, func(t *testing.T) {
			before := version(t)
			must(t, write())
			if after := version(t); (after != before) != want {
				t.Fatalf("version %d → %d: moved %v, want %v", before, after, after != before, want)
			}
		})
	}
	var routedSoFar int
	seq := func() int { routedSoFar++; return routedSoFar }
	inv := domain.InventoryNumber{AccountID: acc.ID, Number: mine, Status: domain.InventoryActive, SMS: domain.SMSPending, CreatedAt: t0, UpdatedAt: t0}
	moves("the number into the inventory", true, func() error { return s.CreateInventoryNumber(ctx, &inv) })
	tracking := domain.InventoryNumber{AccountID: acc.ID, Number: "+441134961003", Status: domain.InventoryActive, ReceivingNumber: routed,
		SMS: domain.SMSActive, CreatedAt: t0, UpdatedAt: t0}
	moves("a number routed to one of the request's", true, func() error { return s.CreateInventoryNumber(ctx, &tracking) })
	moves("one of its numbers into another account's inventory", true, func() error {
		n := domain.InventoryNumber{AccountID: other.ID, Number: taken, Status: domain.InventoryActive, SMS: domain.SMSActive, CreatedAt: t0, UpdatedAt: t0}
		return s.CreateInventoryNumber(ctx, &n)
	})
	moves("a closed request's number into the inventory", false, func() error {
		n := domain.InventoryNumber{AccountID: acc.ID, Number: closed, Status: domain.InventoryActive, SMS: domain.SMSActive, CreatedAt: t0, UpdatedAt: t0}
		return s.CreateInventoryNumber(ctx, &n)
	})
	moves("another number into the inventory", false, func() error {
		n := domain.InventoryNumber{AccountID: acc.ID, Number: elsewhere, Status: domain.InventoryActive, SMS: domain.SMSActive, CreatedAt: t0, UpdatedAt: t0}
		return s.CreateInventoryNumber(ctx, &n)
	})
	moves("SMS turned on", false, func() error {
		_, err := s.EnableInventorySMS(ctx, []string{mine}, t0)
		return err
	})
	moves("the number's inventory status", true, func() error {
		_, err := s.SetInventoryStatus(ctx, acc.ID, []string{mine}, domain.InventoryActive, domain.InventoryPortingOut, t0)
		return err
	})
	moves("the routed number porting out", true, func() error {
		_, err := s.SetInventoryStatus(ctx, acc.ID, []string{tracking.Number}, domain.InventoryActive, domain.InventoryPortingOut, t0)
		return err
	})
	moves("the routed number released", true, func() error {
		got, err := s.ReleaseInventoryNumbers(ctx, acc.ID, []string{tracking.Number}, t0)
		if err == nil && len(got) != 1 {
			t.Fatalf("released %v", got)
		}
		return err
	})
	moves("the number activated again", true, func() error {
		inv.Status, inv.SMS = domain.InventoryActive, domain.SMSActive
		return s.ActivateInventoryNumber(ctx, &inv)
	})
	// Moved once a transaction on PostgreSQL, at its commit: each transaction moves it still.
	for _, tx := range []string{"in one transaction", "in the next"} {
		moves("numbers routed to one of the request's, "+tx, true, func() error {
			return s.InTx(ctx, func(q domain.Tx) error {
				for range 3 {
					n := domain.InventoryNumber{AccountID: acc.ID, Number: fmt.Sprintf("+4411349620%02d", seq()),
						Status: domain.InventoryActive, ReceivingNumber: routed, SMS: domain.SMSActive, CreatedAt: t0, UpdatedAt: t0}
					if err := q.ActivateInventoryNumber(ctx, &n); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
	moves("a carrier's answer for the number", true, func() error {
		return s.PutCarrierNumberFacts(ctx, []domain.CarrierNumberFacts{{Number: routed, CarrierName: "Telnyx", Portable: true, AskedAt: t0}})
	})
	moves("the carrier's answer again", true, func() error {
		return s.PutCarrierNumberFacts(ctx, []domain.CarrierNumberFacts{{Number: routed, CarrierName: "Telnyx", Portable: false, AskedAt: t0}})
	})
	moves("a carrier's answer for another number", false, func() error {
		return s.PutCarrierNumberFacts(ctx, []domain.CarrierNumberFacts{{Number: elsewhere, CarrierName: "Telnyx", Portable: true, AskedAt: t0}})
	})
	var ag domain.PortingAgreement
	moves("an agreement added", true, func() error {
		ag = domain.PortingAgreement{Country: "GB", Provider: "Replan Telecom", Portable: domain.PortableYes, UpdatedAt: t0}
		return s.CreatePortingAgreement(ctx, &ag)
	})
	moves("the agreement changed", true, func() error {
		ag.Notes = "changed"
		return s.UpdatePortingAgreement(ctx, &ag)
	})
	moves("the agreement removed", true, func() error { return s.DeletePortingAgreement(ctx, ag.ID) })
	var c domain.Carrier
	moves("a carrier added", true, func() error {
		c = domain.Carrier{Name: "Replan Carrier", Email: "lnp@replan.example", Kind: domain.CarrierByEmail}
		return s.CreateCarrier(ctx, &c)
	})
	moves("the carrier changed", true, func() error {
		c.Email = "porting@replan.example"
		return s.UpdateCarrier(ctx, &c)
	})
	moves("the carrier removed", true, func() error { return s.DeleteCarrier(ctx, c.ID) })
	moves("the price table saved", true, func() error { return s.SetSetting(ctx, "price_table", `{"a":1}`, t0) })
	moves("the price table saved again", true, func() error { return s.SetSetting(ctx, "price_table", `{"a":2}`, t0) })
	moves("another setting", false, func() error { return s.SetSetting(ctx, "replan_other", "x", t0) })
	moves("a write rolled back", false, func() error {
		errRolledBack := errors.New("rolled back")
		if err := s.InTx(ctx, func(tx domain.Tx) error {
			n := domain.InventoryNumber{AccountID: acc.ID, Number: routed, Status: domain.InventoryActive, SMS: domain.SMSActive, CreatedAt: t0, UpdatedAt: t0}
			if err := tx.CreateInventoryNumber(ctx, &n); err != nil {
				return err
			}
			return errRolledBack
		}); !errors.Is(err, errRolledBack) {
			t.Fatalf("rolled back with %v", err)
		}
		return nil
	})
}
