package domain

import (
	"context"
	"time"
)

// PortOutQueries are the port-out reads and writes both engines implement.
type PortOutQueries interface {
	// CreatePortOut writes a port-out with its numbers; sets ID, Version 1. A number held
	// (Held) by another open port-out is ErrConflict.
	CreatePortOut(ctx context.Context, p *PortOut) error
	// PortOut returns a port-out with its numbers.
	PortOut(ctx context.Context, id int64) (PortOut, error)
	// UpdatePortOut writes the port-out's own fields (not its numbers) if the stored version
	// is still p.Version, then increments it; a stale version is ErrStale.
	UpdatePortOut(ctx context.Context, p *PortOut) error
	// SetPortOutNumberStatus moves the port-out's numbers with it to s: each takes
	// PortOutNumberStatusFor(s, failed) by whether it failed its own check. held false lets go
	// of the numbers it held.
	SetPortOutNumberStatus(ctx context.Context, portOutID int64, s PortOutStatus, held bool) error
	ListPortOuts(ctx context.Context, f PortOutFilter) ([]PortOutSummary, error)
	// WrongPINs counts the account's port-outs created at or after since whose PIN was wrong.
	WrongPINs(ctx context.Context, accountID int64, since time.Time) (int, error)
	// OpenPortOutsHolding maps each of numbers held by an open port-out to that port-out.
	OpenPortOutsHolding(ctx context.Context, numbers []string) (map[string]int64, error)

	AddPortOutDocument(ctx context.Context, d *PortOutDocument) error // sets ID
	PortOutDocuments(ctx context.Context, portOutID int64) ([]PortOutDocument, error)
	PortOutDocument(ctx context.Context, id int64) (PortOutDocument, error)

	// PortOutProtection is an account's protection; an account that never set any gets the
	// zero value with AccountID set (no error).
	PortOutProtection(ctx context.Context, accountID int64) (PortOutProtection, error)
	SavePortOutProtection(ctx context.Context, p *PortOutProtection) error

	// LockNumber locks a number against port-outs (again: no error); UnlockNumber lifts it.
	LockNumber(ctx context.Context, l *NumberLock) error
	UnlockNumber(ctx context.Context, number string) error
	// NumberLocks maps each of numbers that is locked to its lock.
	NumberLocks(ctx context.Context, numbers []string) (map[string]NumberLock, error)
	// AccountNumberLocks lists the locks of an account's numbers, by number.
	AccountNumberLocks(ctx context.Context, accountID int64) ([]NumberLock, error)

	// SetInventoryStatus moves those of numbers that are in accountID's inventory with status
	// from to status to, and returns them.
	SetInventoryStatus(ctx context.Context, accountID int64, numbers []string, from, to InventoryStatus, at time.Time) ([]string, error)
	// ReleaseInventoryNumbers marks those of numbers that are porting_out in accountID's
	// inventory released, their routing (receiving number, tracking source) and SMS removed,
	// and their locks lifted; it returns them, so a second run releases nothing.
	ReleaseInventoryNumbers(ctx context.Context, accountID int64, numbers []string, at time.Time) ([]string, error)
}
