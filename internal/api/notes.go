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
	n, err := x.app.PortIns.AddNote(r.Context(), a, id, b.Body, b.Internal)
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
	ns, err := x.app.PortIns.Notes(r.Context(), a, id)
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
	es, err := x.app.PortIns.Events(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[eventJSON]{Data: mapList(es, eventView[domain.Status])})
	return nil
}
