package domain

import (
	"errors"
	"fmt"
)

// ErrorCode classifies a failure. The HTTP edge (package httpx) maps each code to a status
// in one table.
type ErrorCode string

const (
	ErrInvalid            ErrorCode = "invalid"             // malformed input
	ErrIncomplete         ErrorCode = "incomplete"          // well-formed but not enough to act on (submit)
	ErrNotFound           ErrorCode = "not_found"           // absent, or not visible to the caller
	ErrConflict           ErrorCode = "conflict"            // clashes with existing data
	ErrIllegalTransition  ErrorCode = "illegal_transition"  // the state machine forbids it
	ErrStale              ErrorCode = "stale_version"       // optimistic lock lost
	ErrVersionRequired    ErrorCode = "version_required"    // no If-Match/version sent
	ErrUnauthenticated    ErrorCode = "unauthenticated"     // no or bad credentials
	ErrForbidden          ErrorCode = "forbidden"           // visible but not allowed
	ErrTooLarge           ErrorCode = "too_large"           // body or file over a limit
	ErrRateLimited        ErrorCode = "rate_limited"        // too many attempts
	ErrUnsupportedContent ErrorCode = "unsupported_content" // a body of the wrong type
	ErrUnavailable        ErrorCode = "unavailable"         // at capacity, or a part it needs (the database) failed for a moment: try again shortly
	ErrInternal           ErrorCode = "internal"            // anything else; details are logged, never shown
)

// FieldError is one problem with one input field. Field is the JSON path
// ("billing_address.postcode", "numbers[3].number").
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error is the one error type that crosses layers: adapters turn their own failures into it,
// so that handlers never see a driver error.
type Error struct {
	Code    ErrorCode
	Message string       // safe to show to the user
	Fields  []FieldError // per-field problems, all at once
	Allowed []string     // for ErrIllegalTransition: the statuses the thing could move to instead
	Err     error        // the cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return string(e.Code) + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with a formatted, user-safe message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected failure; its message is generic on purpose.
func Internal(err error) *Error {
	return &Error{Code: ErrInternal, Message: "an internal error occurred", Err: err}
}

// CodeOf returns the code of err, ErrInternal for an error that is not ours.
func CodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ErrInternal
}

// IsCode reports whether err carries code.
func IsCode(err error, code ErrorCode) bool { return CodeOf(err) == code }

// ErrNoRows is what store engines return (wrapped in an ErrNotFound Error) for a missing row.
var ErrNoRows = &Error{Code: ErrNotFound, Message: "not found"}

// Validation collects field errors so that every problem is reported at once.
type Validation struct{ Fields []FieldError }

// Add records a problem with one field.
func (v *Validation) Add(field, code, message string) {
	v.Fields = append(v.Fields, FieldError{Field: field, Code: code, Message: message})
}

// Err returns nil when nothing was added, else an Error of the given code.
func (v *Validation) Err(code ErrorCode, message string) error {
	if len(v.Fields) == 0 {
		return nil
	}
	return &Error{Code: code, Message: message, Fields: v.Fields}
}

// StatusNames lists statuses of any kind as the text an Error's Allowed carries.
func StatusNames[S ~string](ss []S) []string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// Has reports whether a problem with field was added.
func (v *Validation) Has(field string) bool {
	for _, f := range v.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// MessageOf is the user-safe message of an error: a domain error's own, else a generic one.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "This value is not valid."
}
