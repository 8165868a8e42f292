package numbering

import "testing"

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"+441134960000": "+44 113 496 0000",
		"+447400123456": "+44 7400 123456",
		"+12015550123":  "+1 201-555-0123",
		"+14165550123":  "+1 416-555-0123",
		"":              "",
		"garbage":       "garbage",
		"01134960000":   "01134960000", // national: not ours to guess
		"+":             "+",
		"+999":          "+999",
	}
	for in, want := range tests {
		if got := Format(in); got != want {
			t.Errorf("Format(%q) = %q, want %q", in, got, want)
		}
	}
}
