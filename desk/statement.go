package desk

import (
	"context"
	"fmt"
	"time"

	"github.com/portdesk/portdesk/domain"
)

// Statement is an account's ledger for one calendar month in the account's time zone: its
// own entries and those of every account below it, grouped by account, with totals per
// currency (a statement may owe in several; amounts are never added across them).
type Statement struct {
	Account  domain.Account
	Month    string         // "2026-11"
	Zone     *time.Location // the account's zone: the month's bounds and the entries' dates
	From, To time.Time      // the month: entries made in [From, To)
	// Sections are the account first, then each account below it with entries that month,
	// by name.
	Sections []StatementSection
	Totals   []domain.Money // per currency, by code
}

// StatementSection is one account's part of a statement.
type StatementSection struct {
	Account domain.Account
	Entries []StatementEntry // in the order they were made
	Totals  []domain.Money
}

// StatementEntry is an entry as a statement shows it; its ReversedBy is the reversal's ID when
// the entry was reversed, in any month.
type StatementEntry struct {
	domain.LedgerEntry
	Reference string // "port-in #12", "port-out #3", or empty
}

// monthLayout is how a month is written in the API and the UI (the HTML month input's).
const monthLayout = "2006-01"

// parseMonth reads "YYYY-MM"; empty means now's month in the zone.
func parseMonth(s string, now time.Time, zone *time.Location) (time.Time, error) {
	if s == "" {
		y, m, _ := now.In(zone).Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, zone), nil
	}
	t, err := time.ParseInLocation(monthLayout, s, zone)
	if err != nil || t.Year() < 2000 || t.Year() > 9999 {
		return time.Time{}, &domain.Error{Code: domain.ErrInvalid, Message: "the month is not valid",
			Fields: []domain.FieldError{{Field: "month", Code: "invalid", Message: "Give the month as YYYY-MM, such as " + now.In(zone).Format(monthLayout) + "."}}}
	}
	return t, nil
}

// Statement builds an account's statement for month ("YYYY-MM"; empty: this month by the
// desk's clock, in the account's zone). Staff see any account; a customer's admins see their
// account and the accounts below it; other users of the account get ErrForbidden, and
// everyone else ErrNotFound, as for anything not theirs.
func (s *Service) Statement(ctx context.Context, a domain.Actor, accountID int64, month string) (Statement, error) {
	var st Statement
	acc, err := s.visibleAccount(ctx, s.store, a, accountID)
	if err != nil {
		return st, err
	}
	if !a.Staff {
		if err := requireAdmin(a); err != nil {
			return st, domain.Errorf(domain.ErrForbidden, "only an admin of the account can see its statement")
		}
	}
	zone := AccountZone(acc)
	from, err := parseMonth(month, s.now(), zone)
	if err != nil {
		return st, err
	}
	st = Statement{Account: acc, Month: from.Format(monthLayout), Zone: zone, From: from, To: from.AddDate(0, 1, 0)}
	ids, err := s.store.AccountSubtree(ctx, acc.ID)
	if err != nil {
		return st, err
	}
	accs, err := s.store.Accounts(ctx, ids)
	if err != nil {
		return st, err
	}
	// One read: each entry comes with its reversal's ID, whatever month that was made in.
	es, err := s.store.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: ids, From: st.From, To: st.To})
	if err != nil {
		return st, err
	}
	byAccount := map[int64][]domain.LedgerEntry{}
	for _, e := range es {
		byAccount[e.AccountID] = append(byAccount[e.AccountID], e)
	}
	st.Sections = append(st.Sections, section(acc, byAccount[acc.ID]))
	for _, sub := range accs { // by name
		if sub.ID != acc.ID && len(byAccount[sub.ID]) > 0 {
			st.Sections = append(st.Sections, section(sub, byAccount[sub.ID]))
		}
	}
	st.Totals = currencyTotals(es)
	return st, nil
}

func section(acc domain.Account, es []domain.LedgerEntry) StatementSection {
	sec := StatementSection{Account: acc, Entries: make([]StatementEntry, 0, len(es)), Totals: currencyTotals(es)}
	for _, e := range es {
		sec.Entries = append(sec.Entries, StatementEntry{LedgerEntry: e, Reference: LedgerReference(e)})
	}
	return sec
}

// LedgerReference names what an entry is for, as the customer knows it.
func LedgerReference(e domain.LedgerEntry) string {
	switch {
	case e.PortInID != 0:
		return fmt.Sprintf("port-in #%d", e.PortInID)
	case e.PortOutID != 0:
		return fmt.Sprintf("port-out #%d", e.PortOutID)
	}
	return ""
}
