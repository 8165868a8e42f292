package httpx

import (
	"net/http"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

func TestStatusOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code domain.ErrorCode
		want int
	}{
		{domain.ErrInvalid, http.StatusUnprocessableEntity},
		{domain.ErrIncomplete, http.StatusUnprocessableEntity},
		{domain.ErrNotFound, http.StatusNotFound},
		{domain.ErrConflict, http.StatusConflict},
		{domain.ErrIllegalTransition, http.StatusConflict},
		{domain.ErrStale, http.StatusPreconditionFailed},
		{domain.ErrVersionRequired, http.StatusPreconditionRequired},
		{domain.ErrUnauthenticated, http.StatusUnauthorized},
		{domain.ErrForbidden, http.StatusForbidden},
		{domain.ErrTooLarge, http.StatusRequestEntityTooLarge},
		{domain.ErrRateLimited, http.StatusTooManyRequests},
		{domain.ErrUnavailable, http.StatusServiceUnavailable},
		{domain.ErrUnsupportedContent, http.StatusBadRequest},
		{domain.ErrInternal, http.StatusInternalServerError},
		{ErrBadRequest, http.StatusBadRequest},
		{ErrMethod, http.StatusMethodNotAllowed},
		// A code nobody mapped is a failure of ours, never a client error.
		{"no_such_code", http.StatusInternalServerError},
		{"", http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			t.Parallel()
			if got := StatusOf(tt.code); got != tt.want {
				t.Errorf("StatusOf(%q) = %d, want %d", tt.code, got, tt.want)
			}
		})
	}
}
