package api

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
)

// setCarrierKey sets or rotates an API carrier's key, its webhook secret (Bandwidth's
// callback password), or both; neither is ever answered back.
func (x *api) setCarrierKey(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		APIKey        string `json:"api_key"`
		WebhookSecret string `json:"webhook_secret"`
	}
	if err := x.decode(w, r, &in); err != nil {
		return err
	}
	if in.APIKey != "" || in.WebhookSecret == "" {
		if err := x.app.Team.SetCarrierKey(r.Context(), a, id, in.APIKey); err != nil {
			return err
		}
	}
	if in.WebhookSecret != "" {
		if err := x.app.Team.SetCarrierWebhookSecret(r.Context(), a, id, in.WebhookSecret); err != nil {
			return err
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// carrierWebhook takes a carrier's webhook call: the carrier's connector verifies it.
func (x *api) carrierWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, x.limits.MaxBodyBytes))
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		return domain.Errorf(domain.ErrTooLarge, "the webhook is over %d bytes", mbe.Limit)
	}
	if err != nil {
		return &domain.Error{Code: httpx.ErrBadRequest, Message: "the webhook's body could not be read"}
	}
	if err := x.app.Upstream.Webhook(r.Context(), id, domain.CarrierWebhook{Header: r.Header.Get, Body: body}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type carrierCallJSON struct {
	ID        int64     `json:"id"`
	CarrierID int64     `json:"carrier_id"`
	Operation string    `json:"operation"`
	Request   string    `json:"request"`
	Status    int       `json:"status"`
	Error     string    `json:"error"`
	At        time.Time `json:"at"`
	TookMS    int64     `json:"took_ms"`
}

type carrierOrderJSON struct {
	ID         int64                     `json:"id"`
	CarrierID  int64                     `json:"carrier_id"`
	Ref        string                    `json:"ref"`
	Numbers    []string                  `json:"numbers"`
	Status     domain.CarrierStatus      `json:"status"`
	FOC        *time.Time                `json:"foc"`
	Submitted  bool                      `json:"submitted"`
	Exceptions []domain.CarrierException `json:"exceptions"`
	FOCWindows []domain.FOCWindow        `json:"foc_windows"` // as the carrier allowed when the part was submitted
}

// carrierLog is a request's orders at API carriers and the calls made for them.
func (x *api) carrierLog(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	orders, err := x.app.Upstream.Orders(r.Context(), a, id)
	if err != nil {
		return err
	}
	calls, err := x.app.Upstream.Calls(r.Context(), a, id)
	if err != nil {
		return err
	}
	out := struct {
		Orders []carrierOrderJSON `json:"orders"`
		Calls  []carrierCallJSON  `json:"calls"`
	}{Orders: []carrierOrderJSON{}, Calls: []carrierCallJSON{}}
	for _, o := range orders {
		ns, es := o.Numbers, o.Exceptions
		if ns == nil {
			ns = []string{}
		}
		if es == nil {
			es = []domain.CarrierException{}
		}
		ws := o.FOCWindows
		if ws == nil {
			ws = []domain.FOCWindow{}
		}
		out.Orders = append(out.Orders, carrierOrderJSON{o.ID, o.CarrierID, o.Ref, ns, o.Status, o.FOC, o.Submitted, es, ws})
	}
	for _, c := range calls {
		out.Calls = append(out.Calls, carrierCallJSON{c.ID, c.CarrierID, c.Operation, c.Request, c.Status, c.Error, c.At, c.Took.Milliseconds()})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
