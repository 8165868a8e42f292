package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// nameField is where a search by part of a name looks: a column of port_ins by the names
// its requests bear (port_in_names, migration 0035) and its index on (LOWER(column), id), or
// the account by the accounts' names and the requests' index on (account_id, id).
type nameField struct {
	column string // what is looked up, in p
	walked string // the same, as no index's: a walk tests it on each request it passes
	index  string
	key    string // the matching keys' column in from: name (TEXT) or id (BIGINT)
	from   string // where the keys are, of $1 the pattern
	folded string // from where the engine keeps names folded (AccountNamesFolded); empty: from
}

// keysOf is the keys holding pattern, an argument of b.
func (f nameField) keysOf(b *builder, pattern string) string {
	return `SELECT ` + f.key + ` ` + strings.Replace(f.from, `$1`, b.arg(pattern), 1)
}

// nameFieldsFor is nameFields as engine q reads them, worked out once with its queries:
// the accounts' folded names where it keeps them (AccountNamesFolded), LIKE without its
// ESCAPE clause where a backslash escapes unasked (LikeEscapes).
func nameFieldsFor(q Querier) []nameField {
	_, folded := q.(AccountNamesFolded)
	_, escapes := q.(LikeEscapes)
	fields := slices.Clone(nameFields)
	for i, f := range fields {
		if folded && f.folded != "" {
			fields[i].from = f.folded
		}
		if escapes {
			fields[i].from = strings.ReplaceAll(fields[i].from, likeEscape, "")
		}
	}
	return fields
}

var nameFields = []nameField{
	{"LOWER(p.customer_name)", "LOWER(p.customer_name) || ''", "port_ins_customer_name_lower", "name", `FROM port_in_names WHERE field = 'customer' AND name LIKE CAST($1 AS TEXT)` + likeEscape, ""},
	{"LOWER(p.losing_provider)", "LOWER(p.losing_provider) || ''", "port_ins_losing_provider_lower", "name", `FROM port_in_names WHERE field = 'provider' AND name LIKE CAST($1 AS TEXT)` + likeEscape, ""},
	{"p.account_id", "p.account_id + 0", "port_ins_account", "id", `FROM accounts WHERE lower(name) LIKE CAST($1 AS TEXT)` + likeEscape,
		`FROM accounts WHERE name_folded LIKE CAST($1 AS TEXT)` + likeEscape},
}

// keysHolding is the keys of each field that hold pattern, up to n a field, looked up in
// one statement: each statement a search runs waits its turn for a connection, and three
// lookups were three turns.
func (s *Queries) keysHolding(ctx context.Context, fields []nameField, pattern string, n int) ([][]any, error) {
	arms := make([]string, len(fields))
	for i, f := range fields {
		name, id := "name", "0"
		if f.key != "name" {
			name, id = "''", f.key
		}
		arms[i] = `SELECT * FROM (SELECT ` + strconv.Itoa(i) + ` AS field, ` + name + ` AS name, ` + id + ` AS id ` + f.from + ` LIMIT $2) AS k` + strconv.Itoa(i)
	}
	type found struct {
		field int
		name  string
		id    int64
	}
	rows, err := list(ctx, s, func(r Row) (k found, err error) { return k, r.Scan(&k.field, &k.name, &k.id) },
		strings.Join(arms, ` UNION ALL `), pattern, n)
	if err != nil {
		return nil, err
	}
	keys := make([][]any, len(fields))
	for _, k := range rows {
		if fields[k.field].key == "name" {
			keys[k.field] = append(keys[k.field], k.name)
		} else {
			keys[k.field] = append(keys[k.field], k.id)
		}
	}
	return keys, nil
}

// chosenNames is what a field's choice between its names' index and the walk was counted
// for: the text's pattern and the bound (the page size's fewNamedPages pages).
type chosenNames struct {
	pattern string
	few     int
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
// starting " AND ") beside it: a page of each way of finding it, merged (armsPage), or
// the one way, read in ID order with no hint, beside where in the statement that holds
// the condition. The names (and accounts) that hold it are looked up first, not the
// requests: a few are each a walk of its index in ID order, a page each; more are the
// requests that bear them, counted from the index up to fewNamedPages pages and read from
// it, sorted, when fewer, or else found by a walk of the requests in ID order, which soon
// finds a page of so common a text: one walk for every field whose text is that common,
// its choice kept for the text. An engine that plans by statistics (NamesPlanned) counts a
// name at a time, and is told to plan a statement that reads the names fewer requests bear
// for its text (many is true): its statistics of the names tell it how. A few names' pages
// are seeks by each, as a list's are, and the walk is the same for every common text: both
// are planned once.
//
// Where the walk reads each request's row (WalksRows), every field is tested on it, which
// beside the row's read costs little, and a text kept as common is walked at once, with no
// lookup of the names first: that lookup was a statement more, waiting its turn for a
// connection (a word in the queue on PostgreSQL at a million: p50 19-25 -> 14-20 ms).
// SQLite's walk reads an index alone, and there each field's test, a fold in Go a row, is
// much of the walk: it looks the names up every time and walks the fields holding many.
func (s *Queries) nameMatching(ctx context.Context, b *builder, text, where, order, limit string, pageSize int) (cond string, many bool, err error) {
	// LOWER on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
	// The typed text is a literal, so its % and _ are escaped.
	pattern := "%" + likeEscaper.Replace(strings.ToLower(text)) + "%"
	// The count reads the index as the arm will when few bear them; its choice is kept for
	// the same text and page size (choices), asked for once a search and field.
	few := fewNamedPages * pageSize
	key := chosenNames{pattern, few}
	type chosen struct{ common, ok bool }
	was := make([]*chosen, len(s.names))
	choice := func(i int) *chosen {
		if was[i] == nil {
			var c chosen
			c.common, c.ok = s.namesChosen.get(s.names[i].column, key)
			was[i] = &c
		}
		return was[i]
	}
	_, rowsRead := s.q.(WalksRows)
	if rowsRead {
		for i := range s.names {
			if c := choice(i); c.ok && c.common {
				return s.walkNames(b, pattern), false, nil
			}
		}
	}
	holding, err := s.keysHolding(ctx, s.names, pattern, maxNameArms+1)
	if err != nil {
		return "", false, err
	}
	_, planned := s.q.(NamesPlanned)
	walkFrom := len(s.names) // the first field walked for; the fields after it holding many join its walk, uncounted
	for i, f := range s.names {
		if len(holding[i]) <= maxNameArms {
			continue
		}
		c := choice(i)
		if !c.ok {
			var n int
			if planned {
				n, err = s.countEachName(ctx, f, pattern, few)
			} else {
				n, err = s.countUpTo(ctx, s.namesRead(f, true).hint, func(c *builder) string { return f.bearing(c, f.column, pattern) }, few)
			}
			if err != nil {
				return "", false, err
			}
			c.common = n >= few
			s.namesChosen.set(f.column, key, c.common)
		}
		if c.common {
			walkFrom = i
			break
		}
	}
	if walkFrom < len(s.names) && rowsRead {
		return s.walkNames(b, pattern), false, nil
	}
	var arms, walk []string
	var reads []armRead
	for i, f := range s.names {
		keys := holding[i]
		switch {
		case len(keys) <= maxNameArms:
			for _, k := range keys {
				arms, reads = append(arms, f.column+` = `+b.arg(k)), append(reads, s.namesRead(f, false))
			}
		case i >= walkFrom:
			walk = append(walk, f.bearing(b, f.walked, pattern))
		default:
			arms, reads = append(arms, f.bearing(b, f.column, pattern)), append(reads, s.namesRead(f, true))
			// Which way reads the names that fewer requests bear, their index or the
			// requests' in ID order, depends on how many names and requests: the planner
			// knows, from the text.
			many = many || planned
		}
	}
	if len(walk) > 0 {
		// One walk finds what every common field holds; given an index to seek, SQLite
		// would seek every request that bears the keys and sort them.
		arms, reads = append(arms, `(`+strings.Join(walk, ` OR `)+`)`), append(reads, armRead{})
	} else if len(arms) == 1 && reads[0].plain() {
		// One name (or account) read by its index in ID order, with no hint, is the page
		// itself: as a page of IDs, its requests were read twice (a whole customer's name
		// on PostgreSQL at a million: 0.34-0.39 -> 0.23-0.26 ms a search, pgbench).
		return arms[0], many, nil
	}
	return armsPage("port_ins", arms, reads, where, order, limit, true), many, nil
}

// walkNames is the condition, beside the list's filters in the statement that holds it,
// that any field's names (or accounts) holding pattern are borne, tested on each request a
// walk in ID order passes: the walk is the page, which as a page of IDs read again by ID
// was read twice (0.08-0.18 ms a search, pgbench).
func (s *Queries) walkNames(b *builder, pattern string) string {
	walk := make([]string, len(s.names))
	for i, f := range s.names {
		walk[i] = f.bearing(b, f.walked, pattern)
	}
	return `(` + strings.Join(walk, ` OR `) + `)`
}

// bearing is the condition that column is one of f's keys holding pattern.
func (f nameField) bearing(b *builder, column, pattern string) string {
	return column + ` IN (` + f.keysOf(b, pattern) + `)`
}

// namesRead is how an arm reads f's index, when the engine is told (ChosenReads): for one
// name, or sorted for the requests bearing several.
func (s *Queries) namesRead(f nameField, sorted bool) armRead {
	e, ok := s.q.(ChosenReads)
	if !ok {
		return armRead{}
	}
	hint, orderBy := e.ReadArm(f.index, sorted)
	return armRead{hint, orderBy}
}

// ForgetNames drops the names no request bears (domain.Store.ForgetNames), each looked for
// in its index. A name a transaction not yet committed has just given a request may go
// with them: an engine with concurrent writers runs it under a lock (PostgreSQL's Store).
func (s *Queries) ForgetNames(ctx context.Context) (int64, error) {
	return s.exec(ctx, `DELETE FROM port_in_names WHERE
		(field = 'customer' AND NOT EXISTS (SELECT 1 FROM port_ins p WHERE LOWER(p.customer_name) = port_in_names.name))
		OR (field = 'provider' AND NOT EXISTS (SELECT 1 FROM port_ins p WHERE LOWER(p.losing_provider) = port_in_names.name))`)
}

// countEachName counts the requests bearing field f's names (or accounts) that hold
// pattern, up to bound: one name after another from its index, so that the count stops at
// its bound. PostgreSQL, given the names as a set (IN, or = ANY of an array), read every
// request bearing them into a bitmap, or walked the table, before counting (28-80 ms for a
// word at a million requests; 7-10 ms a name at a time).
func (s *Queries) countEachName(ctx context.Context, f nameField, pattern string, bound int) (int, error) {
	var b builder
	lim := strconv.Itoa(bound)
	b.sql.WriteString(`SELECT COUNT(*) FROM (SELECT 1 FROM (` + f.keysOf(&b, pattern) +
		`) AS k (key) CROSS JOIN LATERAL (SELECT 1 FROM port_ins p WHERE ` + f.column + ` = k.key LIMIT ` + lim + `) AS r LIMIT ` + lim + `) AS c`)
	return s.count(ctx, &b)
}

// likeEscape is the clause that makes a backslash escape a LIKE pattern's next character,
// which an engine that does so unasked (LikeEscapes) is not given.
const likeEscape = ` ESCAPE '\'`

// likeEscaper makes typed text match itself in a LIKE ... ESCAPE '\' pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
