package api

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// multipartDoc is a multipart body with a kind and a file, and its Content-Type.
func multipartDoc(kind, name string, data []byte) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	return b.String(), mw.FormDataContentType()
}

// paperwork signs every letter and uploads a bill through the API.
func (c *client) paperwork(t *testing.T, token string, id int64) {
	t.Helper()
	path := "/api/v1/port-ins/" + strconv.FormatInt(id, 10)
	c.want(c.do("POST", path+"/loa/signature", token, map[string]any{"signer_name": "Jane Smith", "signer_title": "Director",
		"signer_email": "jane@acme.example", "agree": true}), 201)
	body, ct := multipartDoc("bill", "bill.pdf", desktest.BillPDF("bill"))
	c.want(c.do("POST", path+"/documents", token, body, "Content-Type", ct), 201)
}

func TestDocumentsAndLettersOverAPI(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	c := newClient(t, env)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	other := env.NewCustomer(t, "Other", 0, domain.CountryGB)
	changes := desktest.Complete()
	var p struct {
		ID      int64
		Version int64
	}
	body := map[string]any{"numbers": []map[string]string{{"number": "0113 496 0001"}}}
	c.want(c.do("POST", "/api/v1/port-ins", cust.Token, body), 201).json(t, &p)
	path := fmt.Sprintf("/api/v1/port-ins/%d", p.ID)

	// Not complete yet: nothing to sign.
	var pw struct {
		Letters []struct {
			Order, PDF    string
			Signed        bool
			ContentSHA256 string `json:"content_sha256"`
		}
		CanSign bool `json:"can_sign"`
		Missing []domain.FieldError
	}
	c.want(c.do("GET", path+"/loa", cust.Token, nil), 200).json(t, &pw)
	if pw.CanSign || len(pw.Letters) != 1 {
		t.Fatalf("incomplete paperwork: %+v", pw)
	}
	c.want(c.do("POST", path+"/loa/signature", cust.Token, map[string]any{"signer_name": "J", "signer_title": "D", "signer_email": "j@x.example", "agree": true}), 422)
	c.want(c.do("PATCH", path, cust.Token, changes, ifMatch(p.Version)...), 200)

	// Uploads: by content, with a size limit; downloads as attachments to the account only.
	html, ct := multipartDoc("bill", "bill.pdf", []byte("<html><script>alert(1)</script></html>"))
	c.want(c.do("POST", path+"/documents", cust.Token, html, "Content-Type", ct), 400)
	big, ct := multipartDoc("bill", "big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 11<<20)...))
	c.want(c.do("POST", path+"/documents", cust.Token, big, "Content-Type", ct), 413)
	ok, ct := multipartDoc("bill", "../../etc/bill.pdf", desktest.BillPDF("bill"))
	var doc struct {
		ID          int64
		Name        string
		ContentType string `json:"content_type"`
	}
	c.want(c.do("POST", path+"/documents", cust.Token, ok, "Content-Type", ct), 201).json(t, &doc)
	if doc.Name != "bill.pdf" || doc.ContentType != "application/pdf" {
		t.Fatalf("document: %+v", doc)
	}
	r := c.want(c.do("GET", fmt.Sprintf("%s/documents/%d", path, doc.ID), cust.Token, nil), 200)
	if r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") || r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("download headers: %v", r.header)
	}
	c.want(c.do("GET", fmt.Sprintf("%s/documents/%d", path, doc.ID), other.Token, nil), 404)

	// Sign, see it signed, read the PDF.
	c.want(c.do("POST", path+"/loa/signature", cust.Token, map[string]any{"signer_name": "Jane Smith", "signer_title": "Director",
		"signer_email": "jane@acme.example", "agree": true, "drawn_signature_png": "data:image/png;base64,iVBORw0KGgo="}), 201).json(t, &pw)
	if !pw.CanSign || len(pw.Letters) != 1 || !pw.Letters[0].Signed || len(pw.Missing) != 0 {
		t.Fatalf("after signing: %+v", pw)
	}
	r = c.want(c.do("GET", pw.Letters[0].PDF, cust.Token, nil), 200)
	if !bytes.HasPrefix(r.body, []byte("%PDF")) {
		t.Fatalf("letter: %.40q", r.body)
	}
	c.want(c.do("GET", path+"/loa.pdf?order=nope", cust.Token, nil), 422)
}
