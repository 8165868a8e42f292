package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/httpx"
)

// decode reads exactly one JSON value into v, refusing unknown fields and bodies over the
// limit, with messages that say what to fix.
func (x *api) decode(w http.ResponseWriter, r *http.Request, v any) error {
	return x.decodeLimit(w, r, v, x.limits.MaxBodyBytes)
}

// decodeLimit is decode with a limit of its own (JSON number lists may be as long as an
// upload).
func (x *api) decodeLimit(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return &domain.Error{Code: httpx.ErrBadRequest, Message: "send the body as application/json, not " + mt}
		}
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if dec.More() {
		return &domain.Error{Code: httpx.ErrBadRequest, Message: "the body must hold one JSON value"}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &domain.Error{Code: httpx.ErrBadRequest, Message: "the body must hold one JSON value"}
	}
	return nil
}

func bodyError(err error) error {
	var maxErr *http.MaxBytesError
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &maxErr):
		return domain.Errorf(domain.ErrTooLarge, "the body is over the limit of %d bytes", maxErr.Limit)
	case errors.Is(err, io.EOF):
		return &domain.Error{Code: httpx.ErrBadRequest, Message: "the body is empty: send a JSON object"}
	case errors.As(err, &syntax):
		return &domain.Error{Code: httpx.ErrBadRequest, Message: fmt.Sprintf("the body is not valid JSON (at byte %d)", syntax.Offset)}
	case errors.As(err, &typeErr):
		return &domain.Error{Code: httpx.ErrBadRequest, Message: fmt.Sprintf("%s must be a %s, not a %s", typeErr.Field, typeErr.Type, typeErr.Value),
			Fields: []domain.FieldError{{Field: typeErr.Field, Code: "wrong_type", Message: "Must be a " + typeErr.Type.String() + "."}}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &domain.Error{Code: httpx.ErrBadRequest, Message: fmt.Sprintf("unknown field %q", field),
			Fields: []domain.FieldError{{Field: field, Code: "unknown", Message: "This field does not exist or cannot be set."}}}
	}
	return &domain.Error{Code: httpx.ErrBadRequest, Message: "the body cannot be read as JSON"}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := encodeJSON(v) // what the encoder refuses is sent as nothing, as an encoder on w would
	writeJSONBody(w, status, body)
}

// jsonHead starts every JSON answer: never kept by a cache on the way, whoever asked.
func jsonHead(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
}

// encodeJSON is v as writeJSON would send it, to be kept and sent by writeJSONBody.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	err := json.NewEncoder(&b).Encode(v)
	return b.Bytes(), err
}

// writeJSONBody sends a body encodeJSON made, its length said: a body over 2 KB was sent in
// chunks, which both ends frame and unframe (a request's page is 3 KB, a list's 20).
func writeJSONBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	jsonHead(w, status)
	_, _ = w.Write(body)
}

// pathID reads {id} from the path; a malformed one is simply not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ErrNotFound, "not found")
	}
	return id, nil
}

// version is the optimistic lock sent with a change: If-Match ("3", W/"3" or 3) or, failing
// that, the body's version field.
func version(r *http.Request, body int64) (int64, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return body, nil
	}
	h = strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
	v, err := strconv.ParseInt(h, 10, 64)
	if err != nil || v <= 0 {
		return 0, &domain.Error{Code: httpx.ErrBadRequest, Message: `If-Match must be the request's version, as in If-Match: "3"`}
	}
	return v, nil
}

func setETag(w http.ResponseWriter, v int64) {
	w.Header().Set("ETag", `"`+strconv.FormatInt(v, 10)+`"`)
}
