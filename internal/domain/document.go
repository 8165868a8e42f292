package domain

import (
	"context"
	"io"
	"time"
)

// DocumentKind is what an uploaded file is for.
type DocumentKind string

const (
	DocSignedLOA DocumentKind = "signed_loa" // printed on letterhead, signed, scanned
	DocBill      DocumentKind = "bill"       // proof of ownership: a recent bill
	DocCSR       DocumentKind = "csr"        // customer service record from the losing carrier
	DocOther     DocumentKind = "other"
)

// DocumentKinds lists the kinds, in the order the UI offers them.
var DocumentKinds = []DocumentKind{DocBill, DocSignedLOA, DocCSR, DocOther}

// Valid reports whether k is a known kind.
func (k DocumentKind) Valid() bool {
	for _, v := range DocumentKinds {
		if v == k {
			return true
		}
	}
	return false
}

// Document is a file uploaded to a request. The bytes live in the document store under
// StorageKey; the database keeps what it is and who sent it.
type Document struct {
	ID           int64
	PortInID     int64
	Kind         DocumentKind
	Name         string // safe file name, as shown and downloaded
	ContentType  string // from the content, never the name
	Size         int64
	SHA256       string // hex
	Pages        int
	StorageKey   string
	UploadedBy   int64
	UploaderName string
	UploadedAt   time.Time
}

// LOASignature is the evidence of an e-signature of one order's letter of authorisation. It
// counts only while the letter still says what was signed: ContentSHA256 is the hash of the
// letter's content at signing.
type LOASignature struct {
	ID            int64
	PortInID      int64
	OrderKey      string
	ContentSHA256 string
	SignerName    string
	SignerTitle   string
	SignerEmail   string
	UserID        int64
	IP            string
	UserAgent     string
	SignedAt      time.Time
	Drawn         []byte // PNG of the drawn signature
	// SignatureRequestID is the emailed signature link it was signed through, or 0 when it
	// was signed by a user signed in to the desk.
	SignatureRequestID int64
}

// SignatureRequest is one order's letter of authorisation sent to someone to sign through a
// single-use link, without an account. Only the hash of the link's token is stored. It is
// good for the letter as it read when sent (ContentSHA256): a letter that changes since
// makes the link useless, so the signer always signs what the letter says now.
type SignatureRequest struct {
	ID            int64
	PortInID      int64
	OrderKey      string
	ContentSHA256 string
	Email         string
	Name          string
	CreatedBy     int64
	TokenHash     []byte
	CreatedAt     time.Time
	ExpiresAt     time.Time
	RevokedAt     *time.Time
	UsedAt        *time.Time // when it was signed through
	SignatureID   int64      // the signature made through it, once used
}

// SignatureRequestStatus is where a signature request stands.
type SignatureRequestStatus string

const (
	SignatureWaiting SignatureRequestStatus = "waiting" // sent, not signed yet
	SignatureSigned  SignatureRequestStatus = "signed"
	SignatureRevoked SignatureRequestStatus = "revoked" // revoked, or replaced by a newer one
	SignatureExpired SignatureRequestStatus = "expired"
)

// Status is where the request stands at now.
func (r SignatureRequest) Status(now time.Time) SignatureRequestStatus {
	switch {
	case r.UsedAt != nil:
		return SignatureSigned
	case r.RevokedAt != nil:
		return SignatureRevoked
	case !now.Before(r.ExpiresAt):
		return SignatureExpired
	}
	return SignatureWaiting
}

// FrozenLetter is an order's letter of authorisation as it was signed and sent, kept from
// submission on: frozen at submission, and again when a letter that changed after signing
// (a supplemental order) is signed again. Completing numbers, newer range data or a renamed
// operator never change it. Its PDF (with the certificate page when e-signed) is in the
// document store under StorageKey.
type FrozenLetter struct {
	ID       int64
	PortInID int64
	OrderKey string
	LOAType  LOAType
	Provider string // who the order goes to: the range holder (UK) or the losing provider
	// Letter is what the letter shows, as JSON: what a request that changed is compared with.
	Letter        []byte
	ContentSHA256 string
	SignatureID   int64 // the e-signature on it, or 0
	// DocumentID is the letter signed on letterhead and uploaded that stands for an
	// e-signature, or 0.
	DocumentID int64
	SHA256     string // of the PDF's bytes, hex
	Size       int64
	StorageKey string
	FrozenAt   time.Time
}

// Signed reports whether the letter was signed when it was frozen, online or on paper.
func (f FrozenLetter) Signed() bool { return f.SignatureID != 0 || f.DocumentID != 0 }

// DocumentStore keeps documents' bytes (a blob bucket: a directory, S3, memory in tests).
type DocumentStore interface {
	Put(ctx context.Context, key string, data []byte, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, error) // missing: ErrNotFound
	Delete(ctx context.Context, key string) error
}
