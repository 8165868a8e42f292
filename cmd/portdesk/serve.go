package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/api"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/jobs"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/ranges"
	"github.com/portdesk/portdesk/internal/server"
	"github.com/portdesk/portdesk/internal/web"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return serveWith(ctx, args, getenv, stdout, stderr, deps{})
}

// serveWith is serve with what tests inject: a clock they move, a store that fails on cue.
func serveWith(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, d deps) error {
	var c config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bindServe(fs, &c, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// A job runs at most this long (River cuts it off), so a tiny value would fail them all.
	if c.RescueJobsAfter < time.Second {
		return fmt.Errorf("--rescue-jobs-after must be at least 1s, not %s", c.RescueJobsAfter)
	}
	log, err := c.logger(stderr)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.Data, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	secret, err := c.secret(log)
	if err != nil {
		return err
	}
	a, err := open(ctx, &c, log, secret, d)
	if err != nil {
		return err
	}
	defer a.close()

	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	base := c.BaseURL
	if base == "" {
		base = "http://" + ln.Addr().String()
	}
	base = strings.TrimRight(base, "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("--base-url must be an http(s) URL, not %q", c.BaseURL)
	}

	if err := a.svc.SeedDefaults(ctx); err != nil {
		return fmt.Errorf("seed porting agreements: %w", err)
	}
	var set ranges.Set
	if err := ranges.Watch(ctx, c.rangesDir(), &set, c.RangesPoll, log.With("component", "ranges")); err != nil {
		return fmt.Errorf("range data: %w", err)
	}
	a.svc.UseChecker(portability.NewChecker(&set))

	if err := greet(ctx, a.svc, &c, base, stdout); err != nil {
		return err
	}

	apiHandler := api.New(a.svc, api.Options{Log: log, BaseURL: base, MaxUploadBytes: c.MaxUploadMiB << 20, MaxDocumentBytes: c.MaxDocMiB << 20, TrustProxy: c.TrustProxy})
	a.svc.UseBaseURL(base) // links in emails
	webHandler, err := web.New(a.svc, web.Options{Log: log, SecureCookies: u.Scheme == "https", TrustProxy: c.TrustProxy, MaxUploadBytes: c.MaxUploadMiB << 20, Outbox: a.outbox})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           server.New(server.Options{Log: log, API: apiHandler, Web: webHandler, Ready: a.store.Ping}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}

	runner, err := a.newJobs(jobs.Options{Log: log.With("component", "jobs"), RescueAfter: c.RescueJobsAfter})
	if err != nil {
		return err
	}
	if err := runner.Start(ctx); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "url", base)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful shutdown: stop taking requests, let those in flight and the jobs in hand finish.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	if err := runner.Stop(sctx); err != nil && !errors.Is(err, context.Canceled) {
		log.Warn("jobs shutdown", "err", err)
	}
	return nil
}

// greet creates the first staff admin on an empty database and tells the operator how to
// log in; with --demo it also seeds a demo customer.
func greet(ctx context.Context, svc *desk.Service, c *config, base string, out io.Writer) error {
	created, password, err := svc.Bootstrap(ctx, c.AdminEmail)
	if err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	if created {
		fmt.Fprintf(out, "\nPortDesk is ready at %s/login\n", base)
		fmt.Fprintf(out, "  staff admin:  %s\n  password:     %s   (shown once: change it or keep it safe)\n", c.AdminEmail, password)
	} else {
		fmt.Fprintf(out, "\nPortDesk is running at %s/login\n", base)
	}
	if c.Demo {
		demo, err := svc.SeedDemo(ctx)
		if err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
		if demo.Created {
			fmt.Fprintf(out, "  demo customer: %s\n  password:      %s\n", demo.Email, demo.Password)
		}
	}
	fmt.Fprintln(out)
	return nil
}
