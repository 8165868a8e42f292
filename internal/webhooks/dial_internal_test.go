package webhooks

import (
	"context"
	"errors"
	"syscall"
	"testing"
)

// TestCheckBeforeConnect calls the dialer hook directly, as net.Dialer does just before
// connecting, so addresses can be tried without any connection being made.
func TestCheckBeforeConnect(t *testing.T) {
	t.Parallel()
	const public = "1.1.1.1:443" // a public resolver: the hook is called directly, nothing is dialled
	tests := []struct {
		name                        string
		withControl, withControlCtx bool
		address                     string
		wantRan                     string
		wantRefused                 bool
	}{
		{"neither hook", false, false, public, "", false},
		{"Control", true, false, public, "Control", false},
		{"ControlContext", false, true, public, "ControlContext", false},
		{"ControlContext wins, as in net.Dialer", true, true, public, "ControlContext", false},
		{"public IPv6", true, false, "[2606:4700:4700::1111]:443", "Control", false},
		{"NAT64 of a public address", true, false, "[64:ff9b::101:101]:443", "Control", false},
		{"loopback refused before the hooks", true, true, "127.0.0.1:80", "", true},
		{"IPv6 loopback refused", true, false, "[::1]:80", "", true},
		{"zoned IPv6 loopback refused", true, false, "[::1%lo]:80", "", true},
		{"mapped loopback refused", true, false, "[::ffff:127.0.0.1]:80", "", true},
		{"mapped metadata refused", true, false, "[::ffff:169.254.169.254]:80", "", true},
		{"zoned link-local refused", true, false, "[fe80::1%eth0]:80", "", true},
		{"zoned unique-local refused", false, true, "[fd00::1%eth0]:80", "", true},
		{"NAT64 of a private address refused", true, false, "[64:ff9b::a00:1]:80", "", true},
		{"NAT64 of loopback refused", true, false, "[64:ff9b::7f00:1]:80", "", true},
		{"NAT64 of metadata refused", false, true, "[64:ff9b::a9fe:a9fe]:80", "", true},
		{"private refused", true, false, "10.1.2.3:443", "", true},
		{"unspecified refused", true, false, "0.0.0.0:80", "", true},
		{"IPv4-compatible loopback refused", true, false, "[::127.0.0.1]:80", "", true},
		{"IPv4-translated private refused", true, false, "[::ffff:0:10.0.0.1]:80", "", true},
		{"6to4 of loopback refused", true, false, "[2002:7f00:1::1]:80", "", true},
		{"local-use NAT64 refused", false, true, "[64:ff9b:1::a00:1]:80", "", true},
		{"Teredo client loopback refused", true, false, "[2001:0:101:101::80ff:fffe]:80", "", true},
		{"documentation IPv4 refused", true, false, "192.0.2.7:443", "", true},
		{"documentation IPv6 refused", true, false, "[2001:db8::7]:443", "", true},
		{"6to4 of a public address", true, false, "[2002:808:808::1]:443", "Control", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var ran []string
			var control func(string, string, syscall.RawConn) error
			var controlCtx func(context.Context, string, string, syscall.RawConn) error
			if tt.withControl {
				control = func(string, string, syscall.RawConn) error {
					ran = append(ran, "Control")
					return nil
				}
			}
			if tt.withControlCtx {
				controlCtx = func(context.Context, string, string, syscall.RawConn) error {
					ran = append(ran, "ControlContext")
					return nil
				}
			}
			err := checkBeforeConnect(control, controlCtx)(t.Context(), "tcp", tt.address, nil)
			if refused := errors.Is(err, ErrForbiddenAddress); refused != tt.wantRefused || (!refused && err != nil) {
				t.Fatalf("hook(%s) = %v, want refused %v", tt.address, err, tt.wantRefused)
			}
			got := ""
			if len(ran) > 0 {
				got = ran[0]
			}
			if len(ran) > 1 || got != tt.wantRan {
				t.Fatalf("hooks run: %v, want %q", ran, tt.wantRan)
			}
		})
	}
}

// A hook that is not given an ip:port (a unix socket path, a raw IP) refuses it.
func TestCheckBeforeConnectNeedsAnAddressAndPort(t *testing.T) {
	t.Parallel()
	for _, address := range []string{"/tmp/socket", "192.0.2.7", "", "example.com:443"} {
		if err := checkBeforeConnect(nil, nil)(t.Context(), "tcp", address, nil); err == nil {
			t.Errorf("hook(%q) allowed it", address)
		}
	}
}
