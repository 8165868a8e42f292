package webhooks_test

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/portdesk/portdesk/internal/webhooks"
)

// Public addresses in these tests are well-known public resolvers (1.1.1.1, 8.8.8.8, 9.9.9.9,
// 2606:4700:4700::1111) and are never connected to: Check only parses IP literals, and names
// are looked up with the offline resolver. The documentation ranges are refused: no real
// endpoint is there.

func TestSecurityWebhookURLPolicy(t *testing.T) {
	t.Parallel()
	const (
		ok         = ""
		notPublic  = "public address" // ErrForbiddenAddress
		notHTTP    = "http or https"
		unreadable = "cannot be read"
		noHost     = "no host"
		badPort    = "port"
		oddIP      = "usual form"
		userInfo   = "user name or password"
		tooLong    = "2,048 characters"
		unresolved = "cannot be resolved"
	)
	tests := []struct {
		url string
		// What the error mentions without and with AllowPrivate; ok means no error.
		strict, allowPrivate string
	}{
		{"https://1.1.1.1/hooks", ok, ok},
		{"http://8.8.8.8:8080/hooks", ok, ok},
		{"https://9.9.9.9:8443/hooks?x=1#frag", ok, ok},
		{"HTTPS://1.1.1.1/", ok, ok},
		{"https://[2606:4700:4700::1111]/hooks", ok, ok},
		{"https://[64:ff9b::101:101]/", ok, ok}, // NAT64 of 1.1.1.1
		{"https://[::ffff:1.1.1.1]/", ok, ok},
		{"https://1.1.1.1:1/", ok, ok},
		{"https://1.1.1.1:65535/", ok, ok},

		// Schemes, credentials, hosts and ports.
		{"ftp://1.1.1.1/hooks", notHTTP, notHTTP},
		{"file:///etc/passwd", notHTTP, notHTTP},
		{"gopher://1.1.1.1:25/", notHTTP, notHTTP},
		{"javascript:alert(1)", notHTTP, notHTTP},
		{"//1.1.1.1/hooks", notHTTP, notHTTP},
		{"1.1.1.1", notHTTP, notHTTP},
		{"http://user:pass@1.1.1.1/", userInfo, userInfo},
		{"http://user@1.1.1.1/", userInfo, userInfo},
		{"https://user:pw@1.1.1.1/x", userInfo, userInfo},
		{"http:///hooks", noHost, noHost},
		{"https:///nohost", noHost, noHost},
		{"http:1.1.1.1", noHost, noHost},
		{"http://:8080/", noHost, noHost},
		{"https://1.1.1.1:0/", badPort, badPort},
		{"https://1.1.1.1:65536/", badPort, badPort},
		{"https://1.1.1.1:99999999999999999999/", badPort, badPort},
		{"http://1.1.1.1/a\nb", unreadable, unreadable},
		{"http://exa mple.com/", unreadable, unreadable},
		{"http://[::1/", unreadable, unreadable},
		{"https://1.1.1.1/" + strings.Repeat("a", 2048), tooLong, tooLong},
		{"https://" + strings.Repeat("a", 2050) + ".example/", tooLong, tooLong},

		// IPv4 addresses in forms resolvers read in surprising ways (010 as octal).
		{"http://2130706433/", oddIP, oddIP},
		{"http://0x7f.1/", oddIP, oddIP},
		{"http://010.0.0.1/", oddIP, oddIP},
		{"http://127.1/", oddIP, oddIP},
		{"http://127.0.0.1./", oddIP, oddIP},
		{"http://0177.0.0.1/", oddIP, oddIP},

		// Addresses that are not public.
		{"http://127.0.0.1/hooks", notPublic, ok},
		{"http://127.0.0.1:9000/x", notPublic, ok},
		{"http://127.255.0.9:8080/", notPublic, ok},
		{"http://localhost/hooks", notPublic, ok},
		{"http://LOCALHOST:8080/", notPublic, ok},
		{"http://10.0.0.1/", notPublic, ok},
		{"http://172.16.5.4/", notPublic, ok},
		{"http://172.31.255.255/", notPublic, ok},
		{"http://192.168.1.1/", notPublic, ok},
		{"http://169.254.169.254/latest/meta-data/", notPublic, ok},
		{"http://100.64.0.1/", notPublic, ok},
		{"http://100.127.255.254/", notPublic, ok},
		{"http://192.0.0.8/", notPublic, ok},
		{"http://198.18.0.1/", notPublic, ok},
		{"http://0.0.0.0/", notPublic, ok},
		{"http://224.0.0.1/", notPublic, ok},
		{"http://255.255.255.255/", notPublic, ok},
		{"http://[::]/", notPublic, ok},
		{"http://[::1]/", notPublic, ok},
		{"http://[::1]:8080/", notPublic, ok},
		{"http://[::1%25lo]/", notPublic, ok},
		{"http://[fd00::1]/", notPublic, ok},
		{"http://[fe80::1]/", notPublic, ok},
		{"http://[ff02::1]/", notPublic, ok},
		// IPv4-mapped IPv6 reaches the IPv4 address inside.
		{"http://[::ffff:127.0.0.1]/", notPublic, ok},
		{"http://[::ffff:10.1.2.3]/", notPublic, ok},
		{"http://[::ffff:169.254.169.254]/", notPublic, ok},
		// A zone must not hide the address: Prefix.Contains is false for zoned addresses.
		{"http://[fe80::1%25eth0]/", notPublic, ok},
		{"http://[fe80::a9fe:a9fe%25eth0]:80/", notPublic, ok},
		{"http://[fd00::1%25eth0]/", notPublic, ok},
		{"http://[ff02::1%25eth0]/", notPublic, ok},
		// NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
		{"http://[64:ff9b::7f00:1]/", notPublic, ok},      // 127.0.0.1
		{"http://[64:ff9b::a00:1]/", notPublic, ok},       // 10.0.0.1
		{"http://[64:ff9b::a9fe:a9fe]/", notPublic, ok},   // 169.254.169.254
		{"http://[64:ff9b::c0a8:101]:80/", notPublic, ok}, // 192.168.1.1
		{"http://[64:ff9b::]/", notPublic, ok},            // 0.0.0.0

		// Other IPv6 forms that carry an IPv4 address are judged by the address inside.
		{"http://[::127.0.0.1]/", notPublic, ok},               // IPv4-compatible
		{"http://[::10.1.2.3]/", notPublic, ok},                // IPv4-compatible
		{"http://[::a9fe:a9fe]/", notPublic, ok},               // IPv4-compatible 169.254.169.254
		{"http://[::ffff:0:127.0.0.1]/", notPublic, ok},        // IPv4-translated
		{"http://[::ffff:0:a00:1]/", notPublic, ok},            // IPv4-translated 10.0.0.1
		{"http://[2002:7f00:1::]/", notPublic, ok},             // 6to4 of 127.0.0.1
		{"http://[2002:a9fe:a9fe::1]/", notPublic, ok},         // 6to4 of 169.254.169.254
		{"http://[2002:c0a8:101:1::1]:80/", notPublic, ok},     // 6to4 of 192.168.1.1
		{"http://[2001:0:7f00:1::1]/", notPublic, ok},          // Teredo server 127.0.0.1
		{"http://[2001:0:101:101::80ff:fffe]/", notPublic, ok}, // Teredo client 127.0.0.1
		{"http://[64:ff9b:1::7f00:1]/", notPublic, ok},         // local-use NAT64
		{"http://[64:ff9b:1:7f00:1::]/", notPublic, ok},        // local-use NAT64, /48 form
		{"http://[64:ff9b:1::101:101]/", notPublic, ok},        // local-use NAT64: refused whole
		{"http://[64:ff9b::c000:207]/", notPublic, ok},         // NAT64 of 192.0.2.7
		// Documentation ranges: no real endpoint is there.
		{"https://192.0.2.7/hooks", notPublic, ok},
		{"https://198.51.100.7:8080/", notPublic, ok},
		{"https://203.0.113.7/", notPublic, ok},
		{"https://[2001:db8::7]/", notPublic, ok},
		{"https://[3fff::7]/", notPublic, ok},
		{"https://[::ffff:192.0.2.7]/", notPublic, ok},
		{"https://[2002:cb00:7107::1]/", notPublic, ok}, // 6to4 of 203.0.113.7
		// Public IPv4 inside those forms stays allowed.
		{"http://[::1.1.1.1]/", ok, ok},
		{"http://[::ffff:0:8.8.8.8]/", ok, ok},
		{"http://[2002:808:808::1]/", ok, ok},

		// A name DNS must answer for: offline the lookup fails, and no lookup is needed when
		// private addresses are allowed anyway.
		{"https://hooks.example.com/portdesk", unresolved, ok},
	}
	for _, tt := range tests {
		for _, allowPrivate := range []bool{false, true} {
			want := tt.strict
			if allowPrivate {
				want = tt.allowPrivate
			}
			name := tt.url
			if len(name) > 60 {
				name = name[:60] + "..."
			}
			if allowPrivate {
				name += " allowing private"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				err := webhooks.URLPolicy{AllowPrivate: allowPrivate}.Check(t.Context(), tt.url, offline)
				switch {
				case want == ok && err != nil:
					t.Fatalf("Check(%q) = %v, want it allowed", tt.url, err)
				case want != ok && err == nil:
					t.Fatalf("Check(%q) allowed it, want an error mentioning %q", tt.url, want)
				case want != ok && !strings.Contains(err.Error(), want):
					t.Fatalf("Check(%q) = %q, want it to mention %q", tt.url, err, want)
				}
				if want == notPublic && !errors.Is(err, webhooks.ErrForbiddenAddress) {
					t.Fatalf("Check(%q) = %v, want ErrForbiddenAddress", tt.url, err)
				}
			})
		}
	}
}

// The caller's own Control hook still runs, but only for addresses the policy allows.
func TestURLPolicyDialContextLeavesCallersDialerAlone(t *testing.T) {
	t.Parallel()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()

	var called atomic.Bool
	dialer := &net.Dialer{Control: func(string, string, syscall.RawConn) error {
		called.Store(true)
		return nil
	}}
	_, err = webhooks.URLPolicy{}.DialContext(dialer)(t.Context(), "tcp", listener.Addr().String())
	if !errors.Is(err, webhooks.ErrForbiddenAddress) {
		t.Fatalf("dialling 127.0.0.1 with private addresses refused = %v, want ErrForbiddenAddress", err)
	}
	if called.Load() {
		t.Error("the dialer's own Control ran for a refused address")
	}
	if dialer.ControlContext != nil || dialer.Control == nil {
		t.Error("DialContext changed the caller's dialer")
	}

	conn, err := webhooks.URLPolicy{AllowPrivate: true}.DialContext(dialer)(t.Context(), "tcp", listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if !called.Load() {
		t.Error("the dialer's own Control did not run when private addresses are allowed")
	}

	var calledCtx atomic.Bool
	withCtx := &net.Dialer{ControlContext: func(context.Context, string, string, syscall.RawConn) error {
		calledCtx.Store(true)
		return nil
	}}
	conn, err = webhooks.URLPolicy{AllowPrivate: true}.DialContext(withCtx)(t.Context(), "tcp", listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if !calledCtx.Load() {
		t.Error("the dialer's own ControlContext did not run")
	}
}

// Deliveries go over TCP: a unix socket or UDP is refused before anything is dialled.
func TestURLPolicyDialContextRefusesOtherNetworks(t *testing.T) {
	t.Parallel()
	dial := webhooks.URLPolicy{}.DialContext(&net.Dialer{})
	for _, c := range []struct{ network, address string }{
		{"unix", filepath.Join(t.TempDir(), "socket")},
		{"udp", "127.0.0.1:53"},
		{"ip4:icmp", "127.0.0.1"},
	} {
		if conn, err := dial(t.Context(), c.network, c.address); err == nil || !strings.Contains(err.Error(), "TCP") {
			if conn != nil {
				conn.Close()
			}
			t.Errorf("dial %s %s = %v, want a refusal naming TCP", c.network, c.address, err)
		}
	}
}

func TestURLPolicyDialContextNilDialer(t *testing.T) {
	t.Parallel()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	dial := webhooks.URLPolicy{}.DialContext(nil)
	if _, err := dial(t.Context(), "tcp", listener.Addr().String()); !errors.Is(err, webhooks.ErrForbiddenAddress) {
		t.Fatalf("nil dialer, strict policy, 127.0.0.1 = %v, want ErrForbiddenAddress", err)
	}
}
