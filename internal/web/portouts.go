package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/portout"
)

func init() {
	// A port-out's status wears the colour of the port-in status it reads like.
	funcs["poclass"] = func(s domain.PortOutStatus) string {
		switch s {
		case domain.PortOutPending:
			return "s-submitted"
		case domain.PortOutAuthorized:
			return "s-scheduled"
		}
		return "s-" + string(s)
	}
	funcs["polabel"] = func(s domain.PortOutStatus) string { return s.Label() }
	funcs["poexplain"] = func(s domain.PortOutStatus) string { return s.Explanation() }
	funcs["checklabel"] = func(c domain.PortOutCheckName) string { return c.Label() }
	funcs["hascode"] = func(codes []domain.RejectionCode, c domain.RejectionCode) bool { return slices.Contains(codes, c) }
	funcs["canmove"] = func(allowed []domain.PortOutStatus, s string) bool {
		return slices.Contains(allowed, domain.PortOutStatus(s))
	}
}

// portOutListPage is the port-out list: the team's queue (every account, by status) or a
// customer's own.
type portOutListPage struct {
	Items      []domain.PortOutSummary
	Status     string
	Statuses   []domain.PortOutStatus
	NextCursor string
	CanCreate  bool
}

func (u *ui) portOuts(w http.ResponseWriter, r *http.Request, s *session) {
	status := r.URL.Query().Get("status")
	if status == "" && s.actor.Staff {
		status = "open" // the team's queue: what needs an answer or a completion
	}
	f := portout.ListFilter{Cursor: r.URL.Query().Get("cursor")}
	switch status {
	case "all":
	case "open":
		f.Statuses = []domain.PortOutStatus{domain.PortOutPending, domain.PortOutAuthorized}
	case "":
	default:
		f.Statuses = []domain.PortOutStatus{domain.PortOutStatus(status)}
	}
	page, err := u.app.PortOuts.List(r.Context(), s.actor, f)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.render(w, r, s, http.StatusOK, "portouts", "Port-outs", portOutListPage{Items: page.Items, Status: status, Statuses: domain.PortOutStatuses,
		NextCursor: page.NextCursor, CanCreate: s.actor.Staff || s.actor.Role == domain.RoleAdmin})
}

// portOutFormPage announces a port-out (a customer's admin) or enters a gaining provider's
// request (the team).
type portOutFormPage struct {
	Accounts []domain.Account
	In       portout.Input
	Numbers  string
	Errors   map[string]string
	Error    string
}

func (u *ui) newPortOut(w http.ResponseWriter, r *http.Request, s *session) {
	u.portOutForm(w, r, s, http.StatusOK, portOutFormPage{})
}

func (u *ui) portOutForm(w http.ResponseWriter, r *http.Request, s *session, status int, p portOutFormPage) {
	if !s.actor.Staff && s.actor.Role != domain.RoleAdmin {
		u.render(w, r, s, http.StatusForbidden, "error", "Not allowed", errorPage{Heading: "Only an admin can announce a port-out",
			Text: "Ask an admin of your account to tell us about the move."})
		return
	}
	accs, err := u.app.Access.Accounts(r.Context(), s.actor)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	p.Accounts = accs
	title := "Announce a port-out"
	if s.actor.Staff {
		title = "New port-out from a gaining provider"
	}
	u.render(w, r, s, status, "portout_new", title, p)
}

func (u *ui) createPortOut(w http.ResponseWriter, r *http.Request, s *session) {
	in := portout.Input{GainingProvider: r.PostFormValue("gaining_provider"), GainingReference: r.PostFormValue("gaining_reference"),
		GainingEmail: r.PostFormValue("gaining_email"),
		EndUserName:  r.PostFormValue("end_user_name"), Postcode: r.PostFormValue("postcode"), PIN: r.PostFormValue("pin"),
		DesiredDate: r.PostFormValue("desired_date")}
	if id, err := strconv.ParseInt(r.PostFormValue("account_id"), 10, 64); err == nil {
		in.AccountID = id
	}
	numbers := r.PostFormValue("numbers")
	in.Numbers = boxList(numbers)
	var doc *portout.Upload
	if f, h, err := r.FormFile("document"); err == nil {
		defer f.Close()
		doc = &portout.Upload{Name: h.Filename, Body: f}
	} else if !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart) {
		u.fail(w, r, s, err)
		return
	}
	p, err := u.app.PortOuts.Create(r.Context(), s.actor, in, doc)
	if err != nil {
		errs, ok := fieldErrors(err)
		var de *domain.Error
		if !ok && errors.As(err, &de) && (de.Code == domain.ErrUnsupportedContent || de.Code == domain.ErrTooLarge) {
			errs, ok = map[string]string{"document": upperFirst(de.Message) + "."}, true
		}
		if ok {
			for k, m := range errs {
				if strings.HasPrefix(k, "numbers[") {
					errs["numbers"] = m
				}
			}
			in.PIN = "" // never shown back
			u.portOutForm(w, r, s, http.StatusUnprocessableEntity, portOutFormPage{In: in, Numbers: numbers, Errors: errs})
			return
		}
		u.fail(w, r, s, err)
		return
	}
	msg := "Port-out recorded; the account's admins have been told."
	if p.Status == domain.PortOutRejected {
		msg = "Refused at once: the numbers are locked against port-outs. The account's admins have been told."
	}
	u.flash(w, msg)
	http.Redirect(w, r, "/port-outs/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// portOutPage is one port-out: checks, numbers, documents, timeline, and the team's moves.
type portOutPage struct {
	V          portout.View
	Events     []domain.PortOutEvent
	Rejections []domain.RejectionInfo
	Error      string
}

func (u *ui) portOut(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	u.portOutWith(w, r, s, id, http.StatusOK, "")
}

func (u *ui) portOutWith(w http.ResponseWriter, r *http.Request, s *session, id int64, status int, msg string) {
	v, err := u.app.PortOuts.Get(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	events, err := u.app.PortOuts.Events(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	slices.Reverse(events) // newest first reads best on a timeline
	u.render(w, r, s, status, "portout", "Port-out "+strconv.FormatInt(id, 10), portOutPage{V: v, Events: events, Rejections: domain.PortOutRejections(), Error: msg})
}

// movePortOut takes one of the page's moves and goes back to the page; a refusal is shown on
// it.
func (u *ui) movePortOut(w http.ResponseWriter, r *http.Request, s *session, done string, move func(id, version int64) error) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err := move(id, version); err != nil {
		if errs, ok := fieldErrors(err); ok {
			u.portOutWith(w, r, s, id, http.StatusUnprocessableEntity, firstOf(errs))
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, done)
	http.Redirect(w, r, "/port-outs/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (u *ui) authorizePortOut(w http.ResponseWriter, r *http.Request, s *session) {
	u.movePortOut(w, r, s, "Authorized: the gaining provider may take the numbers.", func(id, v int64) error {
		_, err := u.app.PortOuts.Authorize(r.Context(), s.actor, id, v, r.PostFormValue("reason"))
		return err
	})
}

func (u *ui) rejectPortOut(w http.ResponseWriter, r *http.Request, s *session) {
	u.movePortOut(w, r, s, "Rejected: the gaining provider is told why.", func(id, v int64) error {
		var rs []domain.Rejection
		for _, c := range r.PostForm["code"] {
			rs = append(rs, domain.Rejection{Code: domain.RejectionCode(c)})
		}
		_, err := u.app.PortOuts.Reject(r.Context(), s.actor, id, v, rs, r.PostFormValue("note"))
		return err
	})
}

func (u *ui) completePortOut(w http.ResponseWriter, r *http.Request, s *session) {
	u.movePortOut(w, r, s, "Completed: the numbers are released and the fee charged.", func(id, v int64) error {
		_, err := u.app.PortOuts.Complete(r.Context(), s.actor, id, v)
		return err
	})
}

func (u *ui) cancelPortOut(w http.ResponseWriter, r *http.Request, s *session) {
	u.movePortOut(w, r, s, "Cancelled: the numbers stay.", func(id, v int64) error {
		_, err := u.app.PortOuts.Cancel(r.Context(), s.actor, id, v, r.PostFormValue("reason"))
		return err
	})
}

func (u *ui) portOutDocument(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	did, ok := docIDOf(r)
	if !ok {
		u.notFound(w, r, s)
		return
	}
	d, rc, err := u.app.PortOuts.OpenDocument(r.Context(), s.actor, id, did)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	_ = httpx.SendAttachment(w, d.Name, d.ContentType, d.Size, rc) // a client that went away has nothing more to hear
}
