package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/domain"
)

type webhookJSON struct {
	ID          int64     `json:"id"`
	AccountID   int64     `json:"account_id"`
	URL         string    `json:"url"`
	Events      []string  `json:"events"`
	Description string    `json:"description"`
	Disabled    bool      `json:"disabled"`
	Secret      string    `json:"secret,omitempty"` // only in the answer to its creation
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func webhookView(e domain.WebhookEndpoint) webhookJSON {
	ev := e.Events
	if ev == nil {
		ev = []string{}
	}
	return webhookJSON{e.ID, e.AccountID, e.URL, ev, e.Description, e.Disabled, e.Secret, e.CreatedAt, e.UpdatedAt}
}

type webhookBody struct {
	URL         *string   `json:"url"`
	Events      *[]string `json:"events"`
	Description *string   `json:"description"`
	Disabled    *bool     `json:"disabled"`
}

func (b webhookBody) input() delivery.WebhookInput {
	return delivery.WebhookInput{URL: b.URL, Events: b.Events, Description: b.Description, Disabled: b.Disabled}
}

func (x *api) listWebhooks(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	eps, err := x.app.Delivery.WebhookEndpoints(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[webhookJSON]{Data: mapList(eps, webhookView)})
	return nil
}

func (x *api) createWebhook(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b webhookBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	ep, err := x.app.Delivery.CreateWebhookEndpoint(r.Context(), a, id, b.input())
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/webhooks/"+strconv.FormatInt(ep.ID, 10))
	writeJSON(w, http.StatusCreated, webhookView(ep))
	return nil
}

func (x *api) getWebhook(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ep, err := x.app.Delivery.WebhookEndpoint(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, webhookView(ep))
	return nil
}

func (x *api) patchWebhook(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b webhookBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	ep, err := x.app.Delivery.UpdateWebhookEndpoint(r.Context(), a, id, b.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, webhookView(ep))
	return nil
}

func (x *api) deleteWebhook(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := x.app.Delivery.DeleteWebhookEndpoint(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type webhookDeliveryJSON struct {
	ID           int64                 `json:"id"`
	EventID      int64                 `json:"event_id"`
	EventType    string                `json:"event_type"`
	MessageID    string                `json:"webhook_id"`
	Status       domain.DeliveryStatus `json:"status"`
	Attempts     int                   `json:"attempts"`
	ResponseCode int                   `json:"response_code"`
	Response     string                `json:"response"`
	At           time.Time             `json:"at"`
	Payload      any                   `json:"payload"`
}

func webhookDeliveryView(d domain.WebhookDelivery) webhookDeliveryJSON {
	return webhookDeliveryJSON{d.ID, d.EventID, d.EventType, d.MessageID, d.Status, d.Attempts, d.ResponseCode, d.Response, d.At, rawJSON(d.Payload)}
}

// rawJSON embeds stored JSON as it is.
type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("null"), nil
	}
	return r, nil
}

func (x *api) listWebhookDeliveries(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var v domain.Validation
	before := queryInt(r, "before", &v)
	limit := int(queryInt(r, "limit", &v))
	if err := v.Err(domain.ErrInvalid, "the filter is not valid"); err != nil {
		return err
	}
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	ds, err := x.app.Delivery.WebhookDeliveries(r.Context(), a, id, before, limit)
	if err != nil {
		return err
	}
	out := listJSON[webhookDeliveryJSON]{Data: mapList(ds, webhookDeliveryView)}
	if len(ds) == limit {
		out.NextCursor = strconv.FormatInt(ds[len(ds)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (x *api) redeliverWebhook(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	did, err := strconv.ParseInt(r.PathValue("delivery"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ErrNotFound, "delivery not found")
	}
	if err := x.app.Delivery.Redeliver(r.Context(), a, id, did); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"status": "queued"})
	return nil
}

func (x *api) listWebhookEvents(w http.ResponseWriter, _ *http.Request, _ domain.Actor) error {
	writeJSON(w, http.StatusOK, map[string]any{"data": domain.HookEvents})
	return nil
}

// queryInt reads an optional whole-number query parameter; anything else is refused on it.
func queryInt(r *http.Request, name string, v *domain.Validation) int64 {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		v.Add(name, "invalid", "Give a whole number.")
	}
	return n
}
