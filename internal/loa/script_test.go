package loa

import "testing"

func TestVisual(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Acme Widgets Ltd", "Acme Widgets Ltd"},
		{"שלום", "םולש"},
		{"Acme שלום Ltd", "Acme םולש Ltd"},
		{"שלום 123", "123 םולש"},
		{"בע״מ (ישראל)", "(לארשי) מ״עב"},
		{"بب", "\uFE90\uFE91"},  // beh beh: initial then final, drawn right to left
		{"لا", "\uFEFB"},        // lam alef is one glyph
		{"بلا", "\uFEFC\uFE91"}, // joined lam alef after a beh
		{"ءب", "\uFE8F\uFE80"},  // hamza joins neither side
		{"دب", "\uFE8F\uFEA9"},  // dal does not join to the next letter
		{"Tel 42 عربي", "Tel 42 \uFEF2\uFE91\uFEAE\uFECB"},
		// Marks, isolates and joiners steer the order, then are not drawn: no font has them.
		{"Acme\u200E Ltd\u200F", "Acme Ltd"},
		{"\u2066Acme\u2069 \u202ELtd\u202C", "Acme Ltd"},
		{"Ac\u200Dme\uFEFF\u2060", "Acme"},
		{"שלום\u200F 123", "123 םולש"},
		// A zero-width non-joiner still breaks the join (final yeh, initial khah), unseen.
		{"می\u200Cخواهم", "\uFEE2\uFEEB\uFE8D\uFEEE\uFEA7\uFBFD\uFEE3"},
	}
	for _, tt := range tests {
		if got := visual(tt.in); got != tt.want {
			t.Errorf("visual(%q) = %q (%U), want %q (%U)", tt.in, got, []rune(got), tt.want, []rune(tt.want))
		}
	}
}
