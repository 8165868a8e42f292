package delivery

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// DeliverWebhook posts one delivery and records the attempt. An error means "try again":
// the job retries on the Standard Webhooks schedule, about a day in all.
func (s *Service) DeliverWebhook(ctx context.Context, id int64) (err error) {
	defer desk.Wrap(&err, "deliver webhook delivery %d", id)
	d, err := s.desk.Store.WebhookDelivery(ctx, id)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil // the endpoint was deleted
	}
	if err != nil {
		return err
	}
	ep, err := s.desk.Store.WebhookEndpoint(ctx, d.EndpointID)
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && ep.Disabled) {
		return nil
	}
	if err != nil {
		return err
	}
	secret, err := webhooks.ParseSecret(ep.Secret)
	if err != nil {
		return err
	}
	res, sendErr := s.sender.Send(ctx, ep.URL, secret, d.MessageID, d.Payload)
	status, response := domain.DeliverySent, res.Body
	if sendErr != nil {
		status = domain.DeliveryFailed
		if res.Status == 0 {
			response = sendErr.Error()
		}
	}
	if err := s.desk.Store.RecordWebhookAttempt(ctx, d.ID, status, res.Status, desk.Truncate(response, 1024), s.desk.Now()); err != nil {
		return err
	}
	return sendErr
}

// visibleEndpoint loads an endpoint of an account the actor administers.
func (s *Service) visibleEndpoint(ctx context.Context, a domain.Actor, id int64) (domain.WebhookEndpoint, error) {
	ep, err := s.desk.Store.WebhookEndpoint(ctx, id)
	if err == nil {
		err = s.endpointsAdmin(ctx, a, ep.AccountID)
	}
	if domain.IsCode(err, domain.ErrNotFound) {
		return ep, desk.NotFound("webhook endpoint") // another account's, like a missing one
	}
	return ep, err
}

// WebhookInput is what an endpoint's owner sets.
type WebhookInput struct {
	URL         *string
	Events      *[]string
	Description *string
	Disabled    *bool
}

func (s *Service) checkWebhookInput(ctx context.Context, in WebhookInput) error {
	var v domain.Validation
	if in.URL != nil {
		*in.URL = strings.TrimSpace(*in.URL)
		if err := s.policy.Check(ctx, *in.URL, nil); err != nil {
			v.Add("url", "invalid", err.Error()+".")
		} else if u, _ := url.Parse(*in.URL); u.Scheme == "http" && !s.policy.AllowPrivate {
			v.Add("url", "insecure", "Use an https URL: the payloads carry your customers' names.")
		}
	}
	if in.Events != nil {
		for i, e := range *in.Events {
			if !slices.Contains(domain.HookEvents, e) {
				v.Add(fmt.Sprintf("events[%d]", i), "invalid", "Unknown event type "+e+".")
			}
		}
	}
	if in.Description != nil {
		*in.Description = v.Text("description", *in.Description, domain.ShortText)
	}
	return v.Err(domain.ErrInvalid, "the webhook endpoint is not valid")
}

// applyTo writes what was given onto an endpoint.
func (in WebhookInput) applyTo(ep *domain.WebhookEndpoint) {
	if in.URL != nil {
		ep.URL = *in.URL
	}
	if in.Events != nil {
		ep.Events = *in.Events
	}
	if in.Description != nil {
		ep.Description = *in.Description
	}
	if in.Disabled != nil {
		ep.Disabled = *in.Disabled
	}
}

// endpointsAdmin lets through who may manage an account's endpoints: the team, and the
// admins of accounts they see.
func (s *Service) endpointsAdmin(ctx context.Context, a domain.Actor, accountID int64) error {
	if _, err := s.desk.VisibleAccount(ctx, s.desk.Store, a, accountID); err != nil {
		return err
	}
	if a.Staff {
		return nil
	}
	return desk.RequireAdmin(a)
}

// CreateWebhookEndpoint adds an endpoint to an account; the secret is in the answer, once.
func (s *Service) CreateWebhookEndpoint(ctx context.Context, a domain.Actor, accountID int64, in WebhookInput) (ep domain.WebhookEndpoint, err error) {
	defer desk.Wrap(&err, "create a webhook endpoint of account %d", accountID)
	if err := s.endpointsAdmin(ctx, a, accountID); err != nil {
		return ep, err
	}
	if in.URL == nil {
		return ep, &domain.Error{Code: domain.ErrInvalid, Message: "the webhook endpoint needs a URL",
			Fields: []domain.FieldError{{Field: "url", Code: "required", Message: "Give the https URL to post events to."}}}
	}
	if err := s.checkWebhookInput(ctx, in); err != nil {
		return ep, err
	}
	secret, err := webhooks.NewSecret()
	if err != nil {
		return ep, err
	}
	ep = domain.WebhookEndpoint{AccountID: accountID, Secret: secret.String(), CreatedAt: s.desk.Now(), UpdatedAt: s.desk.Now()}
	in.applyTo(&ep)
	err = s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.CreateWebhookEndpoint(ctx, &ep); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("webhook_endpoint:%d", ep.ID), "created", ep.URL)
	})
	return ep, err
}

// WebhookEndpoints lists an account's endpoints, secrets hidden.
func (s *Service) WebhookEndpoints(ctx context.Context, a domain.Actor, accountID int64) (_ []domain.WebhookEndpoint, err error) {
	defer desk.Wrap(&err, "webhook endpoints of account %d", accountID)
	if err := s.endpointsAdmin(ctx, a, accountID); err != nil {
		return nil, err
	}
	eps, err := s.desk.Store.WebhookEndpoints(ctx, accountID)
	for i := range eps {
		eps[i].Secret = ""
	}
	return eps, err
}

// WebhookEndpoint returns one endpoint, secret hidden.
func (s *Service) WebhookEndpoint(ctx context.Context, a domain.Actor, id int64) (_ domain.WebhookEndpoint, err error) {
	defer desk.Wrap(&err, "get webhook endpoint %d", id)
	ep, err := s.visibleEndpoint(ctx, a, id)
	ep.Secret = ""
	return ep, err
}

// UpdateWebhookEndpoint changes an endpoint's URL, events, description or pause.
func (s *Service) UpdateWebhookEndpoint(ctx context.Context, a domain.Actor, id int64, in WebhookInput) (_ domain.WebhookEndpoint, err error) {
	defer desk.Wrap(&err, "update webhook endpoint %d", id)
	ep, err := s.visibleEndpoint(ctx, a, id)
	if err != nil {
		return ep, err
	}
	if err := s.checkWebhookInput(ctx, in); err != nil {
		return ep, err
	}
	in.applyTo(&ep)
	ep.UpdatedAt = s.desk.Now()
	if err := s.desk.Store.UpdateWebhookEndpoint(ctx, &ep); err != nil {
		return ep, err
	}
	ep.Secret = ""
	return ep, nil
}

// DeleteWebhookEndpoint removes an endpoint and its delivery log.
func (s *Service) DeleteWebhookEndpoint(ctx context.Context, a domain.Actor, id int64) (err error) {
	defer desk.Wrap(&err, "delete webhook endpoint %d", id)
	ep, err := s.visibleEndpoint(ctx, a, id)
	if err != nil {
		return err
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.DeleteWebhookEndpoint(ctx, id); err != nil {
			return err
		}
		return s.desk.Audit(ctx, tx, a, fmt.Sprintf("webhook_endpoint:%d", id), "deleted", ep.URL)
	})
}

// WebhookDeliveries is an endpoint's delivery log, newest first.
func (s *Service) WebhookDeliveries(ctx context.Context, a domain.Actor, endpointID, beforeID int64, limit int) (_ []domain.WebhookDelivery, err error) {
	defer desk.Wrap(&err, "deliveries of webhook endpoint %d", endpointID)
	if _, err := s.visibleEndpoint(ctx, a, endpointID); err != nil {
		return nil, err
	}
	return s.desk.Store.WebhookDeliveries(ctx, endpointID, beforeID, limit)
}

// Redeliver sends a logged delivery again, with the same webhook-id, so a receiver that got
// it before can tell.
func (s *Service) Redeliver(ctx context.Context, a domain.Actor, endpointID, deliveryID int64) (err error) {
	defer desk.Wrap(&err, "redeliver delivery %d of webhook endpoint %d", deliveryID, endpointID)
	if _, err := s.visibleEndpoint(ctx, a, endpointID); err != nil {
		return err
	}
	d, err := s.desk.Store.WebhookDelivery(ctx, deliveryID)
	if domain.IsCode(err, domain.ErrNotFound) || (err == nil && d.EndpointID != endpointID) {
		return desk.NotFound("delivery")
	}
	if err != nil {
		return err // the store failing is not "no such delivery"
	}
	return s.desk.Store.InTx(ctx, func(tx domain.Tx) error {
		return tx.EnqueueJob(ctx, domain.Job{Kind: domain.JobDeliverWebhook, Args: domain.WebhookArgs{DeliveryID: d.ID}, MaxAttempts: webhooks.MaxAttempts})
	})
}
