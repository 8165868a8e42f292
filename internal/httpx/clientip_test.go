package httpx

import (
	"net/http/httptest"
	"testing"
)

// TestSecurityForwardedFor: behind trusted proxies the client address is what the farthest
// trusted proxy saw, whatever header lines and entries the client adds of its own.
func TestSecurityForwardedFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		remote string
		xff    []string // X-Forwarded-For header lines, in order
		hops   int
		want   string
	}{
		{name: "peer", remote: "192.0.2.1:51234", want: "192.0.2.1"},
		{name: "peer IPv6", remote: "[2001:db8::1]:443", want: "2001:db8::1"},
		{name: "peer IPv6 with a zone", remote: "[fe80::1%eth0]:443", want: "fe80::1"},
		{name: "peer IPv4-mapped IPv6 is IPv4", remote: "[::ffff:192.0.2.1]:443", want: "192.0.2.1"},
		{name: "peer without a port is taken as is", remote: "192.0.2.1", want: "192.0.2.1"},
		{name: "forwarded header ignored without a trusted proxy", remote: "192.0.2.1:51234", xff: []string{"203.0.113.7"}, want: "192.0.2.1"},
		{name: "one proxy, one entry", remote: "10.0.0.2:80", xff: []string{"203.0.113.7"}, hops: 1, want: "203.0.113.7"},
		{name: "one proxy takes the right-most entry, not the client's claims", remote: "10.0.0.2:80",
			xff: []string{"198.51.100.9, 192.0.2.44,203.0.113.7"}, hops: 1, want: "203.0.113.7"},
		{name: "spaces and empty entries", remote: "10.0.0.2:80", xff: []string{" 198.51.100.9 ,, ,  203.0.113.7  ,"}, hops: 1, want: "203.0.113.7"},
		{name: "no header: the peer", remote: "10.0.0.2:80", hops: 1, want: "10.0.0.2"},
		{name: "the client's own line comes first: the proxy's line wins", remote: "10.0.0.2:80",
			xff: []string{"198.51.100.66", "203.0.113.7"}, hops: 1, want: "203.0.113.7"},
		{name: "the client's own line with many entries", remote: "10.0.0.2:80",
			xff: []string{"1.1.1.1, 2.2.2.2, 3.3.3.3", "203.0.113.7"}, hops: 1, want: "203.0.113.7"},
		{name: "the proxy appended to the client's line", remote: "10.0.0.2:80",
			xff: []string{"198.51.100.66, 203.0.113.7"}, hops: 1, want: "203.0.113.7"},
		{name: "two proxies: the entry before the outer proxy's", remote: "10.0.0.3:80",
			xff: []string{"198.51.100.66, 203.0.113.7, 10.0.0.2"}, hops: 2, want: "203.0.113.7"},
		{name: "two proxies across lines", remote: "10.0.0.3:80",
			xff: []string{"198.51.100.66", "203.0.113.7", "10.0.0.2"}, hops: 2, want: "203.0.113.7"},
		{name: "two proxies, spoofed line with the outer proxy's address", remote: "10.0.0.3:80",
			xff: []string{"10.0.0.2, 10.0.0.2", "203.0.113.7, 10.0.0.2"}, hops: 2, want: "203.0.113.7"},
		{name: "fewer entries than proxies: the peer", remote: "10.0.0.3:80", xff: []string{"203.0.113.7"}, hops: 2, want: "10.0.0.3"},
		{name: "garbage where the address should be: the peer", remote: "10.0.0.2:80", xff: []string{"203.0.113.7, not-an-address"}, hops: 1, want: "10.0.0.2"},
		{name: "garbage on the left is the client's business", remote: "10.0.0.2:80", xff: []string{"<script>, unknown, 203.0.113.7"}, hops: 1, want: "203.0.113.7"},
		{name: "obfuscated identifier is not an address", remote: "10.0.0.2:80", xff: []string{"_hidden"}, hops: 1, want: "10.0.0.2"},
		{name: "IPv6 entry", remote: "10.0.0.2:80", xff: []string{"2001:DB8:0:0::7"}, hops: 1, want: "2001:db8::7"},
		{name: "IPv6 entry with brackets and port", remote: "10.0.0.2:80", xff: []string{"[2001:db8::7]:4711"}, hops: 1, want: "2001:db8::7"},
		{name: "IPv4 entry with a port", remote: "10.0.0.2:80", xff: []string{"203.0.113.7:4711"}, hops: 1, want: "203.0.113.7"},
		{name: "IPv4-mapped IPv6 entry is IPv4", remote: "10.0.0.2:80", xff: []string{"::ffff:203.0.113.7"}, hops: 1, want: "203.0.113.7"},
		{name: "IPv6 proxy peer", remote: "[2001:db8::2]:80", xff: []string{"2001:db8::66", "2001:db8::7"}, hops: 1, want: "2001:db8::7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, line := range tt.xff {
				r.Header.Add("X-Forwarded-For", line)
			}
			if got := ClientIP(r, tt.hops); got != tt.want {
				t.Errorf("ClientIP(remote %q, X-Forwarded-For %q, hops %d) = %q, want %q", tt.remote, tt.xff, tt.hops, got, tt.want)
			}
		})
	}
}

// FuzzClientIP: whatever the header says, the answer is an address or the peer as given.
func FuzzClientIP(f *testing.F) {
	f.Add("1.2.3.4, 5.6.7.8", "9.9.9.9", 1)
	f.Add("[::1]:80,,", "", 2)
	f.Fuzz(func(t *testing.T, line1, line2 string, hops int) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "10.0.0.2:80"
		r.Header.Add("X-Forwarded-For", line1)
		r.Header.Add("X-Forwarded-For", line2)
		got := ClientIP(r, hops%4)
		if _, ok := parseAddr(got); !ok {
			t.Fatalf("ClientIP = %q: not an address", got)
		}
	})
}
