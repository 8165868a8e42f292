package httpx

import (
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		remote     string
		xff        string // X-Forwarded-For, "" for none
		trustProxy bool
		want       string
	}{
		{name: "peer", remote: "192.0.2.1:51234", want: "192.0.2.1"},
		{name: "peer IPv6", remote: "[2001:db8::1]:443", want: "2001:db8::1"},
		{name: "peer without a port is taken as is", remote: "192.0.2.1", want: "192.0.2.1"},
		{name: "forwarded header ignored without a trusted proxy", remote: "192.0.2.1:51234", xff: "203.0.113.7", want: "192.0.2.1"},
		{name: "trusted proxy, one entry", remote: "10.0.0.2:80", xff: "203.0.113.7", trustProxy: true, want: "203.0.113.7"},
		{name: "trusted proxy takes the right-most entry, not the client's claims", remote: "10.0.0.2:80",
			xff: "198.51.100.9, 192.0.2.44,203.0.113.7", trustProxy: true, want: "203.0.113.7"},
		{name: "trusted proxy trims spaces", remote: "10.0.0.2:80", xff: " 198.51.100.9 ,  203.0.113.7  ", trustProxy: true, want: "203.0.113.7"},
		{name: "trusted proxy, no header: the peer", remote: "10.0.0.2:80", trustProxy: true, want: "10.0.0.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := ClientIP(r, tt.trustProxy); got != tt.want {
				t.Errorf("ClientIP(remote %q, X-Forwarded-For %q, trust %v) = %q, want %q", tt.remote, tt.xff, tt.trustProxy, got, tt.want)
			}
		})
	}
}
