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
	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/demo"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/jobs"
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
	if err := c.checkServe(); err != nil {
		return err
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
	// Everything opened below is closed on this one path, newest first, whatever fails.
	var res closers
	defer func() {
		if err := res.close(); err != nil {
			log.Warn("shutdown", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	res.add(func() error {
		if err := ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			return err
		}
		return nil
	})
	base := c.BaseURL
	if base == "" {
		base = "http://" + ln.Addr().String()
	}
	base = strings.TrimRight(base, "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("--base-url must be an http(s) URL, not %q", c.BaseURL)
	}
	w, err := open(ctx, &c, log, secret, d, base)
	if err != nil {
		return err
	}
	res.add(w.close)

	if err := w.app.Team.SeedDefaults(ctx); err != nil {
		return fmt.Errorf("seed porting agreements: %w", err)
	}
	if err := ranges.Watch(ctx, c.rangesDir(), w.ranges, c.RangesPoll, log.With("component", "ranges")); err != nil {
		return fmt.Errorf("range data: %w", err)
	}
	// The metrics listener is opened before the greeting, which names it.
	var mln net.Listener
	if c.MetricsAddr != "" {
		if mln, err = net.Listen("tcp", c.MetricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		res.add(func() error {
			if err := mln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
				return err
			}
			return nil
		})
		fmt.Fprintf(stdout, "Metrics at http://%s/metrics\n", mln.Addr())
	}
	if err := greet(ctx, w.app, &c, base, stdout); err != nil {
		return err
	}

	lists := &api.ListCacheCounts{}
	apiHandler := api.New(w.app, api.Options{Log: log, BaseURL: base, ProxyHops: c.proxyHops(), ListCacheBytes: c.listCacheBytes(), ListCacheCounts: lists})
	webHandler, err := web.New(w.app, web.Options{Log: log, SecureCookies: u.Scheme == "https", ProxyHops: c.proxyHops()})
	if err != nil {
		return err
	}
	product, metrics := server.Handlers(server.Options{Log: log, API: apiHandler, Web: webHandler, Ready: w.store.Ping, RangeData: w.ranges.Status,
		MetricsApart: mln != nil, ListCache: func() (int64, int64) { return lists.Hits.Load(), lists.Misses.Load() }})
	srv := &http.Server{
		// Headers must arrive within ReadHeaderTimeout; a body may take as long as it needs
		// while it keeps coming (httpx.BodyReadDeadline), so a large upload on a slow link
		// works and a dribbled one is cut off.
		Handler:           httpx.BodyReadDeadline(product, c.BodyIdle),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}

	runner, err := w.newJobs(jobs.Options{Log: log.With("component", "jobs"), RescueAfter: c.RescueJobsAfter})
	if err != nil {
		return err
	}
	if err := runner.Start(ctx); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	// Graceful shutdown: stop taking requests, let those in flight and the jobs in hand finish.
	res.add(func() error {
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := runner.Stop(sctx); err != nil && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("stop jobs: %w", err)
		}
		return nil
	})
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	res.add(func() error {
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return fmt.Errorf("stop serving: %w", err)
		}
		return nil
	})
	if mln != nil {
		msrv := &http.Server{Handler: metrics, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
		go func() {
			if err := msrv.Serve(mln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				select {
				case errc <- fmt.Errorf("metrics: %w", err):
				default: // the product's listener failed first
				}
			}
		}()
		res.add(func() error {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return msrv.Shutdown(sctx)
		})
		log.Info("metrics listening", "addr", mln.Addr().String())
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", base)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return nil
	}
}

// greet creates the first staff admin on an empty database and tells the operator how to
// log in; with --demo it also seeds a demo customer.
func greet(ctx context.Context, a *app.App, c *config, base string, out io.Writer) error {
	created, password, err := a.Access.Bootstrap(ctx, c.AdminEmail)
	if err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	// The demo is seeded before anything is printed, so that what the operator (or a script)
	// reads as "ready" can be logged into at once.
	var d demo.Result
	if c.Demo {
		if d, err = demo.Seed(ctx, a); err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
	}
	if created {
		fmt.Fprintf(out, "\nPortDesk is ready at %s/login\n", base)
		fmt.Fprintf(out, "  staff admin:  %s\n  password:     %s   (shown once: change it or keep it safe)\n", c.AdminEmail, password)
	} else {
		fmt.Fprintf(out, "\nPortDesk is running at %s/login\n", base)
	}
	if d.Created {
		fmt.Fprintf(out, "  demo customer: %s\n  password:      %s\n", d.Email, d.Password)
	}
	fmt.Fprintln(out)
	return nil
}
