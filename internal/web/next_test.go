package web

import "testing"

// TestSecurityLoginNext: the post-login redirect stays on this site however next is dressed.
func TestSecurityLoginNext(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ next, want string }{
		{"/port-ins/42", "/port-ins/42"},
		{"/port-ins?status=open&q=a%20b", "/port-ins?status=open&q=a%20b"},
		{"/port-ins/42#numbers", "/port-ins/42#numbers"},
		{"/a%2Fb", "/a%2Fb"},
		{"/x?back=https://portdesk.test/y", "/x?back=https://portdesk.test/y"},
		{"", "/"},
		{"port-ins", "/"},
		{"//evil.example/", "/"},
		{"///evil.example/", "/"},
		{"https://evil.example/", "/"},
		{"HTTPS://evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"/\\evil.example", "/"},
		{"\\/evil.example", "/"},
		{"/\t/evil.example/", "/"},
		{"/\n/evil.example/", "/"},
		{"/\r\n/evil.example/", "/"},
		{"\t//evil.example/", "/"},
		{"/%09/evil.example/", "/"},
		{"/%0a/evil.example/", "/"},
		{"/%0D%0A/evil.example/", "/"},
		{"/%5Cevil.example", "/"},
		{"/%5cevil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/%2f%2fevil.example", "/"},
		{"%2F%2Fevil.example", "/"},
		{"/%2509/evil.example/", "/"},
		{"/%255Cevil.example", "/"},
		{"/%25252F/evil.example", "/"},
		{"/ok%00", "/"},
		{"/ok\x7f", "/"},
		{"/bad%zz", "/"},
		{"/a\tb", "/"}, // harmless, but no link of ours carries a raw tab
	} {
		if got := safeNext(tt.next); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

// FuzzSafeNext: what safeNext lets through is a path of this site however it is read.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/ok", "/%09/evil", "/\\evil", "//x", "https://x", "/%5Cevil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "/" {
			return
		}
		if got != next || len(got) < 1 || got[0] != '/' || (len(got) > 1 && (got[1] == '/' || got[1] == '\\')) {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
	})
}
