package access

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/portdesk/portdesk/internal/domain"
)

// Password rules: long beats complex (NIST SP 800-63B), and a password on a list of the most
// common ones is refused whatever its length.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 200
)

//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, l := range strings.Split(commonPasswordsText, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = struct{}{}
		}
	}
	return m
}()

// IsCommonPassword says whether pw is on the list of common passwords, in any case.
func IsCommonPassword(pw string) bool {
	_, ok := commonPasswords[strings.ToLower(pw)]
	return ok
}

// checkNewPassword adds to v why pw cannot be a new password for the user with email.
func checkNewPassword(v *domain.Validation, field, pw, email string) {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLen || len(pw) > MaxPasswordLen*4 || n > MaxPasswordLen:
		v.Add(field, "weak", "Use a password of 12 to 200 characters.")
	case IsCommonPassword(pw) || (email != "" && strings.EqualFold(strings.TrimSpace(pw), email)):
		v.Add(field, "common", "This password is too common: choose a longer phrase of your own.")
	}
}
