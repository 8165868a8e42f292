package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
)

// URLPolicy decides which endpoints may be called. In production a customer must not make the
// server call its own network (cloud metadata, databases, admin ports): loopback, private,
// link-local and similar addresses are refused unless the operator allows them.
type URLPolicy struct {
	AllowPrivate bool
}

// maxURLLength keeps URLs within what browsers, proxies and the database column all take.
const maxURLLength = 2048

var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), // Linux dials 0.0.0.0 as this host
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, cloud metadata
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"), // documentation (RFC 5737): never a real endpoint
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("224.0.0.0/4"),
	netip.MustParsePrefix("240.0.0.0/4"), // includes broadcast
	netip.MustParsePrefix("::/128"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("2001:db8::/32"), // documentation (RFC 3849)
	netip.MustParsePrefix("3fff::/20"),     // documentation (RFC 9637)
	// Local-use NAT64 (RFC 8215) is the operator's own translator, and where it puts the IPv4
	// address depends on a prefix length we cannot know; no public endpoint needs it.
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("ff00::/8"),
}

// IPv6 forms that carry an IPv4 address the packets end up at, so it is the IPv4 address that
// must be judged: NAT64 (64:ff9b::a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated but still
// routed by some stacks), IPv4-translated (::ffff:0:a.b.c.d, RFC 2765) in their last 32 bits;
// 6to4 (2002:aabb:ccdd::/48) in bits 16-47. IPv4-mapped (::ffff:a.b.c.d) is Unmap's.
var (
	nat64          = netip.MustParsePrefix("64:ff9b::/96")
	ipv4Compatible = netip.MustParsePrefix("::/96")
	ipv4Translated = netip.MustParsePrefix("::ffff:0:0:0/96")
	sixToFour      = netip.MustParsePrefix("2002::/16")
	// Teredo (2001::/32) carries its server's IPv4 address in bits 32-63 and the client's,
	// inverted, in the last 32.
	teredo = netip.MustParsePrefix("2001::/32")
)

// allowedAddr reports whether an address may be called.
func (p URLPolicy) allowedAddr(a netip.Addr) bool {
	if p.AllowPrivate {
		return true
	}
	return publicAddr(a)
}

// publicAddr reports whether a is none of the blocked addresses, in any of its forms.
func publicAddr(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	// Prefix.Contains is false for any address with a zone, so drop it first (fe80::1%eth0
	// is link-local all the same).
	a = a.WithZone("").Unmap()
	if blockedAddr(a) {
		return false
	}
	b := a.As16()
	var inside []netip.Addr
	switch {
	case !a.Is6():
	case nat64.Contains(a), ipv4Translated.Contains(a), ipv4Compatible.Contains(a):
		inside = append(inside, netip.AddrFrom4([4]byte(b[12:])))
	case sixToFour.Contains(a):
		inside = append(inside, netip.AddrFrom4([4]byte(b[2:6])))
	case teredo.Contains(a):
		client := [4]byte{^b[12], ^b[13], ^b[14], ^b[15]}
		inside = append(inside, netip.AddrFrom4([4]byte(b[4:8])), netip.AddrFrom4(client))
	}
	for _, v4 := range inside {
		if blockedAddr(v4) {
			return false
		}
	}
	return true
}

// blockedAddr reports whether a, as it is, lies in a blocked range.
func blockedAddr(a netip.Addr) bool {
	for _, b := range blocked {
		if b.Contains(a) {
			return true
		}
	}
	return false
}

// ErrForbiddenAddress is the refusal of a private or loopback address.
var ErrForbiddenAddress = errors.New("webhook URLs must reach a public address: this one is loopback, private or link-local")

// Check validates a URL and, unless private addresses are allowed, resolves its host and
// refuses it if any address is not public. DNS can change after Check, so deliveries must
// also dial through DialContext.
func (p URLPolicy) Check(ctx context.Context, raw string, resolver *net.Resolver) error {
	if len(raw) > maxURLLength {
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
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return errors.New("the port in a webhook URL is between 1 and 65535")
		}
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if !p.allowedAddr(a) {
			return ErrForbiddenAddress
		}
		return nil
	}
	if looksLikeIPAddress(host) {
		return errors.New("write an IP address in a webhook URL in the usual form, like 203.0.113.7 or [2001:db8::7]")
	}
	if p.AllowPrivate {
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

// looksLikeIPAddress reports whether host, which did not parse as an IP address, is an IPv4
// address in some other form (2130706433, 0x7f.1, 010.0.0.1, 127.1, 127.0.0.1.). No
// top-level domain starts with a digit (RFC 3696 section 2), and resolvers read these forms in
// surprising ways (010 as octal), so they are refused rather than guessed at.
func looksLikeIPAddress(host string) bool {
	host = strings.TrimSuffix(host, ".")
	last := host[strings.LastIndexByte(host, '.')+1:]
	return last != "" && last[0] >= '0' && last[0] <= '9'
}

// DialContext wraps dialer (nil: a zero net.Dialer) so that, unless private addresses are
// allowed, it dials only TCP to allowed addresses: it checks each address just before
// connecting, so a name that resolved to a public address at Check and to a private one now
// (DNS rebinding) is refused. The dialer's own Control or ControlContext still runs, after the
// check; the caller's dialer is not changed. The transport must use no proxy, or it is the
// proxy's address that gets checked.
func (p URLPolicy) DialContext(dialer *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	if dialer != nil {
		d = *dialer
	}
	if p.AllowPrivate {
		return d.DialContext
	}
	d.ControlContext = checkBeforeConnect(d.Control, d.ControlContext)
	d.Control = nil
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		switch network {
		case "tcp", "tcp4", "tcp6":
			return d.DialContext(ctx, network, addr)
		}
		return nil, fmt.Errorf("webhook deliveries use TCP, not %q", network)
	}
}

// checkBeforeConnect is a net.Dialer ControlContext that refuses addresses that are not public
// and then runs the dialer's own hook. It runs after resolution and before connect, for every
// address the dialer tries, so no packet reaches a refused address.
func checkBeforeConnect(
	control func(network, address string, c syscall.RawConn) error,
	controlContext func(ctx context.Context, network, address string, c syscall.RawConn) error,
) func(ctx context.Context, network, address string, c syscall.RawConn) error {
	return func(ctx context.Context, network, address string, c syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("webhook deliveries connect only to IP addresses, not %q", address)
		}
		if !publicAddr(ap.Addr()) {
			return ErrForbiddenAddress
		}
		// The same precedence as net.Dialer's: ControlContext wins over Control.
		switch {
		case controlContext != nil:
			return controlContext(ctx, network, address, c)
		case control != nil:
			return control(network, address, c)
		}
		return nil
	}
}
