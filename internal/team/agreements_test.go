package team_test

import (
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// An agreement names a two-letter country, a provider and one of the portability answers.
func TestAgreementValidation(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	agent, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	if _, err := env.Team.CreatePortingAgreement(ctx, agent, domain.PortingAgreement{Country: "GBR", Provider: " Ltd ", Portable: "maybe"}); len(fieldsOf(err)) != 3 {
		t.Fatalf("bad agreement: %v", err)
	}
}
