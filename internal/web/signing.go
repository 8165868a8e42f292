package web

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// signPage is the public page a signature link opens: the letter and the form, or why the
// link cannot be used, or the thanks once signed.
type signPage struct {
	Token  string // the login double-submit token: the form's CSRF check without a session
	Link   string // the signature link's token
	Letter *portin.LinkLetter
	Bad    bool
	Signed *domain.LOASignature
	Errors map[string]string
	Typed  struct{ Name, Title string }
}

func (u *ui) signForm(w http.ResponseWriter, r *http.Request) {
	link := r.URL.Query().Get("token")
	page := signPage{Token: u.loginToken(w, r), Link: link}
	l, err := u.app.PortIns.LetterForLink(r.Context(), link)
	if _, ok := fieldErrors(err); ok {
		page.Bad = true
	} else if err != nil {
		u.serverError(w, r, err)
		return
	} else {
		page.Letter = &l
		page.Typed.Name, page.Typed.Title = l.Request.Name, ""
	}
	u.render(w, r, nil, http.StatusOK, "sign", "Sign the letter of authorisation", page)
}

// signLetterPDF is the letter a signature link opens, inline, for the page to show.
func (u *ui) signLetterPDF(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := u.app.PortIns.WriteLinkLetter(r.Context(), r.URL.Query().Get("token"), &buf); err != nil {
		if _, ok := fieldErrors(err); ok {
			http.Error(w, "This link cannot be used.", http.StatusNotFound)
			return
		}
		u.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": "letter-of-authorisation.pdf"}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Security-Policy", "frame-ancestors 'self'")
	_, _ = buf.WriteTo(w)
}

// sign signs through the link: the link's token and the page's form token both protect it.
func (u *ui) sign(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20) // the drawing, as a data URL
	if err := r.ParseForm(); err != nil {
		http.Error(w, "The form is too large.", http.StatusRequestEntityTooLarge)
		return
	}
	if !u.publicForm(w, r) {
		return
	}
	link := r.PostFormValue("token")
	in := u.signInput(r)
	g, err := u.app.PortIns.SignThroughLink(r.Context(), link, in)
	if errs, ok := fieldErrors(err); ok {
		page := signPage{Token: u.loginToken(w, r), Link: link, Errors: errs}
		page.Typed.Name, page.Typed.Title = in.Name, in.Title
		if _, bad := errs["token"]; bad {
			page.Bad = true
		} else if l, err := u.app.PortIns.LetterForLink(r.Context(), link); err == nil {
			page.Letter = &l
		} else {
			page.Bad = true
		}
		u.render(w, r, nil, http.StatusUnprocessableEntity, "sign", "Sign the letter of authorisation", page)
		return
	}
	if err != nil {
		u.serverError(w, r, err)
		return
	}
	u.render(w, r, nil, http.StatusOK, "sign", "Letter signed", signPage{Signed: &g})
}

// sendForSignature emails the request's unsigned letters (or one order's) to the authorised
// person; sending again replaces the link sent before.
func (u *ui) sendForSignature(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	rs, err := u.app.PortIns.SendForSignature(r.Context(), s.actor, id, r.PostFormValue("order"))
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && de.Code != domain.ErrNotFound && de.Code != domain.ErrInternal && de.Code != domain.ErrForbidden {
			u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.SignError = upperFirst(de.Message) + "." })
			return
		}
		u.fail(w, r, s, err)
		return
	}
	to := ""
	if len(rs) > 0 {
		to = rs[0].Email
	}
	u.flash(w, "Sent for signature to "+to+": the link works once, for 7 days.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10)+"#signature-requests", http.StatusSeeOther)
}

func (u *ui) revokeSignatureRequest(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	rid, err := strconv.ParseInt(r.PathValue("request"), 10, 64)
	if err != nil {
		u.notFound(w, r, s)
		return
	}
	if err := u.app.PortIns.RevokeSignatureRequest(r.Context(), s.actor, id, rid); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Signature link revoked.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10)+"#signature-requests", http.StatusSeeOther)
}
