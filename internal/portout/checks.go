package portout

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/domain"
)

// facts is what a port-out is checked against, read in the creating transaction.
type facts struct {
	account    domain.Account
	protection domain.PortOutProtection
	inventory  map[string]domain.InventoryNumber
	locks      map[string]domain.NumberLock
	portIns    map[string]int64 // numbers on an open port-in
	portOuts   map[string]int64 // numbers held by an open port-out
	wrongPINs  int              // port-outs with a wrong PIN since the PIN was set, in the window
}

// Guessing a PIN must not pay: after maxWrongPINs port-outs with a wrong PIN within
// wrongPINWindow (counted from when the PIN was last set), no PIN passes until the account's
// admins set a new one. Each of those port-outs has already emailed them.
const (
	maxWrongPINs   = 3
	wrongPINWindow = 30 * 24 * time.Hour
)

func (s *Service) facts(ctx context.Context, tx domain.Tx, acc domain.Account, numbers []string) (facts, error) {
	f := facts{account: acc}
	var err error
	if f.protection, err = tx.PortOutProtection(ctx, acc.ID); err != nil {
		return f, err
	}
	if f.inventory, err = tx.InventoryByNumbers(ctx, numbers); err != nil {
		return f, err
	}
	if f.locks, err = tx.NumberLocks(ctx, numbers); err != nil {
		return f, err
	}
	if f.portIns, err = tx.OpenPortsHolding(ctx, numbers); err != nil {
		return f, err
	}
	if f.protection.PINSet() {
		since := s.desk.Now().Add(-wrongPINWindow)
		if at := f.protection.PINSetAt; at != nil && at.After(since) {
			since = *at
		}
		if f.wrongPINs, err = tx.WrongPINs(ctx, acc.ID, since); err != nil {
			return f, err
		}
	}
	f.portOuts, err = tx.OpenPortOutsHolding(ctx, numbers)
	return f, err
}

// runChecks runs every check on a new port-out and records each outcome on it: per number
// (on the account and active, on no other open port, not locked) and for the request (name,
// postcode/ZIP, PIN, lock). pin is what the gaining provider gave; only the outcome is kept.
//
// Inventory scope: the account named, not its sub-accounts. A port-out is one end user's
// request, and a sub-account is another end user with its own records, PIN and locks.
func runChecks(p *domain.PortOut, f facts, pin string) {
	var inactive, pending, locked []string
	for i := range p.Numbers {
		n := &p.Numbers[i]
		inv, ok := f.inventory[n.Number]
		lock, isLocked := f.locks[n.Number]
		switch {
		case !ok || inv.AccountID != f.account.ID:
			// Whether it is someone else's is not the gaining provider's business.
			n.Outcome, n.Detail = domain.RejectNumberInactive, "Not on this account."
			inactive = append(inactive, n.Number)
		case isLocked && lock.AccountID == f.account.ID, f.protection.Locked:
			n.Outcome, n.Detail = domain.RejectPortLock, "Locked against port-outs."
			locked = append(locked, n.Number)
		case f.portOuts[n.Number] != 0:
			n.Outcome, n.Detail = domain.RejectPendingOrder, fmt.Sprintf("Already on open port-out %d.", f.portOuts[n.Number])
			pending = append(pending, n.Number)
		case f.portIns[n.Number] != 0:
			n.Outcome, n.Detail = domain.RejectPendingOrder, fmt.Sprintf("On open port-in request %d.", f.portIns[n.Number])
			pending = append(pending, n.Number)
		case inv.Status != domain.InventoryActive:
			n.Outcome, n.Detail = domain.RejectNumberInactive, "Not active ("+strings.ReplaceAll(string(inv.Status), "_", " ")+")."
			inactive = append(inactive, n.Number)
		default:
			n.Outcome, n.Detail, n.Held = "", "Active on the account.", true
		}
	}
	total := len(p.Numbers)
	p.Checks = []domain.PortOutCheck{
		numbersCheck(domain.CheckNumbers, domain.RejectNumberInactive, inactive, total, "active on the account", "not on the account or not active"),
		numbersCheck(domain.CheckOpenPort, domain.RejectPendingOrder, pending, total, "on no other open port", "already on another open port"),
		recordCheck(domain.CheckName, domain.RejectNameMismatch, p.EndUserName, f.protection.RecordName, "name",
			domain.NamesMatch(p.EndUserName, f.protection.RecordName)),
		recordCheck(domain.CheckPostcode, domain.RejectAddressMismatch, p.Postcode, f.protection.RecordPostcode, "postcode/ZIP",
			domain.PostcodesMatch(f.account.Country, p.Postcode, f.protection.RecordPostcode)),
		pinCheck(p, f.protection, pin, f.wrongPINs),
		lockCheck(f.protection, locked),
	}
}

func numbersCheck(name domain.PortOutCheckName, code domain.RejectionCode, bad []string, total int, good, wrong string) domain.PortOutCheck {
	if len(bad) == 0 {
		return domain.PortOutCheck{Check: name, Passed: true, Detail: fmt.Sprintf("%s %s.", domain.Plural(total, "number"), good)}
	}
	return domain.PortOutCheck{Check: name, Code: code, Detail: fmt.Sprintf("%d of %s %s: %s.", len(bad), domain.Plural(total, "number"), wrong, strings.Join(bad, ", "))}
}

func recordCheck(name domain.PortOutCheckName, code domain.RejectionCode, given, held, what string, match bool) domain.PortOutCheck {
	switch {
	case strings.TrimSpace(held) == "":
		return domain.PortOutCheck{Check: name, Passed: true, Skipped: true, Detail: "The account holds no " + what + " to match: not checked."}
	case strings.TrimSpace(given) == "":
		return domain.PortOutCheck{Check: name, Code: code, Detail: "No " + what + " given."}
	case match:
		return domain.PortOutCheck{Check: name, Passed: true, Detail: fmt.Sprintf("%q matches the account's records.", given)}
	}
	return domain.PortOutCheck{Check: name, Code: code, Detail: fmt.Sprintf("%q given; the account's records say %q.", given, held)}
}

// pinCheck verifies the given PIN with argon2id (constant time). With no PIN set, a given PIN
// is still hashed against a dummy, so the answer's timing does not tell whether one is set;
// paused, it is hashed and not looked at, for the same reason.
func pinCheck(p *domain.PortOut, pr domain.PortOutProtection, pin string, wrongPINs int) domain.PortOutCheck {
	given := pin != ""
	switch {
	case pr.PINSet() && given && wrongPINs >= maxWrongPINs:
		access.CheckPassword(pr.PINHash, pin)
		p.PINOutcome = domain.PINPaused
	case !pr.PINSet() && !given:
		p.PINOutcome = domain.PINNotRequired
	case !pr.PINSet():
		access.CheckNothing(pin)
		p.PINOutcome = domain.PINNotSet
	case !given:
		p.PINOutcome = domain.PINMissing
	case access.CheckPassword(pr.PINHash, pin):
		p.PINOutcome = domain.PINMatched
	default:
		p.PINOutcome = domain.PINWrong
	}
	c := domain.PortOutCheck{Check: domain.CheckPIN, Passed: p.PINOutcome.Passed()}
	switch p.PINOutcome {
	case domain.PINNotRequired:
		c.Detail, c.Skipped = "The account has no port-out PIN; none given.", true
	case domain.PINNotSet:
		c.Detail, c.Skipped = "A PIN was given, but the account has no port-out PIN to match.", true
	case domain.PINMissing:
		c.Code, c.Detail = domain.RejectPIN, "The account has a port-out PIN; none was given."
	case domain.PINMatched:
		c.Detail = "The PIN given is the account's."
	case domain.PINWrong:
		c.Code, c.Detail = domain.RejectPIN, "The PIN given is not the account's."
	case domain.PINPaused:
		c.Code, c.Detail = domain.RejectPIN, fmt.Sprintf("Not checked: %d port-outs gave a wrong PIN since it was set. No PIN passes until the account's admins set a new one.", wrongPINs)
	}
	return c
}

func lockCheck(pr domain.PortOutProtection, locked []string) domain.PortOutCheck {
	switch {
	case pr.Locked:
		return domain.PortOutCheck{Check: domain.CheckLock, Code: domain.RejectPortLock, Detail: "The account is locked against port-outs."}
	case len(locked) > 0:
		return domain.PortOutCheck{Check: domain.CheckLock, Code: domain.RejectPortLock, Detail: "Locked against port-outs: " + strings.Join(locked, ", ") + "."}
	}
	return domain.PortOutCheck{Check: domain.CheckLock, Passed: true, Detail: "No port-out lock."}
}

// lockFailed reports whether the lock check failed: such a port-out is rejected at once.
func lockFailed(p domain.PortOut) bool {
	for _, c := range p.Checks {
		if c.Check == domain.CheckLock && !c.Passed {
			return true
		}
	}
	return false
}

// rejectionReason is what the gaining provider is told: each code in its words, then the
// team's own note.
func rejectionReason(rs []domain.Rejection, note string) string {
	var lines []string
	for _, r := range rs {
		lines = append(lines, r.ToGainingProvider())
	}
	if note = strings.TrimSpace(note); note != "" {
		lines = append(lines, note)
	}
	return strings.Join(lines, "\n")
}
