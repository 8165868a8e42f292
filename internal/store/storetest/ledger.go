package storetest

import (
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// The ledger only grows: entries round-trip with their sign and currency, a charge key makes
// a charge once, an entry is reversed once, and lists select by account and month.
func testLedger(t *testing.T, s domain.Store, _ Engine) {
	parent := account(t, s, "Ledger Parent", 0)
	sub := account(t, s, "Ledger Sub", parent.ID)
	other := account(t, s, "Ledger Other", 0)
	dec := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	fee := domain.LedgerEntry{AccountID: sub.ID, Kind: domain.LedgerPortOutFee, Amount: domain.Money{Amount: 1500, Currency: "GBP"},
		Description: "Port-out of +441134960000", PortOutID: 7, ChargeKey: "port_out:7:+441134960000", ActorName: "PortDesk", CreatedAt: dec.Add(time.Hour)}
	credit := domain.LedgerEntry{AccountID: sub.ID, Kind: domain.LedgerReversal, Amount: domain.Money{Amount: -1500, Currency: "GBP"},
		Description: "Reversal: charged twice by the carrier", CreatedBy: 3, ActorName: "Agent", CreatedAt: dec.Add(2 * time.Hour)}
	nov := domain.LedgerEntry{AccountID: sub.ID, Kind: domain.LedgerCarrierFee, Amount: domain.Money{Amount: 250, Currency: "GBP"},
		Description: "Carrier fee", PortInID: 4, ChargeKey: "port_in:4:0", ActorName: "PortDesk", CreatedAt: dec.Add(-time.Hour)}
	tree := []int64{parent.ID, sub.ID}
	ids := func(es []domain.LedgerEntry) []int64 {
		out := []int64{}
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}

	step(t, "EntryRoundTripsWithSignAndCurrency", func(t *testing.T) {
		if added, err := s.AddLedgerEntry(ctx, &fee); err != nil || !added || fee.ID == 0 {
			t.Fatalf("added %v, ID %d, %v", added, fee.ID, err)
		}
		got, err := s.LedgerEntry(ctx, fee.ID)
		must(t, err)
		if got != fee {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, fee)
		}
	})

	step(t, "ChargeKeyChargesOnceAndTheTransactionGoesOn", func(t *testing.T) {
		must(t, s.InTx(ctx, func(tx domain.Tx) error {
			again := fee
			again.ID = 0
			if added, err := tx.AddLedgerEntry(ctx, &again); err != nil || added {
				t.Errorf("the same charge key again: added %v, %v", added, err)
			}
			later := fee
			later.ID, later.ChargeKey = 0, "port_out:7:+441134960001"
			_, err := tx.AddLedgerEntry(ctx, &later)
			return err
		}))
	})

	step(t, "EntryIsReversedOnce", func(t *testing.T) {
		credit.ReversesID = fee.ID
		_, err := s.AddLedgerEntry(ctx, &credit)
		must(t, err)
		twice := credit
		twice.ID = 0
		_, err = s.AddLedgerEntry(ctx, &twice)
		wantCode(t, err, domain.ErrConflict)
	})

	step(t, "ManualEntriesHaveNoKey", func(t *testing.T) {
		for i, acc := range []int64{parent.ID, parent.ID, other.ID} {
			adj := domain.LedgerEntry{AccountID: acc, Kind: domain.LedgerAdjustment, Amount: domain.Money{Amount: int64(100 * (i + 1)), Currency: "USD"},
				Description: "Adjustment", CreatedBy: 3, ActorName: "Agent", CreatedAt: dec.Add(time.Duration(3+i) * time.Hour)}
			_, err := s.AddLedgerEntry(ctx, &adj)
			must(t, err)
		}
	})

	// November's entry, made last.
	_, err := s.AddLedgerEntry(ctx, &nov)
	must(t, err)

	step(t, "ListSelectsByAccountsMonthAndPage", func(t *testing.T) {
		all, err := s.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: tree})
		must(t, err)
		if len(all) != 6 || all[0].ID != fee.ID || all[5].ID != nov.ID {
			t.Fatalf("the tree's entries, in the order made: %v", ids(all))
		}
		december, err := s.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: tree, From: dec, To: dec.AddDate(0, 1, 0)})
		must(t, err)
		if len(december) != 5 || december[0].ID != fee.ID || december[2].ID != credit.ID {
			t.Fatalf("December's entries: %v", ids(december))
		}
		page, err := s.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: tree, AfterID: fee.ID, Limit: 2})
		must(t, err)
		if len(page) != 2 || page[1].ID != credit.ID || page[0].ChargeKey != "port_out:7:+441134960001" {
			t.Fatalf("a page after the fee: %v", ids(page))
		}
		none, err := s.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: []int64{}})
		must(t, err)
		if len(none) != 0 {
			t.Fatalf("no accounts, no entries: %v", ids(none))
		}
	})

	step(t, "ReversalIsFoundByWhatItUndoesWhateverTheMonth", func(t *testing.T) {
		revs, err := s.LedgerEntries(ctx, domain.LedgerFilter{ReversalsOf: []int64{fee.ID, nov.ID}})
		must(t, err)
		if len(revs) != 1 || revs[0].ID != credit.ID {
			t.Fatalf("reversals of the fee and November's entry: %v", ids(revs))
		}
		if none, err := s.LedgerEntries(ctx, domain.LedgerFilter{ReversalsOf: []int64{}}); err != nil || len(none) != 0 {
			t.Fatalf("reversals of no entries: %v %v", ids(none), err)
		}
	})

	// An entry is read with its reversal's ID, in the same query, whatever month that was made
	// in; the rest read 0.
	step(t, "EntryIsReadWithItsReversal", func(t *testing.T) {
		all, err := s.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: tree})
		must(t, err)
		reversedBy := map[int64]int64{}
		for _, e := range all {
			reversedBy[e.ID] = e.ReversedBy
		}
		if reversedBy[fee.ID] != credit.ID || reversedBy[credit.ID] != 0 || reversedBy[nov.ID] != 0 {
			t.Fatalf("reversed by, per entry: %v (the fee %d is reversed by %d)", reversedBy, fee.ID, credit.ID)
		}
		if got, err := s.LedgerEntry(ctx, fee.ID); err != nil || got.ReversedBy != credit.ID {
			t.Fatalf("the fee, read alone: reversed by %d, %v; want %d", got.ReversedBy, err, credit.ID)
		}
		if got, err := s.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: tree, To: dec}); err != nil || len(got) != 1 || got[0].ID != nov.ID || got[0].ReversedBy != 0 {
			t.Fatalf("November alone: %+v %v", got, err)
		}
		if got, err := s.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: tree, From: dec, Limit: 1}); err != nil || len(got) != 1 || got[0].ReversedBy != credit.ID {
			t.Fatalf("December's first entry, without its reversal in the page: %+v %v", got, err)
		}
	})

	step(t, "MissingEntryIsNotFound", func(t *testing.T) {
		wantCode(t, func() error { _, err := s.LedgerEntry(ctx, 999999); return err }(), domain.ErrNotFound)
	})

	// A charge for an account that does not exist, or a reversal of an entry that does not, is
	// an error, not "charged already": the transaction fails and keeps nothing, on both
	// engines (on PostgreSQL the failed statement has aborted it).
	step(t, "RefusedEntryFailsTheTransactionAndKeepsNothing", func(t *testing.T) {
		before, err := s.LedgerEntries(ctx, domain.LedgerFilter{})
		must(t, err)
		for _, bad := range []domain.LedgerEntry{
			{AccountID: 999999, Kind: domain.LedgerPortOutFee, Amount: domain.Money{Amount: 1500, Currency: "GBP"},
				Description: "Port-out of a missing account's number", PortOutID: 8, ChargeKey: "port_out:8:+441134960002", ActorName: "PortDesk", CreatedAt: dec},
			{AccountID: sub.ID, Kind: domain.LedgerReversal, Amount: domain.Money{Amount: -1500, Currency: "GBP"},
				Description: "Reversal of a missing entry", ReversesID: 999999, ActorName: "Agent", CreatedAt: dec},
		} {
			var added bool
			err := s.InTx(ctx, func(tx domain.Tx) error {
				var err error
				added, err = tx.AddLedgerEntry(ctx, &bad)
				return err
			})
			if added || err == nil {
				t.Errorf("%s: added %v, %v; want an error", bad.Description, added, err)
				continue
			}
			wantCode(t, err, domain.ErrNotFound)
		}
		after, err := s.LedgerEntries(ctx, domain.LedgerFilter{})
		must(t, err)
		if len(after) != len(before) {
			t.Fatalf("refused entries were kept: %d entries, then %d", len(before), len(after))
		}
	})

	// Run from here rather than from Run's list, which is another file's.
	t.Run("AppendOnly", func(t *testing.T) { testLedgerAppendOnly(t, s) })
}
