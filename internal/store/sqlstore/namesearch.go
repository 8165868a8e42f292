package sqlstore

import (
	"context"
	"strings"
)

// nameField is a column of port_ins a search by part of a name looks in, by its names in
// port_in_names (migration 0035) and its index on (LOWER(column), id).
type nameField struct{ field, column, index string }

var nameFields = []nameField{
	{"customer", "customer_name", "port_ins_customer_name_lower"},
	{"provider", "losing_provider", "port_ins_losing_provider_lower"},
}

// maxNameArms is the most names (or accounts) a search reads a page of each for, by its
// index in ID order: past it, the search counts the requests that bear them.
const maxNameArms = 16

// fewNamedPages is how many pages' worth of requests bearing the names a search found are
// read from the names' index and sorted, rather than found by a walk of the requests in ID
// order: when fewer bear them, the index reads just those (a walk reads every request to
// find a rare name: 26–41 ms of CPU on SQLite at a million requests); when more, a walk
// finds a page of them sooner (it reads a page's share of the requests, a hundredth at most).
const fewNamedPages = 100

// nameMatching is the condition that the customer's name, the losing provider or the
// account's name holds text, in any case, with the list's other filters (where, each
// starting " AND ") beside it: a page of each way of finding it, merged (armsPage). Each
// column's matching names are looked up first among the names, not the requests: a few are
// each a walk of its index in ID order, a page each; more are the requests that bear them,
// counted from the index up to fewNamedPages pages and read from it, sorted, when fewer,
// else the requests are walked in ID order, which soon finds a page of so common a text.
// The account's name is alike: a page of each account whose name holds it.
func (s *Queries) nameMatching(ctx context.Context, b *builder, text, where, order, limit string, pageSize int) (string, error) {
	// LOWER on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
	// The typed text is a literal, so its % and _ are escaped.
	pattern := "%" + likeEscaper.Replace(strings.ToLower(text)) + "%"
	e, _ := s.q.(ChosenReads)
	read := func(index string, sorted bool) armRead {
		if e == nil {
			return armRead{}
		}
		hint, orderBy := e.ReadArm(index, sorted)
		return armRead{hint, orderBy}
	}
	var arms []string
	var reads []armRead
	for _, f := range nameFields {
		names, err := list(ctx, s, func(r Row) (n string, err error) { return n, r.Scan(&n) }, `SELECT name FROM port_in_names WHERE field = $1 AND name LIKE CAST($2 AS TEXT) ESCAPE '\' ORDER BY name LIMIT $3`,
			f.field, pattern, maxNameArms+1)
		if err != nil {
			return "", err
		}
		if len(names) <= maxNameArms {
			for _, n := range names {
				arms = append(arms, `LOWER(p.`+f.column+`) = `+b.arg(n))
				reads = append(reads, read(f.index, false))
			}
			continue
		}
		// The count reads the names' index as the arm will when few bear them.
		named := func(b *builder) string {
			return `LOWER(p.` + f.column + `) IN (SELECT name FROM port_in_names WHERE field = ` + b.arg(f.field) +
				` AND name LIKE CAST(` + b.arg(pattern) + ` AS TEXT) ESCAPE '\')`
		}
		few := fewNamedPages * pageSize
		r := read(f.index, true)
		var c builder
		c.sql.WriteString(`SELECT COUNT(*) FROM (SELECT 1 FROM port_ins p` + r.hint + ` WHERE ` + named(&c) + ` LIMIT ` + c.arg(few) + `) AS c`)
		var n int
		if err := s.q.QueryRow(ctx, c.sql.String(), c.args...).Scan(&n); err != nil {
			return "", s.wrap(err)
		}
		if n < few {
			arms, reads = append(arms, named(b)), append(reads, r)
		} else {
			arms, reads = append(arms, `LOWER(p.`+f.column+`) LIKE CAST(`+b.arg(pattern)+` AS TEXT) ESCAPE '\'`), append(reads, armRead{})
		}
	}
	accounts, err := list(ctx, s, func(r Row) (id int64, err error) { return id, r.Scan(&id) },
		`SELECT id FROM accounts WHERE LOWER(name) LIKE CAST($1 AS TEXT) ESCAPE '\' ORDER BY id LIMIT $2`, pattern, maxNameArms+1)
	if err != nil {
		return "", err
	}
	if len(accounts) <= maxNameArms {
		for _, id := range accounts {
			arms, reads = append(arms, `p.account_id = `+b.arg(id)), append(reads, armRead{})
		}
	} else {
		arms = append(arms, `p.account_id IN (SELECT id FROM accounts WHERE LOWER(name) LIKE CAST(`+b.arg(pattern)+` AS TEXT) ESCAPE '\')`)
		reads = append(reads, armRead{})
	}
	return armsPage("port_ins", arms, reads, where, order, limit, true), nil
}

// likeEscaper makes typed text match itself in a LIKE ... ESCAPE '\' pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
