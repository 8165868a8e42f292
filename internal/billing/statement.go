package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Statement is an account's ledger for one calendar month in the account's time zone: its
// own entries and those of every account below it, grouped by account, with totals per
// currency (a statement may owe in several; amounts are never added across them).
type Statement struct {
	Account  domain.Account
	Month    string         // "2026-11"
	Prev     string         // the month before, "2026-10"
	Next     string         // the month after, "2026-12"
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

// parseMonth reads "YYYY-MM"; empty means now's month in the zone. It gives the month's
// numbers, not a time: the month's bounds are each worked out from them (monthStart), since
// midnight on the 1st may not exist in the zone.
func parseMonth(s string, now time.Time, zone *time.Location) (int, time.Month, error) {
	if s == "" {
		y, m, _ := now.In(zone).Date()
		return y, m, nil
	}
	t, err := time.Parse(monthLayout, s) // the numbers only: in UTC, which has no gaps
	if err != nil || t.Year() < 2000 || t.Year() > 9999 {
		return 0, 0, &domain.Error{Code: domain.ErrInvalid, Message: "the month is not valid",
			Fields: []domain.FieldError{{Field: "month", Code: "invalid", Message: "Give the month as YYYY-MM, such as " + now.In(zone).Format(monthLayout) + "."}}}
	}
	return t.Year(), t.Month(), nil
}

// monthStart is when month m of year y begins in zone: midnight on the 1st, or, where the
// zone skips that midnight (a DST change at 00:00, as America/Asuncion's on 1 October 2023),
// the moment the clocks jump, the 1st's first instant. time.Date gives a time on the 30th
// for such a midnight; taken as is, the month would begin an hour early, wear the previous
// month's name, and the next month would lose its last hour.
func monthStart(y int, m time.Month, zone *time.Location) time.Time {
	t := time.Date(y, m, 1, 0, 0, 0, 0, zone)
	if t.Day() != 1 {
		if _, end := t.ZoneBounds(); !end.IsZero() {
			t = end
		}
	}
	return t
}

// MonthLabel writes a month as the API and the UI do: "2026-11". time.Date normalises m, so
// MonthLabel(2026, 13) is "2027-01".
func MonthLabel(y int, m time.Month) string {
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Format(monthLayout)
}

// Statement builds an account's statement for month ("YYYY-MM"; empty: this month by the
// desk's clock, in the account's zone). Staff see any account; a customer's admins see their
// account and the accounts below it; other users of the account get ErrForbidden, and
// everyone else ErrNotFound, as for anything not theirs.
func (s *Service) Statement(ctx context.Context, a domain.Actor, accountID int64, month string) (st Statement, err error) {
	defer desk.Wrap(&err, "statement of account %d for %s", accountID, desk.OrDefault(desk.Truncate(month, 20), "this month"))
	acc, err := s.desk.VisibleAccount(ctx, s.desk.Store, a, accountID)
	if err != nil {
		return st, err
	}
	if !a.Staff {
		if err := desk.RequireAdmin(a); err != nil {
			return st, domain.Errorf(domain.ErrForbidden, "only an admin of the account can see its statement")
		}
	}
	zone := desk.AccountZone(acc)
	y, m, err := parseMonth(month, s.desk.Now(), zone)
	if err != nil {
		return st, err
	}
	st = Statement{Account: acc, Month: MonthLabel(y, m), Prev: MonthLabel(y, m-1), Next: MonthLabel(y, m+1), Zone: zone,
		From: monthStart(y, m, zone), To: monthStart(y, m+1, zone)}
	ids, err := s.desk.Store.AccountSubtree(ctx, acc.ID)
	if err != nil {
		return st, err
	}
	accs, err := s.desk.Store.Accounts(ctx, ids)
	if err != nil {
		return st, err
	}
	// One read: each entry comes with its reversal's ID, whatever month that was made in.
	es, err := s.desk.Store.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: ids, From: st.From, To: st.To})
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
