package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
	"github.com/portdesk/portdesk/internal/numbering"
	"github.com/portdesk/portdesk/internal/portin"
)

type numbersBody struct {
	Numbers []portin.NumberInput `json:"numbers"`
	Version int64                `json:"version"`
}

// addNumbers takes a JSON list, or a CSV/TXT file as the body, streamed row by row.
func (x *api) addNumbers(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	dry, err := dryRun(r)
	if err != nil {
		return err
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var src domain.RowSource
	var bodyVersion int64
	switch mt {
	case "application/json", "":
		var raw json.RawMessage
		if err := x.decodeLimit(w, r, &raw, x.limits.MaxUploadBytes); err != nil {
			return err
		}
		var list []portin.NumberInput
		if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
			err = strictJSON(t, &list)
		} else {
			var b numbersBody
			err = strictJSON(t, &b)
			list, bodyVersion = b.Numbers, b.Version
		}
		if err != nil {
			return err
		}
		src = portin.RowList(portin.Rows(list))
	case "text/csv", "text/plain":
		kind := numbering.CSV
		if mt == "text/plain" {
			kind = numbering.TXT
		}
		r.Body = http.MaxBytesReader(w, r.Body, x.limits.MaxUploadBytes)
		src = numbering.NewRowReader(r.Body, kind).Sized(r.ContentLength)
	default:
		return &domain.Error{Code: httpx.ErrBadRequest, Message: "send numbers as application/json, text/csv or text/plain, not " + mt}
	}
	v, err := version(r, bodyVersion)
	if err != nil {
		return err
	}
	res, err := x.app.PortIns.AddNumbers(r.Context(), a, id, v, src, dry)
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return domain.Errorf(domain.ErrTooLarge, "the upload is over the limit of %d bytes", maxErr.Limit)
	}
	if err != nil {
		return err
	}
	setETag(w, res.Version)
	writeJSON(w, http.StatusOK, res)
	return nil
}

func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	return nil
}

func dryRun(r *http.Request) (bool, error) {
	s := r.URL.Query().Get("dry_run")
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, &domain.Error{Code: httpx.ErrBadRequest, Message: "dry_run is true or false"}
	}
	return b, nil
}

func (x *api) removeNumber(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := version(r, 0)
	if err != nil {
		return err
	}
	number, err := url.PathUnescape(r.PathValue("number"))
	if err != nil {
		return domain.Errorf(domain.ErrNotFound, "not found")
	}
	if _, err := x.app.PortIns.RemoveNumber(r.Context(), a, id, v, number); err != nil {
		return err
	}
	return x.writePortIn(w, r, a, id, http.StatusOK)
}
