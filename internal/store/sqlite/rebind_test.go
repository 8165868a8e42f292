package sqlite

import "testing"

func TestRebind(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"no parameters", "SELECT 1", "SELECT 1"},
		{"in order: bare ?", "SELECT a FROM t WHERE b = $1 AND c IN ($2,$3)", "SELECT a FROM t WHERE b = ? AND c IN (?,?)"},
		{"two digits in order", "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)", "VALUES (?,?,?,?,?,?,?,?,?,?,?)"},
		{"reused: numbered", "UPDATE t SET a = $1 WHERE b = $2 OR c = $1", "UPDATE t SET a = ?1 WHERE b = ?2 OR c = ?1"},
		{"out of order: numbered", "SELECT $2, $1", "SELECT ?2, ?1"},
		{"a $ that is no parameter", "SELECT '$' || $1", "SELECT '$' || ?"},
		{"trailing $", "SELECT $1 || $", "SELECT ? || $"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := rebind(tt.in); got != tt.want {
				t.Errorf("rebind(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
