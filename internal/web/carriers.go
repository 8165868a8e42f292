package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

type carriersPage struct {
	Carriers []domain.Carrier
	Error    string
	// Form is what was typed, shown again after an error; Errors are keyed by input name.
	Form   map[string]string
	Errors map[string]string
}

// byInput keys field errors by the input that holds them: the entries of a list typed into
// one box (countries[1]) are reported beside that box, the first message of each kept.
func byInput(errs map[string]string) map[string]string {
	out := map[string]string{}
	for f, m := range errs {
		if i := strings.IndexByte(f, '['); i > 0 {
			f = f[:i]
		}
		if _, ok := out[f]; !ok {
			out[f] = m
		}
	}
	return out
}

// carriers is the team's list of upstream porting desks.
func (u *ui) carriers(w http.ResponseWriter, r *http.Request, s *session) {
	u.renderCarriers(w, r, s, http.StatusOK, &carriersPage{})
}

func (u *ui) renderCarriers(w http.ResponseWriter, r *http.Request, s *session, status int, p *carriersPage) {
	cs, err := u.app.Team.Carriers(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	p.Carriers = cs
	u.render(w, r, s, status, "carriers", "Carriers", p)
}

func (u *ui) saveCarrier(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	in := team.CarrierInput{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Countries: splitList(r.PostFormValue("countries")), Categories: splitList(r.PostFormValue("categories")),
		Kind: domain.CarrierKind(r.PostFormValue("kind")), APIURL: r.PostFormValue("api_url"), WebhookKey: r.PostFormValue("webhook_key"),
		AutoSend: r.PostFormValue("auto_send") == "on", AccountID: r.PostFormValue("account_id"), SiteID: r.PostFormValue("site_id"), PeerID: r.PostFormValue("peer_id")}
	if _, err := u.app.Team.SaveCarrier(r.Context(), s.actor, id, in); err != nil {
		if errs, ok := fieldErrors(err); ok {
			p := &carriersPage{Error: "The carrier was not saved: see the messages next to the fields.", Errors: byInput(errs), Form: map[string]string{}}
			for _, k := range []string{"name", "email", "countries", "categories", "kind", "api_url", "webhook_key", "auto_send", "account_id", "site_id", "peer_id"} {
				p.Form[k] = r.PostFormValue(k)
			}
			u.renderCarriers(w, r, s, http.StatusUnprocessableEntity, p)
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Carrier saved.")
	http.Redirect(w, r, "/settings/carriers", http.StatusSeeOther)
}

// setCarrierKey sets or rotates an API carrier's key, or Bandwidth's callback password
// (staff admins); neither is shown.
func (u *ui) setCarrierKey(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	set, done := u.app.Team.SetCarrierKey, "API key set."
	secret := r.PostFormValue("webhook_secret")
	if _, ok := r.PostForm["webhook_secret"]; ok {
		set, done = u.app.Team.SetCarrierWebhookSecret, "Callback password set."
	} else {
		secret = r.PostFormValue("api_key")
	}
	if err := set(r.Context(), s.actor, id, secret); err != nil {
		if errs, ok := fieldErrors(err); ok {
			u.renderCarriers(w, r, s, http.StatusUnprocessableEntity, &carriersPage{Error: "The key was not set: " + firstOf(errs), Form: map[string]string{}})
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, done)
	http.Redirect(w, r, "/settings/carriers", http.StatusSeeOther)
}

func (u *ui) deleteCarrier(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := u.app.Team.DeleteCarrier(r.Context(), s.actor, id); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Carrier removed.")
	http.Redirect(w, r, "/settings/carriers", http.StatusSeeOther)
}

// sendToCarrier emails the order package from the request's Desk panel.
func (u *ui) sendToCarrier(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	carrierID, _ := strconv.ParseInt(r.PostFormValue("carrier_id"), 10, 64)
	if _, err := u.app.Team.SendToCarrier(r.Context(), s.actor, id, version, carrierID); err != nil {
		if errs, ok := fieldErrors(err); ok {
			u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.Error = firstOf(errs) })
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Order sent to the carrier.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
