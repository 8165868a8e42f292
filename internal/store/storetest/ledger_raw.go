package storetest

import (
	"database/sql"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/portdesk/portdesk/internal/domain"
)

// rawExec runs SQL on the engine's own connection, past the store's queries: what a script
// or a console could do. ok is false for an engine that offers no such access.
func rawExec(s domain.Store) (exec func(query string) error, ok bool) {
	switch db := s.(type) {
	case interface{ DB() *sql.DB }: // SQLite
		return func(q string) error { _, err := db.DB().ExecContext(ctx, q); return err }, true
	case interface{ Pool() *pgxpool.Pool }: // PostgreSQL
		return func(q string) error { _, err := db.Pool().Exec(ctx, q); return err }, true
	}
	return nil, false
}

// The database itself keeps the ledger append-only: an UPDATE or DELETE of an entry (and on
// PostgreSQL a TRUNCATE) fails, whoever runs it, and the entry stays as it was.
func testLedgerAppendOnly(t *testing.T, s domain.Store) {
	exec, ok := rawExec(s)
	if !ok {
		t.Skipf("%T offers no raw SQL access", s)
	}
	acc := account(t, s, "Append Only", 0)
	e := domain.LedgerEntry{AccountID: acc.ID, Kind: domain.LedgerAdjustment, Amount: domain.Money{Amount: 1500, Currency: "GBP"},
		Description: "Set in stone", CreatedBy: 3, ActorName: "Agent", CreatedAt: t0}
	_, err := s.AddLedgerEntry(ctx, &e)
	must(t, err)
	rev := domain.LedgerEntry{AccountID: acc.ID, Kind: domain.LedgerReversal, Amount: domain.Money{Amount: -1500, Currency: "GBP"},
		Description: "Reversal", ReversesID: e.ID, CreatedBy: 3, ActorName: "Agent", CreatedAt: t0}
	_, err = s.AddLedgerEntry(ctx, &rev)
	must(t, err)
	want, err := s.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: []int64{acc.ID}})
	must(t, err)
	for _, q := range []string{
		fmt.Sprintf("UPDATE ledger_entries SET amount = 0 WHERE id = %d", e.ID),
		fmt.Sprintf("UPDATE ledger_entries SET description = 'edited' WHERE account_id = %d", acc.ID),
		fmt.Sprintf("DELETE FROM ledger_entries WHERE id = %d", rev.ID),
		fmt.Sprintf("DELETE FROM ledger_entries WHERE account_id = %d", acc.ID),
		"DELETE FROM ledger_entries",
	} {
		if err := exec(q); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
	if err := exec("TRUNCATE ledger_entries"); err == nil { // PostgreSQL's; SQLite has none
		t.Error("TRUNCATE ledger_entries: allowed")
	}
	got, err := s.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: []int64{acc.ID}})
	must(t, err)
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("the entries changed:\n got %+v\nwant %+v", got, want)
	}
}
