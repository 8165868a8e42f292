package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/portdesk/portdesk/internal/domain"
)

func TestExplain(t *testing.T) {
	t.Parallel()
	fields := &domain.Error{Code: domain.ErrInvalid, Message: "check the details", Fields: []domain.FieldError{
		{Field: "email", Code: "invalid", Message: "is not an email address"},
		{Field: "name", Code: "required", Message: "is required"},
	}}
	plain := errors.New("disk full")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"field errors, each named", fields, "check the details\n  email: is not an email address\n  name: is required"},
		{"field errors wrapped on the way up", fmt.Errorf("create user: %w", fields), "check the details\n  email: is not an email address\n  name: is required"},
		{"a domain error without fields, as is", domain.Errorf(domain.ErrConflict, "that email is taken"), "conflict: that email is taken"},
		{"not a domain error, as is", plain, "disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := explain(tt.err).Error(); got != tt.want {
				t.Errorf("explain = %q, want %q", got, tt.want)
			}
		})
	}
}
