package api

import (
	"bufio"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/csvout"
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
			return &domain.Error{Code: httpx.ErrBadRequest, Message: "account_id must be a number"}
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
	out := newCheckWriter(w, r.Header.Get("Accept"))
	err := x.app.PortIns.CheckStream(r.Context(), a, req, rows, out.write)
	if err != nil && !out.started {
		return err // nothing written yet: a proper problem answer
	}
	if err != nil {
		// Mid-stream the status is sent: say so in the stream itself, in its own format.
		x.log.Warn("portability check stopped", "after", out.count, "err", err)
		out.fail(err)
	}
	return out.flush()
}

// checkWriter streams results as NDJSON (the default) or CSV.
type checkWriter struct {
	w       http.ResponseWriter
	bw      *bufio.Writer
	csv     *csvout.Writer
	started bool
	count   int
}

func newCheckWriter(w http.ResponseWriter, accept string) *checkWriter {
	cw := &checkWriter{w: w, bw: bufio.NewWriterSize(w, 64<<10)}
	if wantsCSV(accept) {
		cw.csv = csvout.NewWriter(cw.bw)
	}
	return cw
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

func (cw *checkWriter) start() {
	if cw.started {
		return
	}
	cw.started = true
	h := cw.w.Header()
	h.Set("Cache-Control", "no-store")
	if cw.csv != nil {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="portability-checks.csv"`)
		_ = cw.csv.Write(portability.CSVHeader)
	} else {
		h.Set("Content-Type", "application/x-ndjson")
	}
	cw.w.WriteHeader(http.StatusOK)
}

func (cw *checkWriter) write(c domain.Check) error {
	cw.start()
	cw.count++
	if cw.csv != nil {
		return cw.csv.Write(portability.CSVRow(c))
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	cw.bw.Write(b)
	return cw.bw.WriteByte('\n')
}

// fail ends a stream that broke after its first result with a line saying why and where.
func (cw *checkWriter) fail(err error) {
	msg := "the check stopped"
	var de *domain.Error
	if errors.As(err, &de) {
		msg = de.Message
	}
	if cw.csv != nil {
		_ = cw.csv.Write([]string{"#error", msg, strconv.Itoa(cw.count)})
		return
	}
	b, _ := json.Marshal(map[string]any{"error": msg, "after": cw.count})
	cw.bw.Write(b)
	cw.bw.WriteByte('\n')
}

func (cw *checkWriter) flush() error {
	cw.start()
	if cw.csv != nil {
		_ = cw.csv.Flush()
	}
	_ = cw.bw.Flush()
	return nil
}
