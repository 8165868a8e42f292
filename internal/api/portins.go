package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/portin"
)

func (x *api) createPortIn(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in portin.Changes
	if err := x.decode(w, r, &in); err != nil {
		return err
	}
	p, err := x.app.PortIns.Create(r.Context(), a, in)
	if err != nil {
		return err
	}
	return x.writePortIn(w, r, a, p.ID, http.StatusCreated)
}

// writePortIn answers with the request as it now stands, with the first page of its numbers
// and their count: a change to a large request does not echo every number.
func (x *api) writePortIn(w http.ResponseWriter, r *http.Request, a domain.Actor, id int64, status int) error {
	v, err := x.app.PortIns.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	_, err = sendPortIn(w, a, v, status)
	return err
}

// sendPortIn answers with v as a sees it, and gives back the body it sent.
func sendPortIn(w http.ResponseWriter, a domain.Actor, v portin.View, status int) ([]byte, error) {
	body, err := encodeJSON(portInFull(v, a.Party()))
	if err != nil {
		return nil, domain.Internal(err)
	}
	setETag(w, v.Version)
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/port-ins/"+strconv.FormatInt(v.ID, 10))
	}
	writeJSONBody(w, status, body)
	return body, nil
}

func (x *api) listPortIns(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	q := r.URL.Query()
	f := portin.ListFilter{Number: q.Get("number")}
	f.Cursor = q.Get("cursor")
	var v domain.Validation
	lp := readListParams(q, &v)
	f.AccountID, f.Limit = lp.accountID, lp.limit
	for _, st := range lp.statuses {
		f.Statuses = append(f.Statuses, domain.Status(st))
	}
	switch s := q.Get("assigned"); s {
	case "":
	case "me":
		f.Assigned = &a.UserID
	case "nobody":
		var none int64
		f.Assigned = &none
	default:
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			v.Add("assigned", "invalid", "Give me, nobody or a user ID.")
		}
		f.Assigned = &id
	}
	switch q.Get("order") {
	case "", "newest":
	case "oldest":
		f.OldestFirst = true
	default:
		v.Add("order", "invalid", "Give newest or oldest.")
	}
	if err := v.Err(domain.ErrInvalid, "the filter is not valid"); err != nil {
		return err
	}
	scope, key := x.lists.scope(a), keyOf(r, a)
	if x.sendKept(w, key, a, scope) {
		return nil
	}
	page, err := x.app.PortIns.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	body, err := encodeJSON(listJSON[summaryJSON]{NextCursor: page.NextCursor, Data: mapList(page.Items, func(s domain.PortInSummary) summaryJSON {
		return summaryJSON{ID: s.ID, AccountID: s.AccountID, AccountName: s.AccountName, Status: s.Status, Version: s.Version,
			LosingProvider: s.LosingProvider, CustomerName: s.CustomerName, NumberCount: s.NumberCount, NoteCount: s.NoteCount,
			FirstNumber: s.FirstNumber, DesiredDate: dateString(s.DesiredDate), CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
	})})
	if err != nil {
		return domain.Internal(err)
	}
	x.lists.put(key, scope, momentOf(a), body, 0, portin.Keep{})
	writeJSONBody(w, http.StatusOK, body)
	return nil
}

func (x *api) getPortIn(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	scope, key := x.lists.scope(a), keyOf(r, a)
	if a.Staff && x.lists.on() {
		// Nothing committed since the team's read was known current: it stands as it is.
		if x.sendAt(w, key, a) {
			return nil
		}
		// The team's token read no versions: the request's own account's, read first, keeps it.
		st, err := x.app.PortIns.Stamp(r.Context(), a, id)
		if err != nil {
			return err
		}
		scope = stampScope(st)
	}
	if x.sendKept(w, key, a, scope) {
		return nil
	}
	v, err := x.app.PortIns.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	body, err := sendPortIn(w, a, v, http.StatusOK)
	if keep, ok := v.Keep(); err == nil && ok {
		x.lists.put(key, scope, momentOf(a), body, v.Version, keep)
	}
	return err
}

// listNumbers is one page of a request's numbers: GET /port-ins/{id} carries the first.
func (x *api) listNumbers(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	nq := portin.NumbersQuery{Cursor: q.Get("cursor"), Status: domain.NumberStatus(q.Get("status"))}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return &domain.Error{Code: domain.ErrInvalid, Message: "the page asked for is not valid",
				Fields: []domain.FieldError{{Field: "limit", Code: "invalid", Message: "Give a number from 1 to " + strconv.Itoa(portin.MaxNumbersPage) + "."}}}
		}
		nq.Limit = n
	}
	page, err := x.app.PortIns.Numbers(r.Context(), a, id, nq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, numberListJSON{Data: numbersView(page.Items, page.SMS), Count: page.Count, NextCursor: page.NextCursor})
	return nil
}

func (x *api) patchPortIn(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in portin.Changes
	if err := x.decode(w, r, &in); err != nil {
		return err
	}
	v, err := version(r, in.Version)
	if err != nil {
		return err
	}
	if _, err := x.app.PortIns.Update(r.Context(), a, id, v, in); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}

// actionBody is what submit, cancel and transitions take.
type actionBody struct {
	Version int64         `json:"version"`
	Reason  string        `json:"reason"`
	Status  domain.Status `json:"status"`
}

func (b *actionBody) versionField() *int64 { return &b.Version }

// versioned is an action's body: it carries the version the change names.
type versioned interface{ versionField() *int64 }

// action reads the ID from the path and an optional body into b, port-in actions and port-out
// moves alike: an empty body is fine when If-Match carries the version. b's version is then
// the one the change names (If-Match, else the body's).
func (x *api) action(w http.ResponseWriter, r *http.Request, b versioned) (int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, err
	}
	if r.ContentLength != 0 {
		if err := x.decode(w, r, b); err != nil && !(r.ContentLength < 0 && isEmptyBody(err)) {
			return 0, err
		}
	}
	v := b.versionField()
	*v, err = version(r, *v)
	return id, err
}

func isEmptyBody(err error) bool {
	var e *domain.Error
	return errors.As(err, &e) && strings.HasPrefix(e.Message, "the body is empty")
}

func (x *api) submit(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var b actionBody
	id, err := x.action(w, r, &b)
	if err != nil {
		return err
	}
	if b.Reason != "" || b.Status != "" {
		return &domain.Error{Code: httpx.ErrBadRequest, Message: "submit takes only a version"}
	}
	if _, err := x.app.PortIns.Submit(r.Context(), a, id, b.Version); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}

func (x *api) cancel(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var b actionBody
	id, err := x.action(w, r, &b)
	if err != nil {
		return err
	}
	// A status other than the one cancel moves to was read and thrown away before: say so.
	if b.Status != "" && b.Status != domain.StatusCancelled {
		return &domain.Error{Code: domain.ErrInvalid, Message: "cancel moves the request to cancelled",
			Fields: []domain.FieldError{{Field: "status", Code: "invalid", Message: "Leave the status out, or give cancelled."}}}
	}
	if _, err := x.app.PortIns.Cancel(r.Context(), a, id, b.Version, strings.TrimSpace(b.Reason)); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}

func (x *api) transition(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var b actionBody
	id, err := x.action(w, r, &b)
	if err != nil {
		return err
	}
	// The state machine decides who may make which move (a customer asking for a carrier
	// step gets 403 from it); scope comes first inside desk, so another account's request
	// is 404 whatever is asked.
	if b.Status == "" {
		return &domain.Error{Code: domain.ErrInvalid, Message: "say which status to move to",
			Fields: []domain.FieldError{{Field: "status", Code: "required", Message: "Give the target status."}}}
	}
	if _, err := x.app.PortIns.Transition(r.Context(), a, id, b.Version, b.Status, strings.TrimSpace(b.Reason)); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}

// listParams are the query parameters every list shares.
type listParams struct {
	statuses  []string // status=a,b and status=a&status=b alike
	accountID int64
	limit     int
}

// readListParams reads status, account_id and limit, adding a field error to v for each
// that is not a positive number.
func readListParams(q url.Values, v *domain.Validation) listParams {
	var lp listParams
	for _, s := range q["status"] {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				lp.statuses = append(lp.statuses, part)
			}
		}
	}
	if s := q.Get("account_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			v.Add("account_id", "invalid", "Give an account ID.")
		}
		lp.accountID = id
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			v.Add("limit", "invalid", "Give a number from 1 to 200.")
		}
		lp.limit = n
	}
	return lp
}
