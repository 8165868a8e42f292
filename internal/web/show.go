package web

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/leadtime"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portin"
)

// showPage is the request page: details, numbers, upload, checklist, notes, timeline.
type showPage struct {
	V        portin.View
	Notes    []domain.Note
	Events   []domain.PortInEvent
	Problems []domain.FieldError // from a refused submit
	Preview  *previewPage
	Error    string
	// Plan is the request's portability: checks, orders, lead time, quote, split.
	Plan   *portin.RequestPlan
	Checks map[string]*domain.Check // by number
	// Paperwork is the letters of authorisation and the documents.
	Paperwork   *portin.Paperwork
	Kinds       []domain.DocumentKind
	SignError   string
	UploadError string
	// The team's tools: rejection codes, the team to assign to, the FOC's zone.
	Rejections []domain.RejectionInfo
	Team       []domain.User
	Carriers   []domain.Carrier // those that take the order's country and categories
	// OtherCarriers take something else: listed only when "show all" is asked for, or when
	// no carrier takes the order.
	OtherCarriers   []domain.Carrier
	AllCarriers     bool
	OrderCategories []string
	// TeamMoves are the staff's plain moves, in the one team panel. Sending a request back
	// is not one of them while "Ask the customer for a fix" is there, with its codes.
	TeamMoves []domain.Status
	// After a refused move: the status chosen, the reason typed and what is wrong with it.
	MoveTo     domain.Status
	MoveReason string
	MoveError  string
	FOCZone    string
	FOCError   string
	// CarrierOrders and CarrierCalls are the request at API carriers, for the team.
	CarrierOrders []domain.CarrierOrder
	CarrierCalls  []domain.CarrierCall
	// After a FOC before the quoted earliest date: what was typed, and the box to confirm it.
	FOCDate, FOCTime string
	FOCEarly         bool
	// The recipients form, after a refused change: what was typed and what is wrong.
	RecipientsPosted bool
	RecipientsTyped  string
	RecipientsErrors []string
	// FirstPage is whether the numbers shown are the first page of them.
	FirstPage bool
	// PACTyped is a refused PAC, shown again with its problems.
	PACTyped *pacTyped
	// Tracker is a submitted request's stages, port date and next step.
	Tracker *tracker

	// CanInvite: the actor may invite people to the account (its admins); InviteTyped,
	// InviteName and InviteError are a refused invitation's.
	CanInvite                            bool
	InviteTyped, InviteName, InviteError string

	// ConfirmResubmit asks whether to resubmit a request sent back for a fix unchanged.
	ConfirmResubmit bool

	// SignatureRequests are the letters sent to be signed through a link, newest first.
	SignatureRequests []portin.LetterRequest
	// CanSend: the person may send letters for signature and revoke the links.
	CanSend bool
}

type previewPage struct {
	Result  portin.NumbersResult
	Shown   []portin.RowResult // every problem row and the first good ones
	Hidden  int
	Content string // carried to the commit step in the form itself: no server state
	Kind    string
}

func (u *ui) showWith(w http.ResponseWriter, r *http.Request, s *session, id int64, status int, extra func(*showPage)) {
	if step := stepOf(r.PostFormValue("step")); step != "" && r.Method == http.MethodPost {
		// A form of the guided port: its problem shows on its step.
		u.stepWith(w, r, s, id, step, status, func(sp *stepPage) {
			if extra != nil {
				extra(sp.Show)
			}
		})
		return
	}
	p, ok := u.showData(w, r, s, id)
	if !ok {
		return
	}
	if extra != nil {
		extra(p)
	}
	u.render(w, r, s, status, "portin", "Port request #"+strconv.FormatInt(id, 10), p)
}

// showData reads everything the request page shows; false when it has answered already.
func (u *ui) showData(w http.ResponseWriter, r *http.Request, s *session, id int64) (*showPage, bool) {
	// The page shows a page of the numbers: ?cursor= reads the next one.
	v, err := u.app.PortIns.GetPage(r.Context(), s.actor, id, portin.NumbersQuery{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		u.fail(w, r, s, err)
		return nil, false
	}
	notes, err := u.app.PortIns.Notes(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return nil, false
	}
	events, err := u.app.PortIns.Events(r.Context(), s.actor, id)
	if err != nil {
		u.fail(w, r, s, err)
		return nil, false
	}
	// Newest first reads best on a timeline.
	for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
		events[i], events[j] = events[j], events[i]
	}
	p := &showPage{V: v, Notes: notes, Events: events, Plan: v.Plan, Tracker: trackerOf(v, events), CanInvite: s.actor.Role == domain.RoleAdmin}
	if p.Plan == nil {
		rp, err := u.app.PortIns.PlanOfPage(r.Context(), s.actor, id, v.Numbers)
		if err != nil {
			u.fail(w, r, s, err)
			return nil, false
		}
		p.Plan = &rp
	}
	// The checks of the page's numbers only, taken before anything else is read: a plan read
	// whole has every number's, and the page needs no more.
	p.Checks = pageChecks(p.Plan.Checks, v.Numbers)
	for _, c := range p.Plan.Checks {
		if c.Category != "" && !slices.Contains(p.OrderCategories, c.Category) {
			p.OrderCategories = append(p.OrderCategories, c.Category)
		}
	}
	p.Plan.Checks = nil
	if s.actor.Staff {
		team, err := u.app.Access.Users(r.Context(), s.actor, 0)
		if err != nil {
			u.fail(w, r, s, err)
			return nil, false
		}
		p.Rejections, p.Team, p.FOCZone = domain.Rejections, team, leadtime.Zone(string(v.Country)).String()
		if p.Carriers, p.OtherCarriers, err = u.app.Team.CarriersFor(r.Context(), s.actor, string(v.Country), p.OrderCategories); err != nil {
			u.fail(w, r, s, err)
			return nil, false
		}
		p.AllCarriers = r.URL.Query().Get("carriers") == "all" || len(p.Carriers) == 0
		if p.CarrierOrders, err = u.app.Upstream.Orders(r.Context(), s.actor, v.ID); err == nil {
			p.CarrierCalls, err = u.app.Upstream.Calls(r.Context(), s.actor, v.ID)
		}
		if err != nil {
			u.fail(w, r, s, err)
			return nil, false
		}
		p.TeamMoves = v.Allowed
		if st := v.Status; st == domain.StatusSubmitted || st == domain.StatusInProgress || st == domain.StatusScheduled {
			p.TeamMoves = slices.DeleteFunc(slices.Clone(v.Allowed), func(m domain.Status) bool { return m == domain.StatusActionRequired })
		}
	}
	p.Paperwork, p.Kinds = v.Paperwork, domain.DocumentKinds
	if p.Paperwork == nil {
		pw, err := u.app.PortIns.Paperwork(r.Context(), s.actor, id)
		if err != nil {
			u.fail(w, r, s, err)
			return nil, false
		}
		p.Paperwork = &pw
	}
	p.CanSend = portin.MaySendForSignature(s.actor)
	if p.SignatureRequests, err = u.app.PortIns.SignatureRequestsOf(r.Context(), id, *p.Paperwork); err != nil {
		u.fail(w, r, s, err)
		return nil, false
	}
	p.FirstPage = r.URL.Query().Get("cursor") == ""
	return p, true
}

// pageChecks maps each of the page's numbers to its check, copied out of checks.
func pageChecks(checks []domain.Check, page []domain.PortNumber) map[string]*domain.Check {
	on := make(map[string]bool, len(page))
	for _, n := range page {
		on[n.Number] = true
	}
	out := make(map[string]*domain.Check, len(page))
	for _, c := range checks {
		if on[c.E164] {
			out[c.E164] = &c
		}
	}
	return out
}

func (u *ui) show(w http.ResponseWriter, r *http.Request, s *session) {
	if id, ok := u.pathID(w, r, s); ok {
		u.showWith(w, r, s, id, http.StatusOK, nil)
	}
}

// uploaded reads the pasted text or the chosen file, and whether it is CSV or one per line.
func uploaded(r *http.Request) (string, numbering.Kind, error) {
	kind := numbering.CSV
	if f, hdr, err := r.FormFile("file"); err == nil {
		defer f.Close()
		if strings.HasSuffix(strings.ToLower(hdr.Filename), ".txt") {
			kind = numbering.TXT
		}
		// One buffer: ReadAll then string() would hold the file twice.
		var b strings.Builder
		_, err := io.Copy(&b, f)
		return b.String(), kind, err
	}
	text := r.PostFormValue("content")
	if r.PostFormValue("kind") == "txt" {
		kind = numbering.TXT
	}
	return text, kind, nil
}

const previewRows = 200

func (u *ui) previewNumbers(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	content, kind, err := uploaded(r)
	if err != nil {
		u.fail(w, r, s, tooLarge(err))
		return
	}
	if strings.TrimSpace(content) == "" {
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.Error = "Paste some numbers or choose a file first." })
		return
	}
	res, err := u.app.PortIns.AddNumbers(r.Context(), s.actor, id, 0, numbering.NewRowReader(strings.NewReader(content), kind).Sized(int64(len(content))), true)
	if err != nil {
		var e *domain.Error
		if errors.As(err, &e) && (e.Code == domain.ErrUnsupportedContent || e.Code == domain.ErrInvalid || e.Code == domain.ErrTooLarge) {
			u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.Error = upperFirst(e.Message) + "." })
			return
		}
		u.fail(w, r, s, err)
		return
	}
	pv := &previewPage{Result: res, Content: content, Kind: "csv"}
	if kind == numbering.TXT {
		pv.Kind = "txt"
	}
	good := 0
	for _, row := range res.Rows {
		if row.Code != domain.RowOK || good < 20 {
			if len(pv.Shown) < previewRows {
				pv.Shown = append(pv.Shown, row)
				if row.Code == domain.RowOK {
					good++
				}
				continue
			}
		}
		pv.Hidden++
	}
	u.showWith(w, r, s, id, http.StatusOK, func(p *showPage) { p.Preview = pv })
}

// tooLarge names the limit an upload went over; other form errors are the browser's fault.
func tooLarge(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return domain.Errorf(domain.ErrTooLarge, "the file is over the limit of %d MiB: split it into smaller files", maxErr.Limit>>20)
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	return &domain.Error{Code: domain.ErrInvalid, Message: "the form could not be read", Err: err}
}

func (u *ui) addNumbers(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	content, kind, err := uploaded(r)
	if err != nil {
		u.fail(w, r, s, tooLarge(err))
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	res, err := u.app.PortIns.AddNumbers(r.Context(), s.actor, id, version, numbering.NewRowReader(strings.NewReader(content), kind).Sized(int64(len(content))), false)
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	msg := domain.Plural(res.Added, "number") + " added."
	if res.Rejected > 0 {
		msg += " " + domain.Plural(res.Rejected, "row") + " skipped."
	}
	u.flash(w, msg)
	u.saved(w, r, id, "#numbers", false)
}

func (u *ui) removeNumber(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if _, err := u.app.PortIns.RemoveNumber(r.Context(), s.actor, id, version, r.PostFormValue("number")); err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, numbering.Format(r.PostFormValue("number"))+" removed.")
	u.saved(w, r, id, "#numbers", false)
}

func (u *ui) submit(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if r.PostFormValue("resubmit_unchanged") == "" {
		events, err := u.app.PortIns.Events(r.Context(), s.actor, id)
		if err != nil {
			u.fail(w, r, s, err)
			return
		}
		if portin.UnchangedSinceSentBack(events) {
			// Sent back for a fix and nothing changed since: ask before it goes back as it was.
			u.showWith(w, r, s, id, http.StatusConflict, func(p *showPage) { p.ConfirmResubmit = true })
			return
		}
	}
	_, err := u.app.PortIns.Submit(r.Context(), s.actor, id, version)
	var e *domain.Error
	if errors.As(err, &e) && e.Code == domain.ErrIncomplete {
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.Problems = e.Fields })
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Submitted. The porting team will review it and email you with updates.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (u *ui) cancel(w http.ResponseWriter, r *http.Request, s *session) {
	u.move(w, r, s, domain.StatusCancelled, "Request cancelled.", false)
}

func (u *ui) transition(w http.ResponseWriter, r *http.Request, s *session) {
	to := domain.Status(r.PostFormValue("status"))
	u.move(w, r, s, to, "Moved to "+to.Label()+".", true)
}

// move changes the request's status; panel says it came from the team's moves panel, whose
// choice and reason are shown again when refused.
func (u *ui) move(w http.ResponseWriter, r *http.Request, s *session, to domain.Status, done string, panel bool) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if _, err := u.app.PortIns.Transition(r.Context(), s.actor, id, version, to, reason); err != nil {
		if errs, ok := fieldErrors(err); ok && errs["reason"] != "" {
			u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) {
				if !panel {
					p.Error = errs["reason"]
					return
				}
				p.MoveTo, p.MoveReason, p.MoveError = to, reason, errs["reason"]
			})
			return
		}
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, done)
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (u *ui) addNote(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := u.pathID(w, r, s)
	if !ok {
		return
	}
	_, err := u.app.PortIns.AddNote(r.Context(), s.actor, id, r.PostFormValue("body"), r.PostFormValue("internal") != "")
	if errs, ok := fieldErrors(err); ok {
		u.showWith(w, r, s, id, http.StatusUnprocessableEntity, func(p *showPage) { p.Error = errs["body"] })
		return
	}
	if err != nil {
		u.fail(w, r, s, err)
		return
	}
	u.flash(w, "Note added.")
	http.Redirect(w, r, "/port-ins/"+strconv.FormatInt(id, 10)+"#notes", http.StatusSeeOther)
}
