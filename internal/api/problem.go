package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
)

// titles name each code in a problem. Only the API writes problems; the status each code
// answers with is httpx.StatusOf, shared with the UI.
var titles = map[domain.ErrorCode]string{
	domain.ErrInvalid:            "Some fields are not valid",
	domain.ErrIncomplete:         "The request is not complete",
	domain.ErrNotFound:           "Not found",
	domain.ErrConflict:           "Conflict",
	domain.ErrIllegalTransition:  "That status change is not allowed",
	domain.ErrStale:              "The request has changed",
	domain.ErrVersionRequired:    "Version required",
	domain.ErrUnauthenticated:    "Authentication required",
	domain.ErrForbidden:          "Not allowed",
	domain.ErrTooLarge:           "Too large",
	domain.ErrRateLimited:        "Too many requests",
	domain.ErrUnsupportedContent: "Unreadable content",
	domain.ErrInternal:           "Internal error",
	domain.ErrUnavailable:        "Unavailable for a moment",
	httpx.ErrBadRequest:          "Bad request",
	httpx.ErrMethod:              "Method not allowed",
}

// problem is an RFC 9457 problem details object with PortDesk's extension members.
type problem struct {
	Type     string              `json:"type"`
	Title    string              `json:"title"`
	Status   int                 `json:"status"`
	Detail   string              `json:"detail"`
	Instance string              `json:"instance,omitempty"`
	Code     domain.ErrorCode    `json:"code"`
	Errors   []domain.FieldError `json:"errors,omitempty"`
	Allowed  []string            `json:"allowed_transitions,omitempty"`
}

// problem writes err. Anything not a domain error is logged and shown as a bare 500, so
// internal details never leak.
func (x *api) problem(w http.ResponseWriter, r *http.Request, err error) {
	var e *domain.Error
	if !errors.As(err, &e) {
		e = domain.Internal(err)
	}
	status := httpx.StatusOf(e.Code)
	p := problem{Type: "https://portdesk.dev/problems/" + string(e.Code), Title: titles[e.Code], Status: status,
		Detail: e.Message, Instance: r.URL.Path, Code: e.Code, Errors: e.Fields, Allowed: e.Allowed}
	if e.Code == domain.ErrVersionRequired {
		p.Detail = withVersionHint(p.Detail)
	}
	if status == http.StatusInternalServerError {
		x.log.Error("api internal error", "method", r.Method, "path", r.URL.Path, "err", err,
			"request_id", httpx.RequestID(r.Context()))
		p.Code, p.Detail, p.Type, p.Title = domain.ErrInternal, "Something went wrong on our side; it has been logged.", "https://portdesk.dev/problems/internal", titles[domain.ErrInternal]
		p.Errors, p.Allowed = nil, nil
	}
	if e.Code == domain.ErrIllegalTransition && p.Allowed == nil {
		p.Allowed = []string{}
	}
	if status == http.StatusServiceUnavailable {
		x.log.Warn("api unavailable", "method", r.Method, "path", r.URL.Path, "err", err,
			"request_id", httpx.RequestID(r.Context()))
	}
	httpx.SetRetryAfter(w.Header(), status)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="portdesk"`)
	}
	body, _ := encodeJSON(p)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// versionHint says where an API client puts the version. The use cases only say that a
// version is needed; how it travels over HTTP is the API's to tell.
const versionHint = `Send it in the If-Match header (If-Match: "3") or as the "version" field.`

// withVersionHint ends the use case's message as a sentence and adds versionHint.
func withVersionHint(msg string) string {
	if msg != "" && !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return strings.TrimPrefix(msg+" "+versionHint, " ")
}

// unmatched answers a request no endpoint took: 405 with Allow when the path exists with
// other methods, else 404, both as problems.
func (x *api) unmatched(w http.ResponseWriter, r *http.Request, routes *http.ServeMux) {
	probe := &headerOnly{header: http.Header{}}
	routes.ServeHTTP(probe, r)
	if probe.code == http.StatusMethodNotAllowed {
		allow := probe.header.Get("Allow")
		w.Header().Set("Allow", allow)
		x.problem(w, r, &domain.Error{Code: httpx.ErrMethod, Message: r.Method + " is not allowed here; allowed: " + allow})
		return
	}
	x.problem(w, r, domain.Errorf(domain.ErrNotFound, "there is no %s endpoint at %s", r.Method, r.URL.Path))
}

// headerOnly captures a mux's answer without writing it.
type headerOnly struct {
	header http.Header
	code   int
}

func (h *headerOnly) Header() http.Header         { return h.header }
func (h *headerOnly) Write(b []byte) (int, error) { return len(b), nil }
func (h *headerOnly) WriteHeader(code int)        { h.code = code }
