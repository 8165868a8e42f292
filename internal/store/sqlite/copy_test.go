package sqlite

import (
	"context"
	"slices"
	"testing"
	"unicode/utf8"
)

// copyRoundTrip loads rows with CopyFrom into a table of their own and reads them back.
func copyRoundTrip(t *testing.T, st *Store, rows [][]any) [][]any {
	t.Helper()
	ctx := context.Background()
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // the table is the test's own
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS copied (n INTEGER PRIMARY KEY, s TEXT, i INTEGER, b INTEGER, z TEXT)`); err != nil {
		t.Fatal(err)
	}
	q := txQuerier{tx: tx}
	got, err := q.CopyFrom(ctx, "copied", []string{"n", "s", "i", "b", "z"}, len(rows), func(i int) []any { return rows[i] })
	if err != nil {
		t.Fatal(err)
	}
	if got != int64(len(rows)) {
		t.Fatalf("copied %d rows of %d", got, len(rows))
	}
	res, err := tx.QueryContext(ctx, `SELECT n, s, i, b, z FROM copied ORDER BY n`)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	var out [][]any
	for res.Next() {
		var n, i int64
		var b bool
		var s string
		var z *string
		if err := res.Scan(&n, &s, &i, &b, &z); err != nil {
			t.Fatal(err)
		}
		r := []any{n, s, i, b, nil}
		if z != nil {
			r[4] = *z
		}
		out = append(out, r)
	}
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCopyFromKeepsValues: what goes in through the JSON array comes out as it was bound,
// text that needs escaping, text that looks like a number or like JSON, integers past
// 2^53, booleans and NULL alike.
func TestCopyFromKeepsValues(t *testing.T) {
	t.Parallel()
	st := OpenTest(t)
	rows := [][]any{
		{int64(1), "+441132000000", int64(0), true, nil},
		{int64(2), `quote " and backslash \ and slash /`, int64(-7), false, "x"},
		{int64(3), "tab\tnewline\ncontrol\x01\x1f", int64(1) << 62, true, "0123"},
		{int64(4), "ünïcödé ☎ <b>&amp;</b>", int64(9007199254740993), false, `{"a":1}`},
		{int64(5), "", int64(42), true, "[1,2]"},
		{int64(6), "007", int64(0), false, "null"},
	}
	got := copyRoundTrip(t, st, rows)
	if !slices.EqualFunc(got, rows, slices.Equal) {
		t.Errorf("copied\n%q\nread back\n%q", rows, got)
	}
}

// FuzzCopyFromText: any valid UTF-8 text reads back as it was copied.
func FuzzCopyFromText(f *testing.F) {
	for _, s := range []string{"", `"`, `\`, "\x00", "\u2028", "+44 113 496 0000", `\u0041`} {
		f.Add(s)
	}
	st := OpenTest(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("text is validated as UTF-8 before it is stored")
		}
		rows := [][]any{{int64(1), s, int64(1), true, s}}
		got := copyRoundTrip(t, st, rows)
		if len(got) != 1 || got[0][1] != s || got[0][4] != s {
			t.Errorf("copied %q, read back %q", s, got)
		}
	})
}
