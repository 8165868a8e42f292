package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/portin"
)

var funcs = template.FuncMap{
	"phone": func(e164 string) string {
		if e164 == "" {
			return ""
		}
		return numbering.Format(e164)
	},
	"date": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return v.Format("2 Jan 2006")
		case *time.Time:
			if v != nil {
				return v.Format("2 Jan 2006")
			}
		}
		return ""
	},
	"isodate": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	},
	"when":  func(t time.Time) string { return t.Format("2 Jan 2006, 15:04 MST") },
	"label": func(s domain.Status) string { return s.Label() },
	"lines": func(s string) []string { return strings.Split(s, "\n") },
	"duration": func(d time.Duration) string {
		days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
		return fmt.Sprintf("%d d %d h", days, hours)
	},
	"took": portin.Took,
	// foc is a port date as the account's users read it: in its time zone, with the
	// carrier's time (in the order's country) beside it where that differs.
	"foc": func(t *time.Time, acc domain.Account, country domain.Country) string {
		if t == nil {
			return ""
		}
		return desk.OrderFOC(*t, acc, country).String()
	},
	"explain":  func(s domain.Status) string { return s.Explanation() },
	"numlabel": domain.NumberStatus.Label,
	"rowlabel": domain.RowCodeLabel,

	"fieldid": func(f string) string {
		return "f-" + strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(f)
	},
	// fieldanchor is the input an error summary links to: an entry of a list (recipients[1])
	// is reported on the box that holds the whole list.
	"fieldanchor": func(f string) string {
		if i := strings.IndexByte(f, '['); i > 0 {
			f = f[:i]
		}
		return "f-" + strings.ReplaceAll(f, ".", "-")
	},
	"plural": domain.Plural,
	"join":   strings.Join,
	// dict passes several values to a sub-template.
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"add":     func(a, b int) int { return a + b },
	"sub":     func(a, b int) int { return a - b },
	"list":    func(xs ...string) []string { return xs },
	"amount":  domain.FormatMoney,
	"kb":      func(n int64) string { return fmt.Sprintf("%d KB", (n+1023)/1024) },
	"dockind": domain.DocumentKind.Label,

	"money": portability.FormatTotals,
	"loa":   domain.LOAType.Label,

	"portable": domain.Portable.Label,

	"category": func(c string) string {
		return strings.ToUpper(c[:min(1, len(c))]) + strings.ReplaceAll(c[min(1, len(c)):], "_", "-")
	},
	"requirement": domain.RequirementLabel,

	"sms": domain.SMSLabel,

	"setaside":    domain.SetAsideLabel,
	"setasidewhy": domain.SetAsideWhy,
	"first": func(xs []string) string {
		if len(xs) == 0 {
			return ""
		}
		return xs[0]
	},

	"stepfor": fieldStep,
}

// parsePages builds one template set per page, each with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		with := []string{"templates/layout.html", "templates/partials.html"}
		if name == "steps" || name == "guided_new" {
			// The guided port shows the request form's inputs and the request page's parts
			// (numbers, letters, documents, recipients); its own content comes last and wins.
			with = append(with, "templates/form.html", "templates/portin.html")
		}
		if name == "guided_new" {
			with = append(with, "templates/steps.html") // its step indicator
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, append(with, f)...)
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// view is what every page gets.
type view struct {
	Title   string
	Actor   domain.Actor
	CSRF    string
	Flash   string
	Data    any
	Section string
	Path    string // the page's path: its navigation link is marked aria-current
}

func (u *ui) render(w http.ResponseWriter, r *http.Request, s *session, status int, name, title string, data any) {
	v := view{Title: title, Data: data, Path: r.URL.Path}
	if s != nil {
		v.Actor, v.CSRF = s.actor, s.csrf
	}
	if c, err := r.Cookie("portdesk_flash"); err == nil {
		v.Flash = c.Value
		u.setCookie(w, "portdesk_flash", "", -1)
	}
	var buf bytes.Buffer
	if err := u.pages[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		u.log.Error("render", "page", name, "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len())) // sent whole, not in chunks
	w.Header().Set("Cache-Control", "no-store")
	httpx.SetRetryAfter(w.Header(), status)
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// flash shows a one-line message on the next page (a cookie, so replicas stay stateless).
func (u *ui) flash(w http.ResponseWriter, msg string) {
	u.setCookie(w, "portdesk_flash", strings.NewReplacer(";", ",", "\n", " ", "\"", "'").Replace(msg), 60)
}

func (u *ui) notFound(w http.ResponseWriter, r *http.Request, s *session) {
	u.render(w, r, s, http.StatusNotFound, "error", "Not found", errorPage{Heading: "Not found", Text: "There is nothing here, or it is not yours to see."})
}

// forbidden is a page or action not open to the person's role; a form whose CSRF token
// failed is formExpired instead, so that a plain page load never says a form expired.
func (u *ui) forbidden(w http.ResponseWriter, r *http.Request, s *session) {
	u.render(w, r, s, http.StatusForbidden, "error", "Not allowed", errorPage{Heading: "Not open to you", Text: "This page or action is not open to your role. Ask an administrator if you need it."})
}

func (u *ui) formExpired(w http.ResponseWriter, r *http.Request, s *session) {
	u.render(w, r, s, http.StatusForbidden, "error", "Not allowed", errorPage{Heading: "That form has expired", Text: "Go back, reload the page and try again."})
}

func (u *ui) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if domain.IsCode(err, domain.ErrUnavailable) {
		// The database went away for a moment: 503 with Retry-After, not a failure of ours.
		u.log.Warn("web unavailable", "method", r.Method, "path", r.URL.Path, "err", err, "request_id", httpx.RequestID(r.Context()))
		u.render(w, r, nil, http.StatusServiceUnavailable, "error", "Try again", errorPage{Heading: "PortDesk is unavailable for a moment",
			Text: "Nothing was changed. Please try again in a few seconds."})
		return
	}
	u.log.Error("web internal error", "method", r.Method, "path", r.URL.Path, "err", err,
		"request_id", httpx.RequestID(r.Context()))
	u.render(w, r, nil, http.StatusInternalServerError, "error", "Error", errorPage{Heading: "Something went wrong", Text: "It has been logged. Please try again in a moment."})
}

type errorPage struct{ Heading, Text string }

// fail renders the right page for a service error that no form can show.
func (u *ui) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	var e *domain.Error
	if !errors.As(err, &e) {
		u.serverError(w, r, err)
		return
	}
	switch e.Code {
	case domain.ErrNotFound:
		u.notFound(w, r, s)
	case domain.ErrInternal:
		u.serverError(w, r, err)
	case domain.ErrUnavailable:
		u.serverError(w, r, err)
	default:
		status := httpx.StatusOf(e.Code)
		if status == http.StatusPreconditionFailed {
			// A browser form that lost the race: 409 reads as "conflict" to tools, 412 as a
			// header problem the user did not cause.
			status = http.StatusConflict
		}
		msg := e.Message
		if e.Code == domain.ErrStale {
			msg = "This request changed while you were working on it. Reload it to see the latest, then try again."
		}
		u.render(w, r, s, status, "error", "Not done", errorPage{Heading: "That could not be done", Text: upperFirst(msg) + "."})
	}
}

func upperFirst(s string) string {
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// fieldErrors maps fields to messages for a form.
func fieldErrors(err error) (map[string]string, bool) {
	var e *domain.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return nil, false
	}
	m := map[string]string{}
	for _, f := range e.Fields {
		if _, ok := m[f.Field]; !ok {
			m[f.Field] = f.Message
		}
	}
	return m, true
}
