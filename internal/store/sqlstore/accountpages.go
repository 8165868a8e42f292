package sqlstore

import (
	"strconv"
	"strings"
)

// maxAccountArms is the most accounts a list reads one index walk each for: past it, the
// page's IDs are sorted from all the accounts' index entries instead (one statement of a
// few hundred arms would cost more to plan than it saves).
const maxAccountArms = 32

// accountsPage is a condition on p.id: the IDs of the first limit rows of table, by ID in
// order, of accounts, with cond (the list's other filters, each starting " AND ", with no
// text search) true. A list of one account walks (account_id, …, id) in order; a
// subtree's list as one "account_id IN" made PostgreSQL read and sort every matching row
// of the subtree to keep 50 (6.5 ms in the server for the open requests of three busy
// customers in a 200,000-request seed; 0.63 ms as a walk of each account's page, merged).
// accountIDs holds at least one ID.
func accountsPage(b *builder, table string, accountIDs []int64, cond, order, limit string) string {
	if len(accountIDs) > maxAccountArms {
		// Sorting IDs read from an index costs a fraction of sorting whole rows.
		return `p.id IN (SELECT p.id FROM ` + table + ` p WHERE p.account_id IN ` + b.in(anys(accountIDs)) + cond +
			` ORDER BY p.id ` + order + ` LIMIT ` + limit + `)`
	}
	arms := make([]string, len(accountIDs))
	for i, id := range accountIDs {
		arms[i] = `p.account_id = ` + b.arg(id)
	}
	return armsPage(table, arms, nil, cond, order, limit, false)
}

// armRead is how one arm of armsPage is read, when the engine is told (ChosenReads): a
// hint after its table and the expression it orders by (p.id when empty).
type armRead struct{ hint, orderBy string }

// plain is whether the arm is read as any page of a list is: no hint, in ID order.
func (r armRead) plain() bool { return r.hint == "" && (r.orderBy == "" || r.orderBy == "p.id") }

// armsPage is a condition on p.id: the first limit rows of table in ID order of those each
// arm finds with cond (the list's other filters) beside it, a page read from each arm and
// the pages merged; reads, when given, is how each arm is read. Arms that may find the same
// row overlap, and their pages are merged without repeats. No arms find nothing.
func armsPage(table string, arms []string, reads []armRead, cond, order, limit string, overlap bool) string {
	if len(arms) == 0 {
		return `1 = 0`
	}
	pages := make([]string, len(arms))
	for i, arm := range arms {
		var r armRead
		if reads != nil {
			r = reads[i]
		}
		if r.orderBy == "" {
			r.orderBy = "p.id"
		}
		pages[i] = `SELECT id FROM (SELECT p.id FROM ` + table + ` p` + r.hint + ` WHERE ` + arm + cond +
			` ORDER BY ` + r.orderBy + ` ` + order + ` LIMIT ` + limit + `) AS k` + strconv.Itoa(i)
	}
	union := ` UNION ALL `
	if overlap {
		union = ` UNION `
	}
	return `p.id IN (` + strings.Join(pages, union) + ` ORDER BY id ` + order + ` LIMIT ` + limit + `)`
}
