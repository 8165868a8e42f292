package desk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// JobDeliverWebhook is the kind of the job that posts one delivery.
const JobDeliverWebhook = "deliver_webhook"

// WebhookArgs are that job's arguments.
type WebhookArgs struct {
	DeliveryID int64 `json:"delivery_id"`
}

// UseWebhooks sets how deliveries are sent and which URLs endpoints may have.
func (s *Service) UseWebhooks(sender *webhooks.Sender, policy webhooks.URLPolicy) {
	s.hookSender, s.hookPolicy = sender, policy
}

// hookTypesFor are the webhook events an audit event raises.
func hookTypesFor(e domain.Event) []string {
	switch e.Type {
	case domain.EventNoteAdded:
		return []string{domain.HookPortInNoteCreated}
	case domain.EventFOCChanged:
		return []string{domain.HookPortInScheduled}
	case domain.EventSMSEnabled:
		return []string{domain.HookNumberSMSEnabled}
	case domain.EventNumbersPorted:
		return []string{domain.HookNumberActivated}
	case domain.EventStatusChanged:
		switch e.To {
		case domain.StatusSubmitted:
			return []string{domain.HookPortInSubmitted}
		case domain.StatusActionRequired:
			return []string{domain.HookPortInActionRequired}
		case domain.StatusInProgress:
			return []string{domain.HookPortInInProgress}
		case domain.StatusScheduled:
			return []string{domain.HookPortInScheduled}
		case domain.StatusCompleted:
			return []string{domain.HookPortInCompleted, domain.HookNumberActivated}
		case domain.StatusRejected:
			return []string{domain.HookPortInRejected}
		case domain.StatusCancelled:
			return []string{domain.HookPortInCancelled}
		}
	}
	return nil
}

type hookPortIn struct {
	ID             int64            `json:"id"`
	AccountID      int64            `json:"account_id"`
	ParentID       int64            `json:"parent_id,omitempty"`
	Status         domain.Status    `json:"status"`
	StatusReason   string           `json:"status_reason,omitempty"`
	CustomerName   string           `json:"customer_name"`
	LosingProvider string           `json:"losing_provider"`
	FOC            *time.Time       `json:"foc,omitempty"`
	Rejections     []hookRejection  `json:"rejections,omitempty"`
	SubmittedAt    *time.Time       `json:"submitted_at,omitempty"`
	Numbers        []hookPortNumber `json:"numbers,omitempty"`
}

type hookRejection struct {
	Code domain.RejectionCode `json:"code"`
	Fix  string               `json:"fix"`
}

type hookPortNumber struct {
	Number          string `json:"number"`
	ReceivingNumber string `json:"receiving_number,omitempty"`
	TrackingSource  string `json:"tracking_source,omitempty"`
}

type hookPayload struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      hookData  `json:"data"`
}

type hookData struct {
	EventID int64      `json:"event_id"`
	PortIn  hookPortIn `json:"port_in"`
	Note    *hookNote  `json:"note,omitempty"`
}

type hookNote struct {
	ID     int64  `json:"id"`
	Author string `json:"author"`
	Staff  bool   `json:"staff"`
	Body   string `json:"body"`
}

// enqueueHooks writes, in the event's transaction, a pending delivery and its job for each of
// the account's endpoints that wants the event. The payload is taken now, so it tells what was
// true at the event, however late it is delivered.
func (s *Service) enqueueHooks(ctx context.Context, tx domain.Tx, p domain.PortIn, e domain.Event, note *domain.Note) error {
	types := hookTypesFor(e)
	// A partial completion names its numbers in the event's reason, one a line.
	ported := strings.Split(e.Reason, "\n")
	if len(types) == 0 {
		return nil
	}
	eps, err := tx.WebhookEndpoints(ctx, p.AccountID)
	if err != nil || len(eps) == 0 {
		return err
	}
	hp := hookPortIn{ID: p.ID, AccountID: p.AccountID, ParentID: p.ParentID, Status: p.Status, StatusReason: p.StatusReason,
		CustomerName: p.CustomerName, LosingProvider: p.LosingProvider, FOC: p.FOC, SubmittedAt: p.SubmittedAt}
	for _, r := range p.Rejections {
		hp.Rejections = append(hp.Rejections, hookRejection{Code: r.Code, Fix: r.Fix(p)})
	}
	for _, typ := range types {
		data := hookData{EventID: e.ID, PortIn: hp}
		if typ == domain.HookNumberActivated || typ == domain.HookNumberSMSEnabled {
			ns, err := tx.PortInNumbers(ctx, p.ID)
			if err != nil {
				return err
			}
			for _, n := range ns {
				if n.Status == domain.NumberPorted && (e.Type != domain.EventNumbersPorted || slices.Contains(ported, n.Number)) {
					data.PortIn.Numbers = append(data.PortIn.Numbers, hookPortNumber{Number: n.Number, ReceivingNumber: n.ReceivingNumber, TrackingSource: n.TrackingSource})
				}
			}
		}
		if note != nil {
			data.Note = &hookNote{ID: note.ID, Author: note.AuthorName, Staff: note.Staff, Body: note.Body}
		}
		payload, err := json.Marshal(hookPayload{Type: typ, Timestamp: e.At, Data: data})
		if err != nil {
			return err
		}
		suffix := ""
		if typ == domain.HookNumberActivated {
			suffix = "_numbers" // one event raises two types: each gets its own message
		}
		if err := s.addHookDeliveries(ctx, tx, eps, e, typ, suffix, payload); err != nil {
			return err
		}
	}
	return nil
}

// addHookDeliveries writes, for each endpoint that wants typ, a pending delivery of payload
// and the job that posts it. The message ID is the event's and the endpoint's, with suffix
// when the event raises a second type, so a receiver can drop a repeat of each.
func (s *Service) addHookDeliveries(ctx context.Context, tx domain.Tx, eps []domain.WebhookEndpoint, e domain.Event, typ, suffix string, payload []byte) error {
	for _, ep := range eps {
		if !ep.Wants(typ) {
			continue
		}
		d := domain.WebhookDelivery{EndpointID: ep.ID, EventID: e.ID, EventType: typ, Payload: payload, Status: domain.DeliveryPending, At: s.now(),
			MessageID: webhooks.MessageID(e.ID, ep.ID) + suffix}
		if err := tx.AddWebhookDelivery(ctx, &d); err != nil {
			return err
		}
		if err := tx.EnqueueJob(ctx, domain.Job{Kind: JobDeliverWebhook, Args: WebhookArgs{DeliveryID: d.ID}, MaxAttempts: webhooks.MaxAttempts}); err != nil {
			return err
		}
	}
	return nil
}

// DeliverWebhook posts one delivery and records the attempt. An error means "try again":
// the job retries on the Standard Webhooks schedule, about a day in all.
func (s *Service) DeliverWebhook(ctx context.Context, id int64) error {
	if s.hookSender == nil {
		return errors.New("no webhook sender configured")
	}
	d, err := s.store.WebhookDelivery(ctx, id)
	if domain.IsCode(err, domain.ErrNotFound) {
		return nil // the endpoint was deleted
	}
	if err != nil {
		return err
	}
	ep, err := s.store.WebhookEndpoint(ctx, d.EndpointID)
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
	res, sendErr := s.hookSender.Send(ctx, ep.URL, secret, d.MessageID, d.Payload)
	status, response := domain.DeliverySent, res.Body
	if sendErr != nil {
		status = domain.DeliveryFailed
		if res.Status == 0 {
			response = sendErr.Error()
		}
	}
	if err := s.store.RecordWebhookAttempt(ctx, d.ID, status, res.Status, truncate(response, 1024), s.now()); err != nil {
		return err
	}
	return sendErr
}

// visibleEndpoint loads an endpoint of an account the actor administers.
func (s *Service) visibleEndpoint(ctx context.Context, a domain.Actor, id int64) (domain.WebhookEndpoint, error) {
	ep, err := s.store.WebhookEndpoint(ctx, id)
	if err != nil {
		return ep, notFound("webhook endpoint")
	}
	if _, err := s.visibleAccount(ctx, s.store, a, ep.AccountID); err != nil {
		return ep, notFound("webhook endpoint")
	}
	if !a.Staff {
		if err := requireAdmin(a); err != nil {
			return ep, err
		}
	}
	return ep, nil
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
		if err := s.hookPolicy.Check(ctx, *in.URL, nil); err != nil {
			v.Add("url", "invalid", err.Error()+".")
		} else if u, _ := url.Parse(*in.URL); u.Scheme == "http" && !s.hookPolicy.AllowPrivate {
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
	if in.Description != nil && len(*in.Description) > 200 {
		v.Add("description", "too_long", "Keep the description under 200 characters.")
	}
	return v.Err(domain.ErrInvalid, "the webhook endpoint is not valid")
}

// CreateWebhookEndpoint adds an endpoint to an account; the secret is in the answer, once.
func (s *Service) CreateWebhookEndpoint(ctx context.Context, a domain.Actor, accountID int64, in WebhookInput) (domain.WebhookEndpoint, error) {
	var ep domain.WebhookEndpoint
	if _, err := s.visibleAccount(ctx, s.store, a, accountID); err != nil {
		return ep, err
	}
	if !a.Staff {
		if err := requireAdmin(a); err != nil {
			return ep, err
		}
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
	ep = domain.WebhookEndpoint{AccountID: accountID, URL: *in.URL, Secret: secret.String(), CreatedAt: s.now(), UpdatedAt: s.now()}
	if in.Events != nil {
		ep.Events = *in.Events
	}
	if in.Description != nil {
		ep.Description = *in.Description
	}
	if in.Disabled != nil {
		ep.Disabled = *in.Disabled
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.CreateWebhookEndpoint(ctx, &ep); err != nil {
			return err
		}
		return tx.AddAudit(ctx, &domain.AuditEntry{ActorID: a.UserID, ActorName: actorName(a), Subject: fmt.Sprintf("webhook_endpoint:%d", ep.ID),
			Action: "created", Detail: ep.URL, At: s.now()})
	})
	return ep, err
}

// WebhookEndpoints lists an account's endpoints, secrets hidden.
func (s *Service) WebhookEndpoints(ctx context.Context, a domain.Actor, accountID int64) ([]domain.WebhookEndpoint, error) {
	if _, err := s.visibleAccount(ctx, s.store, a, accountID); err != nil {
		return nil, err
	}
	if !a.Staff {
		if err := requireAdmin(a); err != nil {
			return nil, err
		}
	}
	eps, err := s.store.WebhookEndpoints(ctx, accountID)
	for i := range eps {
		eps[i].Secret = ""
	}
	return eps, err
}

// WebhookEndpoint returns one endpoint, secret hidden.
func (s *Service) WebhookEndpoint(ctx context.Context, a domain.Actor, id int64) (domain.WebhookEndpoint, error) {
	ep, err := s.visibleEndpoint(ctx, a, id)
	ep.Secret = ""
	return ep, err
}

// UpdateWebhookEndpoint changes an endpoint's URL, events, description or pause.
func (s *Service) UpdateWebhookEndpoint(ctx context.Context, a domain.Actor, id int64, in WebhookInput) (domain.WebhookEndpoint, error) {
	ep, err := s.visibleEndpoint(ctx, a, id)
	if err != nil {
		return ep, err
	}
	if err := s.checkWebhookInput(ctx, in); err != nil {
		return ep, err
	}
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
	ep.UpdatedAt = s.now()
	if err := s.store.UpdateWebhookEndpoint(ctx, &ep); err != nil {
		return ep, err
	}
	ep.Secret = ""
	return ep, nil
}

// DeleteWebhookEndpoint removes an endpoint and its delivery log.
func (s *Service) DeleteWebhookEndpoint(ctx context.Context, a domain.Actor, id int64) error {
	ep, err := s.visibleEndpoint(ctx, a, id)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.DeleteWebhookEndpoint(ctx, id); err != nil {
			return err
		}
		return tx.AddAudit(ctx, &domain.AuditEntry{ActorID: a.UserID, ActorName: actorName(a), Subject: fmt.Sprintf("webhook_endpoint:%d", id),
			Action: "deleted", Detail: ep.URL, At: s.now()})
	})
}

// WebhookDeliveries is an endpoint's delivery log, newest first.
func (s *Service) WebhookDeliveries(ctx context.Context, a domain.Actor, endpointID, beforeID int64, limit int) ([]domain.WebhookDelivery, error) {
	if _, err := s.visibleEndpoint(ctx, a, endpointID); err != nil {
		return nil, err
	}
	return s.store.WebhookDeliveries(ctx, endpointID, beforeID, limit)
}

// Redeliver sends a logged delivery again, with the same webhook-id, so a receiver that got
// it before can tell.
func (s *Service) Redeliver(ctx context.Context, a domain.Actor, endpointID, deliveryID int64) error {
	if _, err := s.visibleEndpoint(ctx, a, endpointID); err != nil {
		return err
	}
	d, err := s.store.WebhookDelivery(ctx, deliveryID)
	if err != nil || d.EndpointID != endpointID {
		return notFound("delivery")
	}
	return s.store.InTx(ctx, func(tx domain.Tx) error {
		return tx.EnqueueJob(ctx, domain.Job{Kind: JobDeliverWebhook, Args: WebhookArgs{DeliveryID: d.ID}, MaxAttempts: webhooks.MaxAttempts})
	})
}
