package domain

import "testing"

func TestParsePAC(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"ABC123456", "ABC123456", true},
		{"abc123456", "ABC123456", true},
		{" aBc 123 456 ", "ABC123456", true},
		{"", "", false},
		{"AB1234567", "", false},  // two letters
		{"ABCD12345", "", false},  // four letters
		{"ABC12345", "", false},   // five digits
		{"ABC1234567", "", false}, // seven digits
		{"123456ABC", "", false},  // the wrong way round
		{"ÄBC123456", "", false},  // letters are A to Z
		{"ABC-123456", "", false}, // a dash is not a space
		{"ABC１２３４５６", "", false},  // full-width digits
	} {
		got, ok := ParsePAC(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParsePAC(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if LOAUKMobilePAC.Letter() || !LOAUKGeographic.Letter() || !LOAUSLocal.Letter() {
		t.Error("only a UK mobile ports without a letter")
	}
}
