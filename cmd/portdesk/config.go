package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/api"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/jobs"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portability"
)

// config is every setting; each flag has a PORTDESK_* environment variable, and a flag
// given on the command line wins over the variable.
type config struct {
	Addr              string
	MetricsAddr       string // /metrics on its own listener, off the public one; empty: on Addr
	Data              string
	DB                string
	SecretKey         string
	BaseURL           string
	LogFormat         string
	LogLevel          string
	Demo              bool
	TrustProxy        bool
	ProxyHops         int // --trusted-proxy-hops: how many trusted proxies append to X-Forwarded-For
	ListCacheMiB      int // --api-list-cache-mib: customers' API list pages and settled requests kept, by their accounts' versions
	AdminEmail        string
	MaxUploadMiB      int64
	RangesDir         string
	RangesPoll        time.Duration
	UnknownOrder      string // --unknown-range-holder: the UK order (sup or pro) a lead time assumes without a range holder
	Documents         string
	MaxDocMiB         int64
	MaxPDFInflatedMiB int64
	MaxCarrierLookups int
	OperatorName      string
	OperatorAddr      string
	OperatorLogo      string
	LOAFonts          string
	SMTP              notify.SMTPConfig
	MailFrom          string
	TeamEmail         string
	// HooksAllowPrivate lets webhook endpoints be on loopback or private networks.
	HooksAllowPrivate bool
	StuckAfterDays    int
	RescueJobsAfter   time.Duration
	// SignIn is sessions, login throttling and password checks (only serve sets them).
	SignIn access.Config
	// BodyIdle is the longest a request body may pause between reads before it is cut off.
	BodyIdle time.Duration
	// SMSCategories are the calls-only categories (freephone, premium, toll_free) the
	// operator carries SMS on after a port; by default they take none.
	SMSCategories string
}

// documentsURL is the bucket documents go to: a directory under the data dir by default.
func (c *config) documentsURL() (string, error) {
	if c.Documents != "" {
		return c.Documents, nil
	}
	dir, err := filepath.Abs(filepath.Join(c.Data, "documents"))
	if err != nil {
		return "", err
	}
	// create_dir: a fresh data directory just works; no_tmp_dir: temporary files on the same
	// file system as the documents, so the final rename cannot cross devices.
	return "file://" + filepath.ToSlash(dir) + "?create_dir=true&no_tmp_dir=true", nil
}

// checkServe refuses sign-in and edge settings that could not work.
func (c *config) checkServe() error {
	switch {
	case c.TrustProxy && c.ProxyHops < 1:
		return fmt.Errorf("--trusted-proxy-hops must be at least 1 with --trust-proxy, not %d", c.ProxyHops)
	case c.SignIn.SessionTTL <= 0 || c.SignIn.SessionIdle <= 0:
		return fmt.Errorf("--session-ttl and --session-idle must be positive, not %s and %s", c.SignIn.SessionTTL, c.SignIn.SessionIdle)
	case c.SignIn.MaxHashes < 1 || c.SignIn.HashWait <= 0:
		return fmt.Errorf("--login-max-hashes must be at least 1 and --login-hash-wait positive, not %d and %s", c.SignIn.MaxHashes, c.SignIn.HashWait)
	case c.BodyIdle <= 0:
		return fmt.Errorf("--body-read-idle must be positive, not %s", c.BodyIdle)
	}
	return nil
}

// listCacheBytes is --api-list-cache-mib for api.Options: there 0 is the default, so none is -1.
func (c *config) listCacheBytes() int {
	if c.ListCacheMiB <= 0 {
		return -1
	}
	return c.ListCacheMiB << 20
}

// proxyHops is how many X-Forwarded-For entries, from the right, trusted proxies added: none
// without --trust-proxy.
func (c *config) proxyHops() int {
	if !c.TrustProxy {
		return 0
	}
	return c.ProxyHops
}

// rangesDir is where register files live: shared storage when several replicas run.
func (c *config) rangesDir() string {
	if c.RangesDir != "" {
		return c.RangesDir
	}
	return filepath.Join(c.Data, "ranges")
}

// unknownRangeHolder is --unknown-range-holder, checked.
func (c *config) unknownRangeHolder() (domain.UKOrder, error) {
	o, err := domain.ParseUKOrder(strings.ToLower(strings.TrimSpace(c.UnknownOrder)))
	if err != nil {
		return "", fmt.Errorf("--unknown-range-holder: %w", err)
	}
	return o, nil
}

// checkerOptions reads --sms-categories: only the categories that take no SMS by default can
// be named.
func (c *config) checkerOptions() ([]portability.Option, error) {
	var cats []numbering.Category
	for _, f := range strings.Split(c.SMSCategories, ",") {
		switch f = strings.TrimSpace(f); numbering.Category(f) {
		case "":
		case numbering.Freephone, numbering.Premium, numbering.TollFree:
			cats = append(cats, numbering.Category(f))
		default:
			return nil, fmt.Errorf("--sms-categories: %q is not freephone, premium or toll_free", f)
		}
	}
	if len(cats) == 0 {
		return nil, nil
	}
	return []portability.Option{portability.WithSMS(cats...)}, nil
}

// bindCommon registers the flags every command shares.
func bindCommon(fs *flag.FlagSet, c *config, getenv func(string) string) {
	fs.StringVar(&c.Data, "data", envOr(getenv, "PORTDESK_DATA", "./data"), "data directory: SQLite database, documents, generated secret (PORTDESK_DATA)")
	fs.StringVar(&c.DB, "db", getenv("PORTDESK_DB"), "database: a postgres:// URL, or a SQLite file path; default <data>/portdesk.db (PORTDESK_DB)")
	fs.StringVar(&c.LogFormat, "log-format", envOr(getenv, "PORTDESK_LOG_FORMAT", "text"), "log format: text or json (PORTDESK_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", envOr(getenv, "PORTDESK_LOG_LEVEL", "info"), "log level: debug, info, warn, error (PORTDESK_LOG_LEVEL)")
	fs.StringVar(&c.Documents, "documents", getenv("PORTDESK_DOCUMENTS"), "where uploaded documents go: file:///dir, s3://bucket?region=…, mem://; default file://<data>/documents (PORTDESK_DOCUMENTS)")
	fs.Int64Var(&c.MaxDocMiB, "max-document-mib", desk.DefaultLimits().MaxDocumentBytes>>20, "largest document upload, in MiB")
	fs.Int64Var(&c.MaxPDFInflatedMiB, "max-pdf-inflated-mib", desk.DefaultLimits().MaxPDFInflatedBytes>>20, "most an uploaded PDF's streams may decode to, in MiB: past it the PDF is refused as a decompression bomb")
	fs.IntVar(&c.MaxCarrierLookups, "max-carrier-lookups", envInt(getenv, "PORTDESK_MAX_CARRIER_LOOKUPS", desk.DefaultLimits().MaxCarrierLookups), "most numbers one ask of an API carrier's number lookup takes (a paid call each); the rest go by the registers (PORTDESK_MAX_CARRIER_LOOKUPS)")
	fs.StringVar(&c.OperatorName, "operator-name", envOr(getenv, "PORTDESK_OPERATOR_NAME", "PortDesk"), "the operator's name on letters of authorisation (PORTDESK_OPERATOR_NAME)")
	fs.StringVar(&c.OperatorAddr, "operator-address", getenv("PORTDESK_OPERATOR_ADDRESS"), "the operator's postal address on letters of authorisation (PORTDESK_OPERATOR_ADDRESS)")
	fs.StringVar(&c.OperatorLogo, "operator-logo", getenv("PORTDESK_OPERATOR_LOGO"), "a PNG or JPEG logo file for letters of authorisation (PORTDESK_OPERATOR_LOGO)")
	fs.StringVar(&c.LOAFonts, "loa-fonts", getenv("PORTDESK_LOA_FONTS"), "comma-separated TrueType fonts for names in scripts DejaVu Sans lacks (CJK, Thai, Indic), e.g. /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf (PORTDESK_LOA_FONTS)")
	fs.StringVar(&c.SMTP.Host, "smtp-host", getenv("PORTDESK_SMTP_HOST"), "SMTP server for email; empty: email is written as .eml files under <data>/mail and listed on the Mail page (PORTDESK_SMTP_HOST)")
	fs.IntVar(&c.SMTP.Port, "smtp-port", envInt(getenv, "PORTDESK_SMTP_PORT", 0), "SMTP port; default 587 (starttls), 465 (tls), 25 (none) (PORTDESK_SMTP_PORT)")
	fs.StringVar(&c.SMTP.TLS, "smtp-tls", envOr(getenv, "PORTDESK_SMTP_TLS", "starttls"), "starttls (required), tls (implicit) or none (PORTDESK_SMTP_TLS)")
	fs.StringVar(&c.SMTP.Username, "smtp-username", getenv("PORTDESK_SMTP_USERNAME"), "SMTP user name; empty: no authentication (PORTDESK_SMTP_USERNAME)")
	c.SMTP.Password = getenv("PORTDESK_SMTP_PASSWORD") // environment only: a flag would show in ps
	fs.StringVar(&c.MailFrom, "mail-from", getenv("PORTDESK_MAIL_FROM"), `From of emails, e.g. "Infinity Porting <porting@infinity.example>"; default the operator at porting@<base URL host> (PORTDESK_MAIL_FROM)`)
	fs.StringVar(&c.TeamEmail, "team-email", getenv("PORTDESK_TEAM_EMAIL"), "the porting team's queue address: told of every new request (PORTDESK_TEAM_EMAIL)")
	fs.BoolVar(&c.HooksAllowPrivate, "webhooks-allow-private", envBool(getenv, "PORTDESK_WEBHOOKS_ALLOW_PRIVATE"), "let webhook endpoints be http and on loopback or private addresses (a private deployment; never on a shared one) (PORTDESK_WEBHOOKS_ALLOW_PRIVATE)")
	fs.IntVar(&c.StuckAfterDays, "stuck-after-days", envInt(getenv, "PORTDESK_STUCK_AFTER_DAYS", 5), "business days a submitted request may wait for a FOC before it is flagged and the team reminded (PORTDESK_STUCK_AFTER_DAYS)")
	fs.StringVar(&c.SMSCategories, "sms-categories", getenv("PORTDESK_SMS_CATEGORIES"), "calls-only numbers the operator carries SMS on after a port, comma-separated: freephone, premium, toll_free; by default they take none (PORTDESK_SMS_CATEGORIES)")
	fs.StringVar(&c.RangesDir, "ranges-dir", getenv("PORTDESK_RANGES_DIR"), "number-range register files (Ofcom, NANPA, CNAC); shared by every replica; default <data>/ranges (PORTDESK_RANGES_DIR)")
	fs.StringVar(&c.UnknownOrder, "unknown-range-holder", envOr(getenv, "PORTDESK_UNKNOWN_RANGE_HOLDER", string(domain.OrderSUP)), "the order a UK lead time assumes when no range data names the range holder: sup (the longer: the losing provider may not hold the range) or pro (take the losing provider to hold it) (PORTDESK_UNKNOWN_RANGE_HOLDER)")
}

func bindServe(fs *flag.FlagSet, c *config, getenv func(string) string) {
	bindCommon(fs, c, getenv)
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "PORTDESK_ADDR", "127.0.0.1:8080"), "address to listen on (PORTDESK_ADDR)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", getenv("PORTDESK_METRICS_ADDR"), "serve /metrics only on this address, not on --addr; default: on --addr (PORTDESK_METRICS_ADDR)")
	fs.StringVar(&c.SecretKey, "secret-key", getenv("PORTDESK_SECRET_KEY"), "secret for encrypting PINs; every replica needs the same; default: generated once into <data>/secret.key (PORTDESK_SECRET_KEY)")
	fs.StringVar(&c.BaseURL, "base-url", getenv("PORTDESK_BASE_URL"), "public URL of this deployment, for links; default http://<addr> (PORTDESK_BASE_URL)")
	fs.BoolVar(&c.Demo, "demo", envBool(getenv, "PORTDESK_DEMO"), "seed a demo customer account with a few requests on first start (PORTDESK_DEMO)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", envBool(getenv, "PORTDESK_TRUST_PROXY"), "take the client address from X-Forwarded-For (behind a load balancer) (PORTDESK_TRUST_PROXY)")
	fs.IntVar(&c.ListCacheMiB, "api-list-cache-mib", envInt(getenv, "PORTDESK_API_LIST_CACHE_MIB", api.DefaultListCacheBytes>>20), "MiB of customers' API list pages and of settled requests this replica keeps and sends again while none of their requests changes; 0 keeps none (PORTDESK_API_LIST_CACHE_MIB)")
	fs.IntVar(&c.ProxyHops, "trusted-proxy-hops", envInt(getenv, "PORTDESK_TRUSTED_PROXY_HOPS", 1), "with --trust-proxy: how many trusted proxies each append to X-Forwarded-For; the client is the entry the farthest of them added (1: the right-most) (PORTDESK_TRUSTED_PROXY_HOPS)")
	fs.StringVar(&c.AdminEmail, "admin-email", envOr(getenv, "PORTDESK_ADMIN_EMAIL", "admin@portdesk.local"), "email of the staff admin created on first start (PORTDESK_ADMIN_EMAIL)")
	fs.Int64Var(&c.MaxUploadMiB, "max-upload-mib", desk.DefaultLimits().MaxUploadBytes>>20, "largest number-list upload, in MiB")
	fs.DurationVar(&c.RescueJobsAfter, "rescue-jobs-after", envDuration(getenv, "PORTDESK_RESCUE_JOBS_AFTER", jobs.DefaultRescueAfter), "how long a background job may run before it is taken to be lost with a replica that died, and run again (PORTDESK_RESCUE_JOBS_AFTER)")
	signIn := access.DefaultConfig()
	fs.DurationVar(&c.SignIn.SessionTTL, "session-ttl", envDuration(getenv, "PORTDESK_SESSION_TTL", signIn.SessionTTL), "how long a browser session lasts at most, however busy (PORTDESK_SESSION_TTL)")
	fs.DurationVar(&c.SignIn.SessionIdle, "session-idle", envDuration(getenv, "PORTDESK_SESSION_IDLE", signIn.SessionIdle), "a browser session unused this long ends (PORTDESK_SESSION_IDLE)")
	fs.IntVar(&c.SignIn.MaxHashes, "login-max-hashes", envInt(getenv, "PORTDESK_LOGIN_MAX_HASHES", signIn.MaxHashes), "password checks this replica runs at once; each takes 19 MiB for its moment (PORTDESK_LOGIN_MAX_HASHES)")
	fs.DurationVar(&c.SignIn.HashWait, "login-hash-wait", envDuration(getenv, "PORTDESK_LOGIN_HASH_WAIT", signIn.HashWait), "how long a login waits for a free password check before it is answered 503, busy (PORTDESK_LOGIN_HASH_WAIT)")
	fs.DurationVar(&c.BodyIdle, "body-read-idle", envDuration(getenv, "PORTDESK_BODY_READ_IDLE", httpx.DefaultBodyIdle), "the longest a request body may pause between reads before the request is cut off; uploads of any length go on as long as data keeps coming (PORTDESK_BODY_READ_IDLE)")
	fs.DurationVar(&c.RangesPoll, "ranges-poll", envDuration(getenv, "PORTDESK_RANGES_POLL", 30*time.Second), "how often to look for newly imported range files (PORTDESK_RANGES_POLL)")
}

func envDuration(getenv func(string) string, key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(getenv(key)); err == nil && d > 0 {
		return d
	}
	return def
}

func envInt(getenv func(string) string, key string, def int) int {
	if n, err := strconv.Atoi(getenv(key)); err == nil {
		return n
	}
	return def
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func envBool(getenv func(string) string, key string) bool {
	switch strings.ToLower(getenv(key)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

func (c *config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.LogFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
}

// secret returns the configured secret key, or one generated once and kept in the data
// directory, so that a single-machine install needs no setup.
func (c *config) secret(log *slog.Logger) ([]byte, error) {
	if c.SecretKey != "" {
		if len(c.SecretKey) < 32 {
			return nil, errors.New("--secret-key must be at least 32 characters")
		}
		return []byte(c.SecretKey), nil
	}
	path := filepath.Join(c.Data, "secret.key")
	if b, err := os.ReadFile(path); err == nil {
		return []byte(strings.TrimSpace(string(b))), nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if strings.HasPrefix(c.DB, "postgres") {
		log.Warn("no --secret-key given: generating one in the data directory; replicas must share it")
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	key := hex.EncodeToString(b)
	if err := os.MkdirAll(c.Data, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return nil, err
	}
	return []byte(key), nil
}
