package main

import (
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/httpx"
)

// The sign-in and edge settings: one default each (the package's own), the environment, the
// flag over both, and the settings that could not work refused.
func TestSignInFlags(t *testing.T) {
	t.Parallel()
	parse := func(t *testing.T, env map[string]string, args ...string) config {
		t.Helper()
		var c config
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		bindServe(fs, &c, func(k string) string { return env[k] })
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return c
	}
	def := parse(t, nil)
	want := access.DefaultConfig()
	if def.SignIn.SessionTTL != want.SessionTTL || def.SignIn.SessionIdle != 2*time.Hour || def.SignIn.MaxHashes != want.MaxHashes ||
		def.SignIn.HashWait != want.HashWait || def.BodyIdle != httpx.DefaultBodyIdle || def.proxyHops() != 0 || def.ProxyHops != 1 {
		t.Fatalf("defaults: %+v", def)
	}
	if err := def.checkServe(); err != nil {
		t.Fatal(err)
	}
	c := parse(t, map[string]string{"PORTDESK_TRUST_PROXY": "1", "PORTDESK_TRUSTED_PROXY_HOPS": "3", "PORTDESK_SESSION_IDLE": "30m", "PORTDESK_LOGIN_MAX_HASHES": "8"},
		"--trusted-proxy-hops", "2", "--body-read-idle", "10s", "--login-hash-wait", "500ms", "--session-ttl", "8h")
	if c.proxyHops() != 2 || c.SignIn.SessionIdle != 30*time.Minute || c.SignIn.MaxHashes != 8 || c.BodyIdle != 10*time.Second ||
		c.SignIn.HashWait != 500*time.Millisecond || c.SignIn.SessionTTL != 8*time.Hour {
		t.Fatalf("environment and flags: %+v", c)
	}
	for _, args := range [][]string{
		{"--trust-proxy", "--trusted-proxy-hops", "0"},
		{"--session-idle", "-1s"},
		{"--login-max-hashes", "0"},
		{"--body-read-idle", "-1s"},
	} {
		c := parse(t, nil, args...)
		if err := c.checkServe(); err == nil || !strings.Contains(err.Error(), args[len(args)-2]) {
			t.Errorf("%v: %v", args, err)
		}
	}
}
