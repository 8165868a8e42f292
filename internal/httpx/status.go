package httpx

import (
	"net/http"
	"strconv"

	"github.com/portdesk/portdesk/internal/domain"
)

// Codes raised at the HTTP edge rather than by the use cases: a body that cannot be read,
// a method a path does not take.
const (
	ErrBadRequest domain.ErrorCode = "bad_request"
	ErrMethod     domain.ErrorCode = "method_not_allowed"
)

// StatusOf is the HTTP status of an error code: the one table, shared by the API and the
// UI. A code it does not know is a 500.
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
	domain.ErrUnavailable:        http.StatusServiceUnavailable,
	ErrBadRequest:                http.StatusBadRequest,
	ErrMethod:                    http.StatusMethodNotAllowed,
}

// RetryAfterSeconds is how long a 503 asks the caller to wait before trying again: a lost
// database connection is replaced at once, so a couple of seconds is enough.
const RetryAfterSeconds = 2

// SetRetryAfter gives a 503 its Retry-After, in the API and the UI alike.
func SetRetryAfter(h http.Header, status int) {
	if status == http.StatusServiceUnavailable && h.Get("Retry-After") == "" {
		h.Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
	}
}
