package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/portdesk/portdesk/internal/domain"
)

// StatusOf is the HTTP status of an error code: the one table, shared by the API and the UI.
func StatusOf(code domain.ErrorCode) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

var statusOf = map[domain.ErrorCode]int{
	domain.ErrInvalid:            http.StatusUnprocessableEntity,
	domain.ErrIncomplete:         http.StatusUnprocessableEntity,
	domain.ErrNotFound:           http.StatusNotFound,
	domain.ErrConflict:           http.StatusConflict,
	domain.ErrIllegalTransition:  http.StatusConflict,
	domain.ErrStale:              http.StatusPreconditionFailed,
	domain.ErrVersionRequired:    http.StatusPreconditionRequired,
	domain.ErrUnauthenticated:    http.StatusUnauthorized,
	domain.ErrForbidden:          http.StatusForbidden,
	domain.ErrTooLarge:           http.StatusRequestEntityTooLarge,
	domain.ErrRateLimited:        http.StatusTooManyRequests,
	domain.ErrUnsupportedContent: http.StatusBadRequest,
	domain.ErrInternal:           http.StatusInternalServerError,
	errBadRequest:                http.StatusBadRequest,
	errMethod:                    http.StatusMethodNotAllowed,
}

// Codes only the API raises: a body it cannot read, a method a path does not take.
const (
	errBadRequest domain.ErrorCode = "bad_request"
	errMethod     domain.ErrorCode = "method_not_allowed"
)

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
	errBadRequest:                "Bad request",
	errMethod:                    "Method not allowed",
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
	status := StatusOf(e.Code)
	p := problem{Type: "https://portdesk.dev/problems/" + string(e.Code), Title: titles[e.Code], Status: status,
		Detail: e.Message, Instance: r.URL.Path, Code: e.Code, Errors: e.Fields, Allowed: e.Allowed}
	if status == http.StatusInternalServerError {
		x.log.Error("api internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		p.Code, p.Detail, p.Type, p.Title = domain.ErrInternal, "Something went wrong on our side; it has been logged.", "https://portdesk.dev/problems/internal", titles[domain.ErrInternal]
		p.Errors, p.Allowed = nil, nil
	}
	if e.Code == domain.ErrIllegalTransition && p.Allowed == nil {
		p.Allowed = []string{}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="portdesk"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// unmatched answers a request no endpoint took: 405 with Allow when the path exists with
// other methods, else 404, both as problems.
func (x *api) unmatched(w http.ResponseWriter, r *http.Request, routes *http.ServeMux) {
	probe := &headerOnly{header: http.Header{}}
	routes.ServeHTTP(probe, r)
	if probe.code == http.StatusMethodNotAllowed {
		allow := probe.header.Get("Allow")
		w.Header().Set("Allow", allow)
		x.problem(w, r, &domain.Error{Code: errMethod, Message: r.Method + " is not allowed here; allowed: " + allow})
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
