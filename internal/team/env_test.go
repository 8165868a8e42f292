package team_test

import (
	"context"

	"github.com/portdesk/portdesk/internal/desktest"
)

var ctx = context.Background()

func fieldsOf(err error) []string { return desktest.FieldsOf(err) }
