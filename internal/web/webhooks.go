package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/domain"
)

type webhooksPage struct {
	Endpoints []domain.WebhookEndpoint
	Events    []string
	NewSecret string
	NewURL    string
	Error     string
	// One endpoint's log.
	Endpoint   *domain.WebhookEndpoint
	Deliveries []domain.WebhookDelivery
}

// webhooks is the account admin's page: endpoints, a form to add one, the secret once.
func (u *ui) webhooks(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderWebhooks(w, r, s, http.StatusOK, &webhooksPage{})
}

func (u *ui) renderWebhooks(w http.ResponseWriter, r *http.Request, s *session, status int, page *webhooksPage) {
	if s.actor.Staff || s.actor.AccountID == 0 {
		// The team manages customers' endpoints through the API, account by account.
		u.render(w, r, s, http.StatusForbidden, "error", "Webhooks", errorPage{Heading: "Webhooks belong to a customer's account",
			Text: "Each customer sets up its own webhooks here; the porting team manages them through the API (/api/v1/accounts/{id}/webhooks)."})
		return
	}
	eps, err := u.app.Delivery.WebhookEndpoints(r.Context(), s.actor, s.actor.AccountID)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	page.Endpoints, page.Events = eps, domain.HookEvents
	u.render(w, r, s, status, "webhooks", "Webhooks", page)
}

func (u *ui) createWebhook(w http.ResponseWriter, r *http.Request, s *session) {
	if err := r.ParseForm(); err != nil {
		u.fail(w, r, s, err)
		return
	}
	url, desc := strings.TrimSpace(r.PostFormValue("url")), strings.TrimSpace(r.PostFormValue("description"))
	events := r.PostForm["event"]
	ep, err := u.app.Delivery.CreateWebhookEndpoint(r.Context(), s.actor, s.actor.AccountID, delivery.WebhookInput{URL: &url, Events: &events, Description: &desc})
	if err != nil {
		if errs, ok := fieldErrors(err); ok {
			u.renderWebhooks(w, r, s, http.StatusUnprocessableEntity, &webhooksPage{Error: firstOf(errs), NewURL: url})
			return
		}
		u.fail(w, r, s, err)
		return
	}
	// Rendered, not redirected: the secret exists only in this one answer.
	u.renderWebhooks(w, r, s, http.StatusOK, &webhooksPage{NewSecret: ep.Secret, NewURL: ep.URL})
}

func (u *ui) webhookID(w http.ResponseWriter, r *http.Request, s *session) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r, s)
		return 0, false
	}
	return id, true
}

// webhookLog shows one endpoint's deliveries, with redelivery.
func (u *ui) webhookLog(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.webhookID(w, r, s)
	if !ok {
		return
	}
	ep, err := u.app.Delivery.WebhookEndpoint(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	ds, err := u.app.Delivery.WebhookDeliveries(r.Context(), s.actor, id, 0, 100)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, s, http.StatusOK, "webhook", "Webhook deliveries", &webhooksPage{Endpoint: &ep, Deliveries: ds})
}

func (u *ui) toggleWebhook(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.webhookID(w, r, s)
	if !ok {
		return
	}
	paused := r.PostFormValue("disabled") == "1"
	if _, err := u.app.Delivery.UpdateWebhookEndpoint(r.Context(), s.actor, id, delivery.WebhookInput{Disabled: &paused}); err != nil {
		u.fail(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/settings/webhooks", http.StatusSeeOther)
}

func (u *ui) deleteWebhook(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.webhookID(w, r, s)
	if !ok {
		return
	}
	if err := u.app.Delivery.DeleteWebhookEndpoint(r.Context(), s.actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Webhook endpoint removed.")
	http.Redirect(w, r, "/settings/webhooks", http.StatusSeeOther)
}

func (u *ui) redeliverWebhook(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.webhookID(w, r, s)
	if !ok {
		return
	}
	did, _ := strconv.ParseInt(r.PathValue("delivery"), 10, 64)
	if err := u.app.Delivery.Redeliver(r.Context(), s.actor, id, did); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Queued for redelivery.")
	http.Redirect(w, r, "/settings/webhooks/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
