package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// URLPolicy decides which endpoints may be called. In production a customer must not make the
// server call its own network (cloud metadata, databases, admin ports): loopback, private,
// link-local and similar addresses are refused unless the operator allows them.
type URLPolicy struct {
	AllowPrivate bool
}

var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, cloud metadata
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("224.0.0.0/4"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("::/128"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("ff00::/8"),
}

// allowedAddr reports whether an address may be called.
func (p URLPolicy) allowedAddr(a netip.Addr) bool {
	if p.AllowPrivate {
		return true
	}
	a = a.Unmap()
	for _, b := range blocked {
		if b.Contains(a) {
			return false
		}
	}
	return true
}

// ErrForbiddenAddress is the refusal of a private or loopback address.
var ErrForbiddenAddress = errors.New("webhook URLs must reach a public address: this one is loopback, private or link-local")

// Check validates a URL and, unless private addresses are allowed, resolves its host and
// refuses it if any address is not public.
func (p URLPolicy) Check(ctx context.Context, raw string, resolver *net.Resolver) error {
	if len(raw) > 2048 {
		return errors.New("a webhook URL is at most 2,048 characters")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("the webhook URL cannot be read")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("webhook URLs must use http or https")
	}
	if u.User != nil {
		return errors.New("put no user name or password in a webhook URL: the signature authenticates us")
	}
	host := u.Hostname()
	if host == "" {
		return errors.New("the webhook URL has no host")
	}
	if p.AllowPrivate {
		return nil
	}
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		if !p.allowedAddr(a) {
			return ErrForbiddenAddress
		}
		return nil
	}
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	addrs, err := resolver.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return fmt.Errorf("the webhook host %q cannot be resolved", host)
	}
	for _, a := range addrs {
		if !p.allowedAddr(a) {
			return ErrForbiddenAddress
		}
	}
	return nil
}

// DialContext dials only allowed addresses: it checks the address actually connected to, so a
// name that resolved to a public address at Check and to a private one now (DNS rebinding)
// is refused.
func (p URLPolicy) DialContext(dialer *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := *dialer
	d.Control = nil
	inner := dialer.Control
	d.ControlContext = nil
	d.Control = func(network, address string, c syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return err
		}
		if !p.allowedAddr(ap.Addr()) {
			return ErrForbiddenAddress
		}
		if inner != nil {
			return inner(network, address, c)
		}
		return nil
	}
	return d.DialContext
}
