package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
)

// requestFix sends the request back with the ticked rejection codes and the team's note.
func (u *ui) requestFix(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		u.fail(w, r, s, err)
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	var rejections []domain.Rejection
	for _, c := range r.PostForm["code"] {
		rejections = append(rejections, domain.Rejection{Code: domain.RejectionCode(c), Note: strings.TrimSpace(r.PostFormValue("note_" + c))})
	}
	if _, err := u.app.Team.RequestFix(r.Context(), s.actor, id, version, rejections, r.PostFormValue("note")); err != nil {
		if errs, ok := fieldErrors(err); ok {
			u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.Error = firstOf(errs) })
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Sent back to the customer with "+strconv.Itoa(len(rejections))+" fix(es).")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func firstOf(errs map[string]string) string {
	for _, m := range errs {
		return m
	}
	return ""
}

// setFOC reads the date and time as the order's country's porting time zone shows them.
func (u *ui) setFOC(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	v, err := u.app.PortIns.Get(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	zone := leadtime.Zone(string(v.Country)) // the order's country, not the account's
	foc, err := time.ParseInLocation("2006-01-02T15:04", r.PostFormValue("date")+"T"+r.PostFormValue("time"), zone)
	if err != nil {
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.FOCError = "Give the FOC as a date and a time." })
		return
	}
	if _, err := u.app.Team.Schedule(r.Context(), s.actor, id, version, foc, r.PostFormValue("confirm_early") != ""); err != nil {
		if errs, ok := fieldErrors(err); ok {
			var e *domain.Error
			early := errors.As(err, &e) && slices.ContainsFunc(e.Fields, func(f domain.FieldError) bool { return f.Code == "before_earliest" })
			u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) {
				p.FOCError, p.FOCEarly = firstOf(errs), early
				p.FOCDate, p.FOCTime = r.PostFormValue("date"), r.PostFormValue("time")
			})
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Port scheduled.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (u *ui) assign(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	userID, _ := strconv.ParseInt(r.PostFormValue("user_id"), 10, 64)
	if _, err := u.app.Team.Assign(r.Context(), s.actor, id, version, userID); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Assigned.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// completeNumbers completes the numbers listed in the Desk panel, one a line.
func (u *ui) completeNumbers(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	var numbers []string
	for _, l := range strings.FieldsFunc(r.PostFormValue("numbers"), func(r rune) bool { return r == '\n' || r == ',' }) {
		if l = strings.TrimSpace(l); l != "" {
			numbers = append(numbers, l)
		}
	}
	if _, err := u.app.PortIns.CompleteNumbers(r.Context(), s.actor, id, version, numbers); err != nil {
		if errs, ok := fieldErrors(err); ok {
			u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.Error = firstOf(errs) })
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Numbers completed.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
