package api

import (
	"bufio"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portability"
	"github.com/portdesk/portdesk/internal/portin"
)

// MaxStreamedChecks is how many numbers one streamed portability check takes.
const MaxStreamedChecks = 1_000_000

type checksBody struct {
	Numbers        []string `json:"numbers"`
	AccountID      int64    `json:"account_id"`
	DefaultCountry string   `json:"default_country"`
	LosingProvider string   `json:"losing_provider"`
}

// checkPortability answers a JSON list in one JSON answer, or streams a CSV/TXT body of up
// to a million numbers through in batches, writing NDJSON or CSV as it goes: memory stays
// bounded by the batch, not the list.
func (x *api) checkPortability(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json", "":
		var b checksBody
		if err := x.decodeLimit(w, r, &b, x.limits.MaxUploadBytes); err != nil {
			return err
		}
		if len(b.Numbers) == 0 {
			return &domain.Error{Code: domain.ErrInvalid, Message: "send at least one number",
				Fields: []domain.FieldError{{Field: "numbers", Code: "required", Message: "List the numbers to check."}}}
		}
		res, err := x.app.PortIns.CheckNumbers(r.Context(), a, portin.CheckRequest{AccountID: b.AccountID, DefaultCountry: b.DefaultCountry, LosingProvider: b.LosingProvider}, b.Numbers)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]any{"results": res})
		return nil
	case "text/csv", "text/plain":
	default:
		return &domain.Error{Code: httpx.ErrBadRequest, Message: "send numbers as application/json, text/csv or text/plain, not " + mt}
	}
	q := r.URL.Query()
	req := portin.CheckRequest{DefaultCountry: q.Get("default_country"), LosingProvider: q.Get("losing_provider")}
	if s := q.Get("account_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return &domain.Error{Code: domain.ErrInvalid, Message: "account_id must be a number",
				Fields: []domain.FieldError{{Field: "account_id", Code: "invalid", Message: "Give an account ID."}}}
		}
		req.AccountID = id
	}
	kind := numbering.CSV
	if mt == "text/plain" {
		kind = numbering.TXT
	}
	rows := numbering.NewRowReader(r.Body, kind)
	rows.SetMaxRows(MaxStreamedChecks)
	// Results go out while the list still comes in: HTTP/1.1 allows it, net/http only when
	// asked (it otherwise closes the body at the first write).
	if err := http.NewResponseController(w).EnableFullDuplex(); err != nil {
		x.log.Warn("portability check: no full duplex, results wait for the whole list", "err", err)
	}
	format := portability.FormatNDJSON
	if wantsCSV(r.Header.Get("Accept")) {
		format = portability.FormatCSV
	}
	out := &checkStream{w: w, bw: bufio.NewWriterSize(w, 64<<10)}
	out.results, _ = portability.NewResultWriter(out.bw, format) // a format of its own: never refused
	err := x.app.PortIns.CheckStream(r.Context(), a, req, rows, out.write)
	if err != nil && !out.started {
		// Nothing written yet: a proper problem answer. In full duplex net/http no longer
		// reads what is left of the list before closing, and a client still sending it
		// would see the connection reset instead of the answer: read a little of it first.
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 256<<10))
		return err
	}
	if err != nil {
		// Mid-stream the status is sent: say so in the stream itself, in its own format.
		x.log.Warn("portability check stopped", "after", out.results.Count(), "err", err)
		msg := "the check stopped"
		var de *domain.Error
		if errors.As(err, &de) {
			msg = de.Message
		}
		_ = out.results.Stopped(msg)
	}
	return out.close()
}

// checkStream sends results as they come: the status and headers with the first, as NDJSON
// (the default) or CSV.
type checkStream struct {
	w       http.ResponseWriter
	bw      *bufio.Writer
	results *portability.ResultWriter
	started bool
}

func wantsCSV(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part))
		if mt == "text/csv" {
			return true
		}
		if mt == "application/x-ndjson" || mt == "application/json" {
			return false
		}
	}
	return false
}

func (cs *checkStream) start() error {
	if cs.started {
		return nil
	}
	cs.started = true
	h := cs.w.Header()
	h.Set("Cache-Control", "no-store")
	if cs.results.Format() == portability.FormatCSV {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="portability-checks.csv"`)
	} else {
		h.Set("Content-Type", "application/x-ndjson")
	}
	cs.w.WriteHeader(http.StatusOK)
	return cs.results.Start()
}

func (cs *checkStream) write(c domain.Check) error {
	if err := cs.start(); err != nil {
		return err
	}
	return cs.results.Write(c)
}

func (cs *checkStream) close() error {
	if err := cs.start(); err != nil {
		return err
	}
	_ = cs.results.Close()
	_ = cs.bw.Flush()
	return nil
}
