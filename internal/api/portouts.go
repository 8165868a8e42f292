package api

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/portout"
)

type portOutNumberJSON struct {
	Number  string                     `json:"number"`
	Country domain.Country             `json:"country"`
	Status  domain.PortOutNumberStatus `json:"status"`
	Outcome domain.RejectionCode       `json:"outcome,omitempty"`
	Detail  string                     `json:"detail"`
	Held    bool                       `json:"held"`
}

type portOutRejectionJSON struct {
	Code domain.RejectionCode `json:"code"`
	Note string               `json:"note,omitempty"`
	Text string               `json:"text"` // as the gaining provider is told
}

type portOutDocumentJSON struct {
	ID           int64     `json:"id"`
	PortOutID    int64     `json:"port_out_id"`
	Name         string    `json:"name"`
	ContentType  string    `json:"content_type"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	Pages        int       `json:"pages"`
	UploaderName string    `json:"uploader_name"`
	UploadedAt   time.Time `json:"uploaded_at"`
}

type portOutJSON struct {
	ID               int64                  `json:"id"`
	AccountID        int64                  `json:"account_id"`
	AccountName      string                 `json:"account_name,omitempty"`
	Status           domain.PortOutStatus   `json:"status"`
	Version          int64                  `json:"version"`
	StatusReason     string                 `json:"status_reason,omitempty"`
	Origin           domain.PortOutOrigin   `json:"origin"`
	GainingProvider  string                 `json:"gaining_provider"`
	GainingReference string                 `json:"gaining_reference"`
	GainingEmail     string                 `json:"gaining_email"`
	EndUserName      string                 `json:"end_user_name"`
	Postcode         string                 `json:"postcode"`
	PINOutcome       domain.PINOutcome      `json:"pin_outcome"`
	DesiredDate      *string                `json:"desired_date"`
	Numbers          []portOutNumberJSON    `json:"numbers"`
	Checks           []domain.PortOutCheck  `json:"checks"`
	FailedCodes      []domain.RejectionCode `json:"failed_codes"`
	Rejections       []portOutRejectionJSON `json:"rejections"`
	AutoAuthorizeAt  *time.Time             `json:"auto_authorize_at"`
	Allowed          []domain.PortOutStatus `json:"allowed_transitions,omitempty"`
	Documents        []portOutDocumentJSON  `json:"documents,omitempty"`
	CreatedBy        int64                  `json:"created_by"`
	CreatedAt        time.Time              `json:"created_at"`
	UpdatedAt        time.Time              `json:"updated_at"`
}

func portOutDocumentView(d domain.PortOutDocument) portOutDocumentJSON {
	return portOutDocumentJSON{ID: d.ID, PortOutID: d.PortOutID, Name: d.Name, ContentType: d.ContentType, Size: d.Size, SHA256: d.SHA256,
		Pages: d.Pages, UploaderName: d.UploaderName, UploadedAt: d.UploadedAt}
}

func portOutView(p domain.PortOut) portOutJSON {
	v := portOutJSON{ID: p.ID, AccountID: p.AccountID, Status: p.Status, Version: p.Version, StatusReason: p.StatusReason, Origin: p.Origin,
		GainingProvider: p.GainingProvider, GainingReference: p.GainingReference, GainingEmail: p.GainingEmail, EndUserName: p.EndUserName, Postcode: p.Postcode,
		PINOutcome: p.PINOutcome, DesiredDate: dateString(p.DesiredDate), Checks: p.Checks, FailedCodes: p.FailedCodes(),
		AutoAuthorizeAt: p.AutoAuthorizeAt, CreatedBy: p.CreatedBy, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		Numbers: []portOutNumberJSON{}, Rejections: []portOutRejectionJSON{}}
	if v.Checks == nil {
		v.Checks = []domain.PortOutCheck{}
	}
	if v.FailedCodes == nil {
		v.FailedCodes = []domain.RejectionCode{}
	}
	for _, n := range p.Numbers {
		v.Numbers = append(v.Numbers, portOutNumberJSON{Number: n.Number, Country: n.Country, Status: n.Status, Outcome: n.Outcome, Detail: n.Detail, Held: n.Held})
	}
	for _, r := range p.Rejections {
		v.Rejections = append(v.Rejections, portOutRejectionJSON{Code: r.Code, Note: r.Note, Text: r.ToGainingProvider()})
	}
	return v
}

// writePortOut answers with the port-out as it now stands.
func (x *api) writePortOut(w http.ResponseWriter, r *http.Request, a domain.Actor, id int64, status int) error {
	v, err := x.app.PortOuts.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	out := portOutView(v.PortOut)
	out.AccountName, out.Allowed = v.Account.Name, v.Allowed
	for _, d := range v.Documents {
		out.Documents = append(out.Documents, portOutDocumentView(d))
	}
	setETag(w, v.Version)
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/port-outs/"+strconv.FormatInt(id, 10))
	}
	writeJSON(w, status, out)
	return nil
}

// createPortOut takes JSON, or multipart/form-data with the same fields (numbers one a line
// or repeated) and the gaining provider's document as the file field, anywhere in the form.
func (x *api) createPortOut(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		var in portout.Input
		if err := x.decode(w, r, &in); err != nil {
			return err
		}
		p, err := x.app.PortOuts.Create(r.Context(), a, in, nil)
		if err != nil {
			return err
		}
		return x.writePortOut(w, r, a, p.ID, http.StatusCreated)
	}
	var in portout.Input
	var v domain.Validation
	return x.readUpload(w, r, upload{holds: "with the port-out's fields and the document as the file field", optional: true,
		field: func(name, val string) error {
			switch name {
			case "account_id":
				id, err := strconv.ParseInt(strings.TrimSpace(val), 10, 64)
				if err != nil || id <= 0 {
					v.Add("account_id", "invalid", "Give an account ID.")
				}
				in.AccountID = id
			case "gaining_provider":
				in.GainingProvider = val
			case "gaining_reference":
				in.GainingReference = val
			case "gaining_email":
				in.GainingEmail = val
			case "end_user_name":
				in.EndUserName = val
			case "postcode":
				in.Postcode = val
			case "pin":
				in.PIN = val
			case "desired_date":
				in.DesiredDate = val
			case "numbers":
				in.Numbers = append(in.Numbers, splitNumbers(val)...)
			default:
				v.Add(name, "unknown", "This field does not exist.")
			}
			return nil
		},
		// Called once every part is read, the document (if any) in memory.
		file: func(doc *portout.Upload) error {
			if err := v.Err(domain.ErrInvalid, "the port-out is not valid"); err != nil {
				return err
			}
			p, err := x.app.PortOuts.Create(r.Context(), a, in, doc)
			if err != nil {
				return err
			}
			return x.writePortOut(w, r, a, p.ID, http.StatusCreated)
		}})
}

// splitNumbers reads numbers one a line or comma-separated, as a form sends them.
func splitNumbers(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (x *api) listPortOuts(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	q := r.URL.Query()
	f := portout.ListFilter{Cursor: q.Get("cursor")}
	var v domain.Validation
	lp := readListParams(q, &v)
	f.AccountID, f.Limit = lp.accountID, lp.limit
	for _, st := range lp.statuses {
		f.Statuses = append(f.Statuses, domain.PortOutStatus(st))
	}
	if err := v.Err(domain.ErrInvalid, "the filter is not valid"); err != nil {
		return err
	}
	page, err := x.app.PortOuts.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[portOutJSON]{NextCursor: page.NextCursor, Data: mapList(page.Items, func(s domain.PortOutSummary) portOutJSON {
		v := portOutView(s.PortOut)
		v.AccountName = s.AccountName
		return v
	})})
	return nil
}

func (x *api) getPortOut(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return x.writePortOut(w, r, a, id, http.StatusOK)
}

// portOutMoveBody is the body of the port-out moves: the version, and what each needs. Each
// move takes only its own fields (see takesOnly).
type portOutMoveBody struct {
	Version    int64              `json:"version"`
	Reason     string             `json:"reason"`
	Rejections []domain.Rejection `json:"rejections"`
	Note       string             `json:"note"`
}

func (b *portOutMoveBody) versionField() *int64 { return &b.Version }

// takesOnly refuses, naming each, the fields sent to move that it does not take (besides the
// version, which every move takes), rather than dropping them unread.
func (b portOutMoveBody) takesOnly(move string, fields ...string) error {
	sent := map[string]bool{"reason": b.Reason != "", "rejections": len(b.Rejections) > 0, "note": b.Note != ""}
	var v domain.Validation
	for _, f := range []string{"reason", "rejections", "note"} {
		if sent[f] && !slices.Contains(fields, f) {
			v.Add(f, "not_taken", fmt.Sprintf("%s does not take %s.", move, f))
		}
	}
	takes := "only a version"
	if len(fields) > 0 {
		takes = "a version and " + strings.Join(fields, ", ")
	}
	return v.Err(domain.ErrInvalid, move+" takes "+takes)
}

// movePortOut reads a move's optional body (x.action, as port-in actions do), refuses what the
// move does not take, and takes it.
func (x *api) movePortOut(w http.ResponseWriter, r *http.Request, a domain.Actor, move string, takes []string, do func(id int64, b portOutMoveBody) error) error {
	var b portOutMoveBody
	id, err := x.action(w, r, &b)
	if err != nil {
		return err
	}
	if err := b.takesOnly(move, takes...); err != nil {
		// Scope first: another account's port-out is 404 whatever the body holds.
		if _, serr := x.app.PortOuts.Get(r.Context(), a, id); serr != nil {
			return serr
		}
		return err
	}
	if err := do(id, b); err != nil {
		return err
	}
	return x.writePortOut(w, r, a, id, http.StatusOK)
}

func (x *api) authorizePortOut(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return x.movePortOut(w, r, a, "authorize", []string{"reason"}, func(id int64, b portOutMoveBody) error {
		_, err := x.app.PortOuts.Authorize(r.Context(), a, id, b.Version, b.Reason)
		return err
	})
}

func (x *api) rejectPortOut(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return x.movePortOut(w, r, a, "reject", []string{"rejections", "note"}, func(id int64, b portOutMoveBody) error {
		_, err := x.app.PortOuts.Reject(r.Context(), a, id, b.Version, b.Rejections, b.Note)
		return err
	})
}

func (x *api) completePortOut(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return x.movePortOut(w, r, a, "complete", nil, func(id int64, b portOutMoveBody) error {
		_, err := x.app.PortOuts.Complete(r.Context(), a, id, b.Version)
		return err
	})
}

func (x *api) cancelPortOut(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return x.movePortOut(w, r, a, "cancel", []string{"reason"}, func(id int64, b portOutMoveBody) error {
		_, err := x.app.PortOuts.Cancel(r.Context(), a, id, b.Version, b.Reason)
		return err
	})
}

func (x *api) listPortOutEvents(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	es, err := x.app.PortOuts.Events(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listJSON[eventJSON]{Data: mapList(es, eventView[domain.PortOutStatus])})
	return nil
}

func (x *api) listPortOutDocuments(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := x.app.PortOuts.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": mapList(v.Documents, portOutDocumentView)})
	return nil
}

// uploadPortOutDocument takes multipart/form-data with one file field.
func (x *api) uploadPortOutDocument(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return x.readUpload(w, r, upload{holds: "with a file field", stream: true,
		field: func(string, string) error { return nil },
		file: func(f *portout.Upload) error {
			d, err := x.app.PortOuts.UploadDocument(r.Context(), a, id, *f)
			if err != nil {
				return err
			}
			writeJSON(w, http.StatusCreated, portOutDocumentView(d))
			return nil
		}})
}

// downloadPortOutDocument sends the bytes as an attachment, as port-in documents are sent.
func (x *api) downloadPortOutDocument(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	did, err := docID(r)
	if err != nil {
		return err
	}
	d, rc, err := x.app.PortOuts.OpenDocument(r.Context(), a, id, did)
	if err != nil {
		return err
	}
	if err := httpx.SendAttachment(w, d.Name, d.ContentType, d.Size, rc); err != nil {
		x.log.Warn("document download interrupted", "port_out_document", d.ID, "err", err)
	}
	return nil
}
