package web

import (
	"net/http"
	"strconv"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// A submitted request still takes new numbers, removed numbers and a new desired date, as a
// supplemental order (the API's rule): this page says what that costs before it is done.

// changePage is the change-after-submit page: the request, and a refused date with its reason.
type changePage struct {
	Show      *showPage
	DateTyped string
	DateError string
	AddError  string
}

func changeable(st domain.Status) bool {
	return st == domain.StatusSubmitted || st == domain.StatusInProgress || st == domain.StatusScheduled
}

func (u *ui) changeWith(w http.ResponseWriter, r *http.Request, s *session, id int64, status int, extra func(*changePage)) {
	p, ok := u.showData(w, r, s, id)
	if !ok {
		return
	}
	if !changeable(p.V.Status) {
		http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	cp := &changePage{Show: p}
	if p.V.DesiredDate != nil {
		cp.DateTyped = p.V.DesiredDate.Format("2006-01-02")
	}
	if extra != nil {
		extra(cp)
	}
	u.render(w, r, s, status, "change", "Change port request #"+strconv.FormatInt(id, 10), cp)
}

func (u *ui) changeForm(w http.ResponseWriter, r *http.Request, s *session) {
	if id, ok := u.pathID(w, r, s); ok {
		u.changeWith(w, r, s, id, http.StatusOK, nil)
	}
}

// changeDate asks for a new desired date (empty: as soon as possible) on a submitted request.
func (u *ui) changeDate(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	date := r.PostFormValue("desired_date")
	_, err := u.app.PortIns.Update(r.Context(), s.actor, id, version, portin.Changes{DesiredDate: &date})
	if errs, ok := fieldErrors(err); ok {
		u.changeWith(w, r, s, id, http.StatusUnprocessableEntity, func(cp *changePage) {
			cp.DateTyped, cp.DateError = date, errs["desired_date"]
			if cp.DateError == "" {
				for _, m := range errs {
					cp.DateError = m
				}
			}
		})
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Desired date changed: the request is back with the porting team as a supplemental order.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
