package desk

import "fmt"

// Plural writes a count with its noun: "1 number", "3 numbers".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

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
