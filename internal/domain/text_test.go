package domain

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	t.Parallel()
	short, long := TextRule{Max: 10}, TextRule{Max: 10, Multiline: true}
	for _, tt := range []struct {
		name, in string
		rule     TextRule
		want     string // "" with code: refused
		code     string
	}{
		{"trimmed", "  BT plc \n", short, "BT plc", ""},
		{"runes, not bytes", "Ünïcødé ✓", short, "Ünïcødé ✓", ""},
		{"too long", "eleven runes", short, "", "too_long"},
		{"NUL", "BT\x00plc", short, "", "invalid"},
		{"NUL over lines too", "BT\x00plc", long, "", "invalid"},
		{"line break on one line", "BT\nplc", short, "", "invalid"},
		{"line break over lines", "BT\nplc", long, "BT\nplc", ""},
		{"tab over lines", "BT\tplc", long, "BT\tplc", ""},
		{"escape", "BT\x1b[2J", long, "", "invalid"},
		{"C1 control", "BT\u0085plc", long, "", "invalid"},
		{"line separator", "BT\u2028plc", short, "", "invalid"},
		{"right-to-left override", "ab\u202Eexe.js", short, "", "invalid"},
		{"isolate", "abc\u2067def", long, "", "invalid"},
		{"right-to-left mark stays", "שלום\u200F", short, "שלום\u200F", ""},
		{"not UTF-8", "BT\xffplc", short, "", "invalid"},
		{"empty", "   ", short, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v Validation
			got := v.Text("f", tt.in, tt.rule)
			if got != tt.want {
				t.Fatalf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
			switch {
			case tt.code == "" && len(v.Fields) != 0:
				t.Fatalf("Text(%q) refused: %+v", tt.in, v.Fields)
			case tt.code != "" && (len(v.Fields) != 1 || v.Fields[0].Code != tt.code || v.Fields[0].Field != "f"):
				t.Fatalf("Text(%q): %+v, want one %s on f", tt.in, v.Fields, tt.code)
			}
		})
	}
}

// Whatever comes in, what Text accepts is trimmed UTF-8 within the rule's length, with no
// control character (but line breaks and tabs where allowed) and no direction override; and
// checking it again accepts it unchanged.
func FuzzText(f *testing.F) {
	for _, s := range []string{"BT plc", " a\nb ", "\x00", "\u202Eexe", "שלום\u200F", "\xff", "\t\r\n", "é\u2028"} {
		f.Add(s, 8, false)
		f.Add(s, 200, true)
	}
	f.Fuzz(func(t *testing.T, in string, max int, multiline bool) {
		rule := TextRule{Max: max%300 + 1, Multiline: multiline}
		var v Validation
		got := v.Text("f", in, rule)
		if len(v.Fields) > 1 {
			t.Fatalf("more than one problem with one field: %+v", v.Fields)
		}
		if len(v.Fields) == 1 {
			if got != "" {
				t.Fatalf("refused %q but returned %q", in, got)
			}
			return
		}
		if got != strings.TrimSpace(in) || !utf8.ValidString(got) || utf8.RuneCountInString(got) > rule.Max {
			t.Fatalf("accepted %q as %q", in, got)
		}
		for _, r := range got {
			if (unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t'))) || bidiControl(r) {
				t.Fatalf("accepted %q with %U", got, r)
			}
		}
		var again Validation
		if twice := again.Text("f", got, rule); twice != got || len(again.Fields) != 0 {
			t.Fatalf("not a fixed point: %q → %q %+v", got, twice, again.Fields)
		}
	})
}

func TestPlainSecretAndPlainLine(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in     string
		secret bool
		line   string
	}{
		{"correct horse battery staple", true, "correct horse battery staple"},
		{" spaces count ", true, " spaces count "},
		{"pass\x00word", false, "password"},
		{"pass\x1b[31mword", false, "pass[31mword"},
		{"pass\tword", false, "password"},
		{"pass\u2066word\u2069", false, "password"},
		{"pass\u202Eword", false, "password"},
		{"pässwörd ✓", true, "pässwörd ✓"},
		{"bad\xffutf8", false, "badutf8"},
		{"Mozilla/5.0 (X11; Linux x86_64)", true, "Mozilla/5.0 (X11; Linux x86_64)"},
	} {
		if got := PlainSecret(tt.in); got != tt.secret {
			t.Errorf("PlainSecret(%q) = %v, want %v", tt.in, got, tt.secret)
		}
		if got := PlainLine(tt.in); got != tt.line {
			t.Errorf("PlainLine(%q) = %q, want %q", tt.in, got, tt.line)
		}
	}
}
