package domain

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"golang.org/x/text/currency"
)

// LedgerKind is what a ledger entry is for.
type LedgerKind string

const (
	// LedgerCarrierFee is a losing carrier's fee, passed on at cost, from an accepted quote.
	LedgerCarrierFee LedgerKind = "carrier_fee"
	// LedgerAdminCharge is the operator's charge for a port-in of more than the free number of
	// numbers from one losing carrier.
	LedgerAdminCharge LedgerKind = "admin_charge"
	// LedgerPortOutFee is charged per number that leaves the operator.
	LedgerPortOutFee LedgerKind = "port_out_fee"
	// LedgerAdjustment is a charge or credit the team made by hand, with a reason.
	LedgerAdjustment LedgerKind = "adjustment"
	// LedgerReversal undoes one earlier entry: entries are never edited or deleted.
	LedgerReversal LedgerKind = "reversal"
)

// LedgerKinds lists the kinds.
var LedgerKinds = []LedgerKind{LedgerCarrierFee, LedgerAdminCharge, LedgerPortOutFee, LedgerAdjustment, LedgerReversal}

// LedgerEntry is one line of what an account owes: a charge (positive) or a credit
// (negative), in a currency's minor units. Entries are only ever added.
type LedgerEntry struct {
	ID          int64
	AccountID   int64
	Kind        LedgerKind
	Amount      Money // signed: a credit is negative
	Description string
	PortInID    int64 // what it is for, when it is for a request; 0 otherwise
	PortOutID   int64
	// ReversesID names the entry a reversal undoes; an entry is reversed at most once.
	ReversesID int64
	// ChargeKey says what a charge is for ("port_out:7:fee:+441134960000"), so that however
	// often the change that makes it runs, it is made once. Empty for manual entries.
	ChargeKey string
	CreatedBy int64 // 0: the desk itself
	ActorName string
	CreatedAt time.Time
	// ReversedBy is the ID of the entry's reversal, in whatever month, or 0. It is read with
	// the entry (the reversal names the entry, not the other way round) and never written:
	// AddLedgerEntry ignores it.
	ReversedBy int64
}

// LedgerFilter selects entries in the order they were made (by ID).
type LedgerFilter struct {
	AccountIDs []int64   // nil: every account
	From, To   time.Time // CreatedAt in [From, To); zero: unbounded
	AfterID    int64     // cursor
	Limit      int       // 0: no limit
	// ReversalsOf selects the reversals of these entries (with AccountIDs nil): whether an
	// entry shown was reversed, in whatever month.
	ReversalsOf []int64
}

// LedgerQueries are the ledger's reads and writes on both engines.
type LedgerQueries interface {
	// AddLedgerEntry appends an entry and sets ID. An entry whose ChargeKey was used already
	// is not added (added false, no error: safe inside a transaction on both engines); a
	// second reversal of one entry is ErrConflict.
	AddLedgerEntry(ctx context.Context, e *LedgerEntry) (added bool, err error)
	LedgerEntry(ctx context.Context, id int64) (LedgerEntry, error)
	LedgerEntries(ctx context.Context, f LedgerFilter) ([]LedgerEntry, error)
}

// MinorDigits is how many digits a currency's minor unit has (GBP 2, JPY 0, BHD 3), by ISO
// 4217; 2 for a code ISO does not know.
func MinorDigits(code string) int {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// MajorUnits writes an amount in major units without its currency: "15.00", "-2.50", "300"
// for JPY, "1.234" for BHD. Amounts are integers of minor units; they are never floats on the
// way.
func MajorUnits(m Money) string {
	sign, a := "", uint64(m.Amount)
	if m.Amount < 0 {
		sign, a = "-", -a
	}
	digits := MinorDigits(m.Currency)
	if digits == 0 {
		return sign + strconv.FormatUint(a, 10)
	}
	unit := uint64(1)
	for range digits {
		unit *= 10
	}
	return fmt.Sprintf("%s%d.%0*d", sign, a/unit, digits, a%unit)
}

// FormatMoney is how the desk writes an amount for a person, everywhere (quotes, prices,
// statements, emails): the code, a space, the signed amount in the currency's own minor
// unit: "GBP 15.00", a credit "GBP -15.00", "JPY 1500".
func FormatMoney(m Money) string { return m.Currency + " " + MajorUnits(m) }
