package sqlstore

import (
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
)

// matching is a subquery of the IDs of the requests a search finds: the request with ID id,
// and those with a number or BTN that is number (E.164), or, for digits, that begins with one
// of domain.NumberSearchPrefixes or ends with them. Each arm is an index lookup or range;
// their UNION is at most the matches, so a search never walks the requests.
func matching(b *builder, number string, id int64) string {
	var arms []string
	if id > 0 {
		arms = append(arms, `SELECT CAST(`+b.arg(id)+` AS BIGINT)`)
	}
	switch {
	case number == "":
	case strings.HasPrefix(number, "+"):
		e := b.arg(number)
		arms = append(arms, `SELECT port_in_id FROM port_in_numbers WHERE number = `+e,
			`SELECT id FROM port_ins WHERE btn = `+e+` AND btn <> ''`)
	default:
		for _, p := range domain.NumberSearchPrefixes(number) {
			r := textRange(b, p)
			arms = append(arms, `SELECT port_in_id FROM port_in_numbers WHERE `+r("number"),
				`SELECT id FROM port_ins WHERE `+r("btn")+` AND btn <> ''`)
		}
		if rev := reversedDigits("+" + number); rev != "" {
			r := textRange(b, rev)
			arms = append(arms, `SELECT port_in_id FROM port_in_numbers WHERE `+r("digits_rev"),
				`SELECT id FROM port_ins WHERE `+r("btn_rev")+` AND btn_rev <> ''`)
		}
	}
	if len(arms) == 0 {
		return `SELECT CAST(0 AS BIGINT)` // no request has ID 0: digits that are no number match nothing
	}
	return strings.Join(arms, ` UNION `)
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
