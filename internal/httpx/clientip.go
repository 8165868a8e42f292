package httpx

import (
	"net"
	"net/http"
	"strings"
)

// ClientIP is the address a request came from: the peer, or behind a trusted load balancer
// the address it recorded last in X-Forwarded-For (entries before it are the client's own
// claims and can be forged).
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
