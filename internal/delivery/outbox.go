package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// sends is what one event sends: the webhook types it raises, in order, and the template of
// the email it sends ("" for none).
type sends struct {
	hooks []string
	email string
}

// hookMessage is one webhook an event raises: its type, and its payload as things stood in
// the event's transaction, however late it is delivered.
type hookMessage struct {
	typ     string
	payload any
}

// hookEnvelope is every webhook's body: Standard Webhooks' type, timestamp and data.
type hookEnvelope struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      any       `json:"data"`
}

// enqueue writes, in the event's transaction, what one event sends: for each endpoint of the
// account that wants each webhook, a pending delivery and the job that posts it; and, when
// email is set, the job that emails the event (with the note a note's email carries). The
// email goes and the webhooks post if and only if the change commits.
func (s *Service) enqueue(ctx context.Context, tx domain.Tx, accountID, eventID int64, at time.Time, hooks []hookMessage, email bool, noteID int64) error {
	if len(hooks) > 0 {
		eps, err := tx.WebhookEndpoints(ctx, accountID)
		if err != nil {
			return fmt.Errorf("webhook endpoints of account %d: %w", accountID, err)
		}
		for i, h := range hooks {
			payload, err := json.Marshal(hookEnvelope{Type: h.typ, Timestamp: at, Data: h.payload})
			if err != nil {
				return fmt.Errorf("webhook %s: %w", h.typ, err)
			}
			suffix := ""
			if i > 0 || h.typ == domain.HookNumberActivated {
				// One event, two types: each its own message, so a receiver can drop a
				// repeat of each (…_numbers, …_released, …_rejected).
				suffix = "_" + suffixOf(h.typ)
			}
			if err := s.addHookDeliveries(ctx, tx, eps, eventID, h.typ, suffix, payload); err != nil {
				return err
			}
		}
	}
	if !email {
		return nil
	}
	return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobSendEventEmail, Args: domain.EventEmailArgs{EventID: eventID, NoteID: noteID}})
}

// suffixOf is what a second webhook type of one event adds to its message ID: the part after
// the dot, but for number.activated, which has always been "_numbers".
func suffixOf(typ string) string {
	if typ == domain.HookNumberActivated {
		return "numbers"
	}
	return typ[strings.IndexByte(typ, '.')+1:]
}

// addHookDeliveries writes, for each endpoint that wants typ, a pending delivery of payload
// and the job that posts it. The message ID is the event's and the endpoint's, with suffix
// when the event raises a second type.
func (s *Service) addHookDeliveries(ctx context.Context, tx domain.Tx, eps []domain.WebhookEndpoint, eventID int64, typ, suffix string, payload []byte) error {
	for _, ep := range eps {
		if !ep.Wants(typ) {
			continue
		}
		d := domain.WebhookDelivery{EndpointID: ep.ID, EventID: eventID, EventType: typ, Payload: payload, Status: domain.DeliveryPending,
			At: s.desk.Now(), MessageID: webhooks.MessageID(eventID, ep.ID) + suffix}
		if err := tx.AddWebhookDelivery(ctx, &d); err != nil {
			return fmt.Errorf("webhook %s to endpoint %d: %w", typ, ep.ID, err)
		}
		if err := tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobDeliverWebhook, Args: domain.WebhookArgs{DeliveryID: d.ID}, MaxAttempts: webhooks.MaxAttempts}); err != nil {
			return err
		}
	}
	return nil
}
