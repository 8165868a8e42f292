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
		arms = append(arms, matchArm{idTyped(b, id), ""})
	}
	lookup := func(cond func(col string) string, numbers, btns string) {
		for _, x := range numberIndexes(numbers, btns) {
			arms = append(arms, matchArm{x.read(cond), x.col})
		}
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

// idTyped is the statement giving the ID typed, as the arms' request IDs are typed.
func idTyped(b *builder, id int64) string { return `SELECT CAST(` + b.arg(id) + ` AS BIGINT)` }

// numberIndex is one index a search by number reads: a column of the requests' numbers, or
// of the requests themselves (their BTNs), each giving request IDs.
type numberIndex struct{ id, table, col, cond string }

// numberIndexes is where a search looks for numbers (column numbers) and BTNs (btns): each
// column has its index, and the BTNs' leave out the requests without one.
func numberIndexes(numbers, btns string) [2]numberIndex {
	return [2]numberIndex{{"port_in_id", "port_in_numbers", numbers, ""}, {"id", "port_ins", btns, ` AND ` + btns + ` <> ''`}}
}

// read is the statement giving the request IDs whose column meets cond.
func (x numberIndex) read(cond func(col string) string) string {
	return `SELECT ` + x.id + ` FROM ` + x.table + ` WHERE ` + cond(x.col) + x.cond
}

// fewMatches is the most index entries a search by number or ID reads the matching
// requests' IDs from before their page is read by ID. A whole number, its last digits or
// an ID match a request or a few; as one statement with the list's filters, PostgreSQL
// planned the search for its digits every time, since a plan kept for any digits walked
// the requests for a page (thirteenth pass in README: a search's CPU 1.07 -> 0.31 ms).
const fewMatches = 64

// matchBound is the LIMIT of matchedIDs' statements: one entry past fewMatches.
const matchBound = fewMatches + 1

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
	var sql string
	if _, arrays := s.q.(RangeArrays); arrays && !strings.HasPrefix(number, "+") {
		sql = rangesRead(&b, number, id)
	} else {
		sql = armsRead(&b, number, id)
	}
	if sql == "" {
		return nil, true, nil
	}
	found, err := list(ctx, s, func(r Row) (id int64, err error) { return id, r.Scan(&id) }, sql, b.args...)
	if err != nil || len(found) > fewMatches {
		return nil, false, err
	}
	slices.Sort(found)
	return slices.Compact(found), true, nil
}

// armsRead is matchedIDs' statement: matchingArms, each a bounded page of its index. Empty
// when there are none.
func armsRead(b *builder, number string, id int64) string {
	arms := matchingArms(b, number, id)
	if len(arms) == 0 {
		return ""
	}
	// UNION ALL and a LIMIT: the engine stops reading at the first entry past the bound,
	// where UNION would read every match to drop repeats first. Each arm is a page of its
	// index in order too: a plan of PostgreSQL's for any digits read a whole range into a
	// bitmap first (18-93 ms for two digits at a million), with a LIMIT alone still at
	// 200,000 numbers.
	bound := strconv.Itoa(matchBound)
	sqls := make([]string, len(arms))
	for i, a := range arms {
		sqls[i] = a.sql
		if a.column != "" {
			sqls[i] = `SELECT * FROM (` + a.sql + ` ORDER BY ` + a.column + ` LIMIT ` + bound + `) AS m` + strconv.Itoa(i)
		}
	}
	return strings.Join(sqls, ` UNION ALL `) + ` LIMIT ` + bound
}

// rangesRead is armsRead where the engine reads ranges given as arrays (RangeArrays):
// digits' prefixes and last digits are each an array of ranges, two arguments, read from
// the numbers' and the BTNs' indexes, so that the statement is the same for any digits.
func rangesRead(b *builder, digits string, id int64) string {
	bound := strconv.Itoa(matchBound)
	var arms []string
	if id > 0 {
		arms = append(arms, idTyped(b, id))
	}
	inRange := func(col string) string { return col + ` >= r.lo AND ` + col + ` < r.hi` }
	read := func(prefixes []string, numbers, btns string) {
		if len(prefixes) == 0 {
			return
		}
		los, his := make([]string, len(prefixes)), make([]string, len(prefixes))
		for i, p := range prefixes {
			los[i], his[i] = prefixRange(p)
		}
		lo, hi := b.arg(los), b.arg(his)
		ranges := `unnest(CAST(` + lo + ` AS TEXT[]), CAST(` + hi + ` AS TEXT[])) AS r (lo, hi)`
		for _, x := range numberIndexes(numbers, btns) {
			arms = append(arms, `SELECT m.id FROM `+ranges+` CROSS JOIN LATERAL (`+x.read(inRange)+
				` ORDER BY `+x.col+` LIMIT `+bound+`) AS m (id)`)
		}
	}
	read(domain.NumberSearchPrefixes(digits), "number", "btn")
	if rev := reversedDigits("+" + digits); rev != "" {
		read([]string{rev}, "digits_rev", "btn_rev")
	}
	if len(arms) == 0 {
		return ""
	}
	return strings.Join(arms, ` UNION ALL `) + ` LIMIT ` + bound
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
// both engines read it from a plain index (prefixRange).
func textRange(b *builder, prefix string) func(col string) string {
	lo, hi := prefixRange(prefix)
	l, h := b.arg(lo), b.arg(hi)
	return func(col string) string { return col + ` >= ` + l + ` AND ` + col + ` < ` + h }
}

// prefixRange is the strings that begin with prefix, "+" and digits or digits, as a range
// [lo, hi): the next string of its length, the last digit below 9 plus one with the 9s after
// it dropped; for a run of 9s, which no string of its length follows, the prefix and sixteen
// 9s more, longer than any number (E.164 has at most 15 digits) that begins with it.
func prefixRange(prefix string) (lo, hi string) {
	if i := strings.LastIndexFunc(prefix, func(r rune) bool { return r >= '0' && r < '9' }); i >= 0 {
		return prefix, prefix[:i] + string(prefix[i]+1)
	}
	return prefix, prefix + strings.Repeat("9", 16)
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
