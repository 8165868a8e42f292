package desk

import (
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/numbering"
)

// Limits bound what one request to PortDesk may carry. Each has its one default here; the
// command's flags, the API and the UI all start from these.
type Limits struct {
	MaxRows          int   // numbers on one port-in request; default 100,000
	MaxDocumentBytes int64 // one uploaded document; default 10 MiB
	MaxUploadBytes   int64 // one number-list upload (CSV/TXT); default 16 MiB, room for 100,000 rows
	MaxBodyBytes     int64 // one JSON body; default 1 MiB
	// MaxPDFInflatedBytes bounds what an uploaded PDF's streams decode to; default 64 MiB.
	MaxPDFInflatedBytes int64
	// MaxCarrierLookups bounds how many numbers one ask of a carrier's number lookup takes
	// (each can be a paid call); default 1,000. The rest go by the registers.
	MaxCarrierLookups int
}

// DefaultLimits are the limits when nothing else is configured. The rows a request holds are
// the rows one upload may carry (the reader's own limit), and a document is what the upload
// checks take by default.
func DefaultLimits() Limits {
	return Limits{MaxRows: numbering.MaxRows, MaxDocumentBytes: documents.DefaultMaxBytes, MaxUploadBytes: 16 << 20, MaxBodyBytes: 1 << 20,
		MaxPDFInflatedBytes: documents.DefaultMaxInflated, MaxCarrierLookups: 1000}
}

// WithDefaults fills each zero limit with its default.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	if l.MaxRows == 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxDocumentBytes == 0 {
		l.MaxDocumentBytes = d.MaxDocumentBytes
	}
	if l.MaxUploadBytes == 0 {
		l.MaxUploadBytes = d.MaxUploadBytes
	}
	if l.MaxBodyBytes == 0 {
		l.MaxBodyBytes = d.MaxBodyBytes
	}
	if l.MaxPDFInflatedBytes == 0 {
		l.MaxPDFInflatedBytes = d.MaxPDFInflatedBytes
	}
	if l.MaxCarrierLookups == 0 {
		l.MaxCarrierLookups = d.MaxCarrierLookups
	}
	return l
}
