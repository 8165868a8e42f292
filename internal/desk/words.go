package desk

// Truncate shortens s to n characters (runes), marking the cut with an ellipsis.
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// OrDefault is s, or d when s is empty: what a message says in place of a blank.
func OrDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
