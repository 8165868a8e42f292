package httpx

import (
	"net/http"

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
	domain.ErrBusy:               http.StatusServiceUnavailable,
	domain.ErrUnsupportedContent: http.StatusBadRequest,
	domain.ErrInternal:           http.StatusInternalServerError,
	ErrBadRequest:                http.StatusBadRequest,
	ErrMethod:                    http.StatusMethodNotAllowed,
}

// RetryAfter is the Retry-After header (in seconds) an answer with code carries, or "" for
// none: a client turned away as busy is told when to come back instead of retrying at once.
func RetryAfter(code domain.ErrorCode) string {
	if code == domain.ErrBusy {
		return "5"
	}
	return ""
}
