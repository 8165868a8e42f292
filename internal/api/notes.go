package api

import (
	"net/http"

	"github.com/portdesk/portdesk/internal/domain"
)

type noteBody struct {
	Body     string `json:"body"`
	Internal bool   `json:"internal"`
}

func (x *api) addNote(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b noteBody
	if err := x.decode(w, r, &b); err != nil {
		return err
	}
	n, err := x.svc.AddNote(r.Context(), a, id, b.Body, b.Internal)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, noteView(n))
	return nil
}

func (x *api) listNotes(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ns, err := x.svc.Notes(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[noteJSON]{Data: mapList(ns, noteView)})
	return nil
}

func (x *api) listEvents(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	es, err := x.svc.Events(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[eventJSON]{Data: mapList(es, func(e domain.Event) eventJSON {
		return eventJSON{ID: e.ID, Type: e.Type, From: e.From, To: e.To, Reason: e.Reason, Detail: e.Detail, ActorName: e.ActorName, At: e.At}
	})})
	return nil
}
