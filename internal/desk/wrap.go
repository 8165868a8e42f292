package desk

import "fmt"

// Wrap puts the operation and what it acted on in front of *errp, as a use case does once at
// its boundary: defer desk.Wrap(&err, "statement of account %d for %s", id, month). A nil
// error stays nil; errors.As still finds the *domain.Error (and its code) inside, so what a
// user reads does not change. Name things by their IDs: never a password, PIN, token or
// secret, nor personal data such as an email address or a phone number.
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
