package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// signatureRequestJSON is a letter sent to be signed through an emailed link; the link itself
// is only ever in the email.
type signatureRequestJSON struct {
	ID            int64                         `json:"id"`
	Order         string                        `json:"order"`
	Provider      string                        `json:"provider"`
	Status        domain.SignatureRequestStatus `json:"status"`
	Email         string                        `json:"email"`
	Name          string                        `json:"name"`
	ContentSHA256 string                        `json:"content_sha256"`
	SentAt        time.Time                     `json:"sent_at"`
	ExpiresAt     time.Time                     `json:"expires_at"`
	RevokedAt     *time.Time                    `json:"revoked_at"`
	SignedAt      *time.Time                    `json:"signed_at"`
}

func signatureRequestView(r portin.LetterRequest) signatureRequestJSON {
	return signatureRequestJSON{ID: r.ID, Order: r.OrderKey, Provider: r.Provider, Status: r.Status, Email: r.Email, Name: r.Name,
		ContentSHA256: r.ContentSHA256, SentAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, RevokedAt: r.RevokedAt, SignedAt: r.UsedAt}
}

// sendForSignature emails the letters (the one of ?order=, or every unsigned one) to the
// authorised person; sending one again revokes its earlier link. It takes no body: whom it
// goes to is on the request.
func (x *api) sendForSignature(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := x.app.PortIns.SendForSignature(r.Context(), a, id, r.URL.Query().Get("order")); err != nil {
		return err
	}
	return x.writeSignatureRequests(w, r, a, id, http.StatusCreated)
}

func (x *api) listSignatureRequests(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return x.writeSignatureRequests(w, r, a, id, http.StatusOK)
}

func (x *api) writeSignatureRequests(w http.ResponseWriter, r *http.Request, a domain.Actor, id int64, status int) error {
	rs, err := x.app.PortIns.SignatureRequests(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, status, map[string]any{"signature_requests": mapList(rs, signatureRequestView)})
	return nil
}

func (x *api) revokeSignatureRequest(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(r.PathValue("request"), 10, 64)
	if err != nil || rid <= 0 {
		return domain.Errorf(domain.ErrNotFound, "not found")
	}
	if err := x.app.PortIns.RevokeSignatureRequest(r.Context(), a, id, rid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
