package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// CopyFrom loads n rows in one statement, SQLite's nearest to PostgreSQL's COPY: the rows go
// in as one JSON array bound to one argument and are spread into columns by json_each. A
// 100,000-number upload in statements of a thousand rows cost 100 parses of 9,000-argument
// statements, and each statement copied every index page it touched that was there before
// it to the statement journal (a multi-row insert into indexed tables keeps one, to undo a
// half-done statement): the reversed-digits index is touched at random, so most pages were
// copied once per statement. One statement copies each page at most once. Its statements
// are kept prepared, as every other: a new two-number draft's copy parsed four of them, with
// the triggers they fire, every time.
func (q txQuerier) CopyFrom(ctx context.Context, table string, columns []string, n int, row func(i int) []any) (int64, error) {
	if n == 0 {
		return 0, nil
	}
	var rows bytes.Buffer
	rows.WriteByte('[')
	for i := range n {
		if i > 0 {
			rows.WriteByte(',')
		}
		vals := row(i)
		if len(vals) != len(columns) {
			return 0, fmt.Errorf("copy into %s: row %d has %d values for %d columns", table, i, len(vals), len(columns))
		}
		rows.WriteByte('[')
		for j, v := range vals {
			if j > 0 {
				rows.WriteByte(',')
			}
			if err := appendJSON(&rows, v); err != nil {
				return 0, fmt.Errorf("copy into %s: row %d, %s: %w", table, i, columns[j], err)
			}
		}
		rows.WriteByte(']')
	}
	rows.WriteByte(']')
	if table == "port_in_numbers" {
		return q.copyNumbers(ctx, columns, rows.String())
	}
	return q.Exec(ctx, copySQL(table, columns), rows.String())
}

// copyNumbers copies numbers, then counts each of their requests once: the requests are
// marked in numbers_copying for the insert, within the transaction (no other connection
// sees the mark), so the per-row trigger that keeps a request's count and first number
// stands aside (migration 0030). Per row, it and the list version it moved in turn cost
// 0.35–0.5 s of a 100,000-number upload's commit. The mark goes whatever happens, since a
// caller may carry on in the transaction after a failed statement.
func (q txQuerier) copyNumbers(ctx context.Context, columns []string, rows string) (n int64, err error) {
	at := slices.Index(columns, "port_in_id")
	if at < 0 {
		return 0, fmt.Errorf("copy into port_in_numbers: no port_in_id among %v", columns)
	}
	if _, err := q.Exec(ctx, `INSERT OR IGNORE INTO numbers_copying (port_in_id) SELECT DISTINCT value->>`+strconv.Itoa(at)+` FROM jsonb_each(?)`, rows); err != nil {
		return 0, err
	}
	defer func() {
		if _, cerr := q.Exec(ctx, `DELETE FROM numbers_copying`); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if n, err = q.Exec(ctx, copySQL("port_in_numbers", columns), rows); err != nil {
		return 0, err
	}
	_, err = q.Exec(ctx, `UPDATE port_ins SET
		numbers_count = (SELECT COUNT(*) FROM port_in_numbers n WHERE n.port_in_id = port_ins.id),
		first_number = COALESCE((SELECT MIN(n.number) FROM port_in_numbers n WHERE n.port_in_id = port_ins.id), '')
		WHERE id IN (SELECT port_in_id FROM numbers_copying)`)
	return n, err
}

// copySQL is the insert CopyFrom runs: value->>j is the j-th value of a row as SQL (a JSON
// string as TEXT, a number as INTEGER, true and false as 1 and 0).
func copySQL(table string, columns []string) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO ` + table + ` (` + strings.Join(columns, ", ") + `) SELECT `)
	for j := range columns {
		if j > 0 {
			b.WriteString(", ")
		}
		b.WriteString("value->>" + strconv.Itoa(j))
	}
	b.WriteString(` FROM jsonb_each(?)`)
	return b.String()
}

// appendJSON writes one value without the reflection json.Marshal costs on every value.
func appendJSON(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		appendJSONString(b, v)
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case int:
		b.WriteString(strconv.Itoa(v))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	default:
		return fmt.Errorf("no JSON form for %T", v)
	}
	return nil
}

// appendJSONString quotes s for JSON: only the quote, the backslash and control characters
// need escaping (json.Marshal also escapes <, > and & for HTML, which SQLite does not need).
func appendJSONString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		}
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
