package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// matching is a subquery of the IDs of the requests a search finds (matchingArms' UNION):
// at most the matches, so a search never walks the requests.
func matching(b *builder, number string, id int64) string {
	arms := matchingArms(b, number, id)
	if len(arms) == 0 {
		return `SELECT CAST(0 AS BIGINT)` // no request has ID 0: digits that are no number match nothing
	}
	sqls := make([]string, len(arms))
	for i, a := range arms {
		sqls[i] = a.sql
	}
	return strings.Join(sqls, ` UNION `)
}

// matchArm is one way a search finds requests: a statement giving request IDs, an index
// lookup or range of column (none for the ID typed).
type matchArm struct{ sql, column string }

// matchingArms is a search's ways of finding requests: the request with ID id, and those
// with a number or BTN that is number (E.164), or, for digits, that begins with one of
// domain.NumberSearchPrefixes or ends with them. None when number is neither and id is 0.
func matchingArms(b *builder, number string, id int64) []matchArm {
	var arms []matchArm
	if id > 0 {
		arms = append(arms, matchArm{`SELECT CAST(` + b.arg(id) + ` AS BIGINT)`, ""})
	}
	// Each column has its index; the BTNs' leave out the requests without one.
	lookup := func(cond func(col string) string, numbers, btns string) {
		arms = append(arms, matchArm{`SELECT port_in_id FROM port_in_numbers WHERE ` + cond(numbers), numbers},
			matchArm{`SELECT id FROM port_ins WHERE ` + cond(btns) + ` AND ` + btns + ` <> ''`, btns})
	}
	switch {
	case number == "":
	case strings.HasPrefix(number, "+"):
		e := b.arg(number)
		lookup(func(col string) string { return col + ` = ` + e }, "number", "btn")
	default:
		for _, p := range domain.NumberSearchPrefixes(number) {
			lookup(textRange(b, p), "number", "btn")
		}
		if rev := reversedDigits("+" + number); rev != "" {
			lookup(textRange(b, rev), "digits_rev", "btn_rev")
		}
	}
	return arms
}

// fewMatches is the most index entries a search by number or ID reads the matching
// requests' IDs from before their page is read by ID. A whole number, its last digits or
// an ID match a request or a few; as one statement with the list's filters, PostgreSQL
// planned the arms afresh on every search (1.0-1.2 ms to plan, 0.2 to run at a million
// requests), since a plan kept for any digits walked the requests for a page.
const fewMatches = 64

// matchedIDs is the IDs of the requests a search by number or ID finds, read first from
// matchingArms' indexes up to fewMatches entries, sorted and without repeats. ok is false
// when more match (a few first digits), or for a whole number alone, whose two lookups by
// equality one statement plans once (read first, they cost a statement more: p50 2.0-3.2
// -> 3.2-3.6 ms at a million): the search then reads its page with the arms beside the
// list's filters (matching), which its engine can plan to walk.
func (s *Queries) matchedIDs(ctx context.Context, number string, id int64) (ids []int64, ok bool, err error) {
	if id == 0 && strings.HasPrefix(number, "+") {
		return nil, false, nil
	}
	var b builder
	arms := matchingArms(&b, number, id)
	if len(arms) == 0 {
		return nil, true, nil
	}
	// UNION ALL and a LIMIT: the engine stops reading at the first entry past the bound,
	// where UNION would read every match to drop repeats first. A LIMIT on each arm too:
	// without it PostgreSQL's plan for any digits read each range whole into a bitmap
	// first (18-93 ms for two digits at a million; 0.15 ms with it).
	// In its index's order too: else, at 200,000 numbers, a plan for any digits read the
	// range into a bitmap in spite of the LIMIT.
	bound := strconv.Itoa(fewMatches + 1)
	sqls := make([]string, len(arms))
	for i, a := range arms {
		sqls[i] = a.sql
		if a.column != "" {
			sqls[i] = `SELECT * FROM (` + a.sql + ` ORDER BY ` + a.column + ` LIMIT ` + bound + `) AS m` + strconv.Itoa(i)
		}
	}
	found, err := list(ctx, s, func(r Row) (id int64, err error) { return id, r.Scan(&id) },
		strings.Join(sqls, ` UNION ALL `)+` LIMIT `+bound, b.args...)
	if err != nil || len(found) > fewMatches {
		return nil, false, err
	}
	slices.Sort(found)
	return slices.Compact(found), true, nil
}

// idsIn is ids as an IN list of b's arguments, the last repeated up to a power of two:
// the engines keep a statement per text, and a list a length each filled PostgreSQL's
// cache with up to fewMatches texts for one search. ids holds at least one ID.
func idsIn(b *builder, ids []int64) string {
	n := 1
	for n < len(ids) {
		n *= 2
	}
	padded := anys(ids)
	for len(padded) < n {
		padded = append(padded, ids[len(ids)-1])
	}
	return b.in(padded)
}

// textRange returns a condition that a column begins with prefix, written as a range so
// both engines read it from a plain index: [prefix, the next string of its length).
// prefix is "+" and digits, or digits; the next is the last digit below 9 plus one, with
// the 9s after it dropped, and a run of 9s has no next (nothing sorts above it but
// longer strings that begin with it).
func textRange(b *builder, prefix string) func(col string) string {
	lo := b.arg(prefix)
	hi := ""
	if i := strings.LastIndexFunc(prefix, func(r rune) bool { return r >= '0' && r < '9' }); i >= 0 {
		hi = b.arg(prefix[:i] + string(prefix[i]+1))
	}
	return func(col string) string {
		if hi == "" {
			return col + ` >= ` + lo
		}
		return col + ` >= ` + lo + ` AND ` + col + ` < ` + hi
	}
}

// reversedDigits is an E.164 number's digits backwards (digits_rev, btn_rev): a number's
// last digits are the start of this, so "ends with" is a range of an index.
func reversedDigits(e164 string) string {
	d := strings.TrimPrefix(e164, "+")
	out := make([]byte, len(d))
	for i := range len(d) {
		out[len(d)-1-i] = d[i]
	}
	return string(out)
}
