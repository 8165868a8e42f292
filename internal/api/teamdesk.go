package api

import (
	"net/http"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

type fixBody struct {
	Version    int64              `json:"version"`
	Rejections []domain.Rejection `json:"rejections"`
	Note       string             `json:"note"`
}

// requestFix sends a request back to the customer with rejection codes and a note.
func (x *api) requestFix(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b fixBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	v, err := version(r, b.Version)
	if err != nil {
		return err
	}
	if _, err := x.app.Team.RequestFix(r.Context(), a, id, v, b.Rejections, b.Note); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}

type focBody struct {
	Version int64     `json:"version"`
	FOC     time.Time `json:"foc"`
	// ConfirmEarly takes a FOC before the earliest date quoted for the order.
	ConfirmEarly bool `json:"confirm_early"`
}

// setFOC schedules the port for the date and time the carrier committed to, or moves it.
func (x *api) setFOC(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b focBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	if b.FOC.IsZero() {
		return &domain.Error{Code: domain.ErrInvalid, Message: "give the FOC date and time",
			Fields: []domain.FieldError{{Field: "foc", Code: "required", Message: "An RFC 3339 date and time, e.g. 2026-12-08T10:00:00Z."}}}
	}
	v, err := version(r, b.Version)
	if err != nil {
		return err
	}
	if _, err := x.app.Team.Schedule(r.Context(), a, id, v, b.FOC, b.ConfirmEarly); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}

type assignBody struct {
	Version int64 `json:"version"`
	UserID  int64 `json:"user_id"`
}

func (x *api) assign(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b assignBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	v, err := version(r, b.Version)
	if err != nil {
		return err
	}
	if _, err := x.app.Team.Assign(r.Context(), a, id, v, b.UserID); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}

// listRejectionCodes is the vocabulary of fixes: for the team's tools and for customers who
// want to know what a code means.
func (x *api) listRejectionCodes(w http.ResponseWriter, _ *http.Request, _ domain.Actor) error {
	writeJSON(w, http.StatusOK, map[string]any{"data": domain.Rejections})
	return nil
}

type completeBody struct {
	Version int64    `json:"version"`
	Numbers []string `json:"numbers"`
}

// completeNumbers completes some numbers of a request; the rest stay open.
func (x *api) completeNumbers(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b completeBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	v, err := version(r, b.Version)
	if err != nil {
		return err
	}
	if _, err := x.app.PortIns.CompleteNumbers(r.Context(), a, id, v, b.Numbers); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}
