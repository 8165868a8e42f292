package httpx

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP is the address a request came from. With proxyHops 0 it is the peer. Behind
// proxyHops trusted proxies, each of which appends the address it saw to X-Forwarded-For, it
// is the entry the farthest trusted proxy appended: the proxyHops-th from the right, across
// every X-Forwarded-For line in order. Entries to its left are the client's own claims, and a
// client that sends a header line of its own only adds to them. When that entry is missing
// or not an address (a request that did not come through every proxy), the peer is the only
// address we know. Addresses come back in one canonical form, so that the same client
// always counts as the same address.
func ClientIP(r *http.Request, proxyHops int) string {
	if proxyHops > 0 {
		var entries []string
		for _, line := range r.Header.Values("X-Forwarded-For") {
			for _, e := range strings.Split(line, ",") {
				if e = strings.TrimSpace(e); e != "" {
					entries = append(entries, e)
				}
			}
		}
		if i := len(entries) - proxyHops; i >= 0 {
			if a, ok := parseAddr(entries[i]); ok {
				return a
			}
		}
	}
	if a, ok := parseAddr(r.RemoteAddr); ok {
		return a
	}
	return r.RemoteAddr
}

// parseAddr reads an address, with or without a port (some proxies add it), brackets
// around IPv6 or an IPv6 zone, and returns it canonical: IPv4-mapped IPv6 as IPv4.
func parseAddr(s string) (string, bool) {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	a, err := netip.ParseAddr(s)
	if err != nil {
		return "", false
	}
	return a.WithZone("").Unmap().String(), true
}
