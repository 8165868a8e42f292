package bandwidth

import (
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

// A refusal's code, where we know it, else its words, says which of our rejections it is;
// a word inside a longer one does not count, and words that say nothing we know give none.
func TestExceptionReadsCodeThenWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code, words string
		want        domain.RejectionCode
	}{
		{"7205", "Telephone number is already being processed on another order", domain.RejectPendingOrder},
		{"17008", "", domain.RejectPendingOrder},
		{"7511", "Losing carrier rejected: Account number does not match", domain.RejectAccountNumber},
		{"7511", "PIN invalid", domain.RejectPIN},
		{"7511", "End user name mismatch", domain.RejectNameMismatch},
		{"7511", "Service address ZIP mismatch", domain.RejectAddressMismatch},
		{"7511", "BTN does not match CSR", domain.RejectBTN},
		{"7511", "Shipping delayed", ""}, // "pin" inside "shipping"
		{"7999", "An internal error has occurred", ""},
	} {
		if got := exception(tc.code, tc.words); got.Rejection != tc.want || got.Code != tc.code || got.Description != tc.words {
			t.Errorf("%s %q: %+v, want %q", tc.code, tc.words, got, tc.want)
		}
	}
}
