package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
)

// refusingMailer refuses every message, as a mail server that is down.
type refusingMailer struct{}

func (refusingMailer) Send(context.Context, notify.Message) error {
	return errors.New("421 try again later")
}

// An error keeps its code through every layer and says what was being delivered, by IDs:
// the log of a failed job reads "email event 40: port-in request 12: …", never an address.
func TestErrorsNameTheOperation(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	const missing = 987654
	tests := []struct {
		op   string
		code domain.ErrorCode
		call func() error
	}{
		{fmt.Sprintf("get webhook endpoint %d", missing), domain.ErrNotFound, func() error {
			_, err := env.Delivery.WebhookEndpoint(ctx, c.Actor, missing)
			return err
		}},
		{fmt.Sprintf("create a webhook endpoint of account %d", c.Account.ID), domain.ErrInvalid, func() error {
			_, err := env.Delivery.CreateWebhookEndpoint(ctx, c.Actor, c.Account.ID, delivery.WebhookInput{})
			return err
		}},
		{fmt.Sprintf("redeliver delivery 1 of webhook endpoint %d", missing), domain.ErrNotFound, func() error {
			return env.Delivery.Redeliver(ctx, c.Actor, missing, 1)
		}},
		{fmt.Sprintf("email deliveries of port-in request %d", missing), domain.ErrForbidden, func() error {
			_, err := env.Delivery.EmailDeliveries(ctx, c.Actor, missing)
			return err
		}},
	}
	for _, tt := range tests {
		desktest.WantError(t, tt.call(), tt.code, tt.op)
	}

	// A mail server that refuses: the job's error says which event of which request, and
	// counts the emails not sent rather than naming their recipients.
	env.UseMailer(t, refusingMailer{})
	p := env.Submitted(t, c.Actor, "0113 496 0001")
	submit := env.LastEvent(t, p.ID, domain.EventStatusChanged)
	err := env.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs{EventID: submit.ID})
	want := fmt.Sprintf("email event %d: port-in request %d: ", submit.ID, p.ID)
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "not sent yet") {
		t.Errorf("refused email: %v, want it to begin %q", err, want)
	}
	if err != nil && strings.Contains(err.Error(), "@") {
		t.Errorf("the error names an email address: %v", err)
	}

	// The database goes away: each failure is internal, and names what was being done.
	if err := env.Store.Close(); err != nil {
		t.Fatal(err)
	}
	down := []struct {
		op   string
		call func() error
	}{
		{fmt.Sprintf("email event %d", submit.ID), func() error {
			return env.Delivery.DeliverEventEmails(ctx, domain.EventEmailArgs{EventID: submit.ID})
		}},
		{"deliver webhook delivery 1", func() error {
			return env.Delivery.DeliverWebhook(ctx, 1)
		}},
		{fmt.Sprintf("webhook endpoints of account %d", c.Account.ID), func() error {
			_, err := env.Delivery.WebhookEndpoints(ctx, c.Actor, c.Account.ID)
			return err
		}},
	}
	for _, tt := range down {
		desktest.WantError(t, tt.call(), domain.ErrInternal, tt.op)
	}
}
