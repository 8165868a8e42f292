package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

type carrierJSON struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Email      string     `json:"email"`
	Countries  []string   `json:"countries"`
	Categories []string   `json:"categories"`
	Kind       string     `json:"kind"`
	APIURL     string     `json:"api_url"`
	WebhookKey string     `json:"webhook_key"`
	KeySetAt   *time.Time `json:"key_set_at,omitempty"`
	AutoSend   bool       `json:"auto_send"`
	AccountID  string     `json:"account_id"`
	SiteID     string     `json:"site_id"`
	PeerID     string     `json:"peer_id"`
	// SecretSetAt: when the webhook secret was last set; the secret itself is never answered.
	SecretSetAt *time.Time `json:"webhook_secret_set_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func carrierView(c domain.Carrier) carrierJSON {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	kind := c.Kind
	if kind == "" {
		kind = domain.CarrierByEmail
	}
	// The key itself is never answered: only when it was set.
	return carrierJSON{c.ID, c.Name, c.Email, nz(c.Countries), nz(c.Categories), string(kind), c.APIURL, c.WebhookKey, c.CredentialsSetAt, c.AutoSend,
		c.AccountID, c.SiteID, c.PeerID, c.WebhookSecretSetAt, c.CreatedAt, c.UpdatedAt}
}

func (x *api) listCarriers(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	cs, err := x.app.Team.Carriers(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[carrierJSON]{Data: mapList(cs, carrierView)})
	return nil
}

func (x *api) saveCarrier(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = strconv.ParseInt(r.PathValue("id"), 10, 64); err != nil {
			return domain.Errorf(domain.ErrNotFound, "carrier not found")
		}
	}
	var in team.CarrierInput
	if err := x.decode(w, r, &in); err != nil {
		return err
	}
	c, err := x.app.Team.SaveCarrier(r.Context(), a, id, in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if id == 0 {
		status = http.StatusCreated
	}
	writeJSON(w, status, carrierView(c))
	return nil
}

func (x *api) deleteCarrier(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ErrNotFound, "carrier not found")
	}
	if err := x.app.Team.DeleteCarrier(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type sendBody struct {
	Version   int64 `json:"version"`
	CarrierID int64 `json:"carrier_id"`
}

// sendToCarrier emails the order package to a carrier; the request goes in progress.
func (x *api) sendToCarrier(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b sendBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	v, err := version(r, b.Version)
	if err != nil {
		return err
	}
	if _, err := x.app.Team.SendToCarrier(r.Context(), a, id, v, b.CarrierID); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}
