package api

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/portdesk/portdesk/internal/desktest"
)

// formPart is one part of a multipart body: a text field, or a file when file is set.
type formPart struct{ name, value, file string }

// multipartForm writes parts in the order given and returns the body and its Content-Type.
func multipartForm(parts ...formPart) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		if p.file != "" {
			fw, _ := mw.CreateFormFile(p.name, p.file)
			_, _ = fw.Write([]byte(p.value))
		} else {
			_ = mw.WriteField(p.name, p.value)
		}
	}
	_ = mw.Close()
	return b.String(), mw.FormDataContentType()
}

// Every part of a multipart port-out is read: fields after the file count, and an unknown one
// is refused, wherever it is; the file may be left out.
func TestMultipartPortOutReadsEveryPart(t *testing.T) {
	t.Parallel()
	d := newPortOutDesk(t, "0113 496 0901", "0113 496 0902")
	loa := string(desktest.BillPDF("Gamma LOA"))
	account := formPart{name: "account_id", value: fmt.Sprint(d.cust.Account.ID)}
	body, ct := multipartForm(account, formPart{name: "gaining_provider", value: "Gamma"}, formPart{name: "file", value: loa, file: "loa.pdf"},
		formPart{name: "gaining_email", value: "porting@gamma.example"}, formPart{name: "numbers", value: "0113 496 0901"})
	var po struct {
		portOutResp
		GainingEmail string `json:"gaining_email"`
		Numbers      []struct{ Number string }
	}
	d.c.want(d.c.do("POST", "/api/v1/port-outs", d.staffTok, body, "Content-Type", ct), 201).json(t, &po)
	if po.GainingEmail != "porting@gamma.example" || len(po.Numbers) != 1 || len(po.Documents) != 1 {
		t.Fatalf("fields after the file were dropped: %+v", po)
	}

	var prob problemJSON
	body, ct = multipartForm(account, formPart{name: "gaining_provider", value: "Gamma"}, formPart{name: "numbers", value: "0113 496 0902"},
		formPart{name: "file", value: loa, file: "loa.pdf"}, formPart{name: "colour", value: "red"})
	d.c.want(d.c.do("POST", "/api/v1/port-outs", d.staffTok, body, "Content-Type", ct), 422).json(t, &prob)
	if fields := fieldsOf(prob); !slices.Equal(fields, []string{"colour"}) {
		t.Fatalf("an unknown field after the file: %+v", prob)
	}
	body, ct = multipartForm(account, formPart{name: "file", value: loa, file: "a.pdf"}, formPart{name: "file", value: loa, file: "b.pdf"},
		formPart{name: "gaining_provider", value: "Gamma"}, formPart{name: "numbers", value: "0113 496 0902"})
	d.c.want(d.c.do("POST", "/api/v1/port-outs", d.staffTok, body, "Content-Type", ct), 422).json(t, &prob)
	if fields := fieldsOf(prob); !slices.Equal(fields, []string{"file"}) {
		t.Fatalf("two files: %+v", prob)
	}

	// The file is held in memory only up to the document limit.
	big := "%PDF-1.4\n" + strings.Repeat("x", 10<<20)
	body, ct = multipartForm(account, formPart{name: "file", value: big, file: "big.pdf"}, formPart{name: "gaining_provider", value: "Gamma"})
	d.c.want(d.c.do("POST", "/api/v1/port-outs", d.staffTok, body, "Content-Type", ct), 413)

	// Without a file: a port-out all the same.
	body, ct = multipartForm(account, formPart{name: "gaining_provider", value: "Gamma"}, formPart{name: "numbers", value: "0113 496 0902"})
	var bare portOutResp
	d.c.want(d.c.do("POST", "/api/v1/port-outs", d.staffTok, body, "Content-Type", ct), 201).json(t, &bare)
	if len(bare.Documents) != 0 || bare.Status != "pending" {
		t.Fatalf("without a file: %+v", bare)
	}
}

// A multipart body that cannot be read is a 400 on every upload, not a 500: a broken part
// header, a body cut off inside a text field, a body cut off inside the file.
func TestMalformedMultipartIs400(t *testing.T) {
	t.Parallel()
	d := newPortOutDesk(t, "0113 496 0901")
	po := announcePortOut(t, d.env, d.cust, "0113 496 0901")
	var pin struct{ ID int64 }
	d.c.want(d.c.do("POST", "/api/v1/port-ins", d.cust.Token, map[string]any{"numbers": []map[string]string{{"number": "0113 496 0001"}}}), 201).json(t, &pin)

	pdf := string(desktest.BillPDF("document"))
	const boundary = "b0undary"
	ct := "multipart/form-data; boundary=" + boundary
	field := func(name, value string) string {
		return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n"
	}
	fileHead := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"doc.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
	for _, tc := range []struct {
		path, token string
		fields      string // the text fields a complete body would carry, before the file
	}{
		{"/api/v1/port-outs", d.staffTok, field("account_id", fmt.Sprint(d.cust.Account.ID)) + field("gaining_provider", "Gamma") + field("numbers", "0113 496 0901")},
		{fmt.Sprintf("/api/v1/port-outs/%d/documents", po.ID), d.cust.Token, ""},
		{fmt.Sprintf("/api/v1/port-ins/%d/documents", pin.ID), d.cust.Token, field("kind", "bill")},
	} {
		for what, body := range map[string]string{
			"a broken part header":         "--" + boundary + "\r\nContent-Disposition form-data name=kind\r\nno colon here\r\n\r\nbill\r\n--" + boundary + "--\r\n",
			"a body cut off in a field":    tc.fields + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nbil",
			"a body cut off in the file":   tc.fields + fileHead + pdf[:len(pdf)/2],
			"a body cut off after a field": tc.fields + "--" + boundary + "\r\nContent-Disposition: form-d",
		} {
			var prob problemJSON
			r := d.c.do("POST", tc.path, tc.token, body, "Content-Type", ct)
			if r.code != 400 {
				t.Errorf("%s to %s: %d %s", what, tc.path, r.code, r.body)
				continue
			}
			r.json(t, &prob)
			if prob.Code != "bad_request" || !strings.Contains(prob.Detail, "multipart body cannot be read") {
				t.Errorf("%s to %s: %+v", what, tc.path, prob)
			}
		}
		// The same body whole is taken.
		d.c.want(d.c.do("POST", tc.path, tc.token, tc.fields+fileHead+pdf+"\r\n--"+boundary+"--\r\n", "Content-Type", ct), 201)
	}
}

// closeWatch sees the close delimiter however the reads split it, and only at a line's start.
func TestCloseWatch(t *testing.T) {
	for body, want := range map[string]bool{
		"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n": true,
		"--b--":                  true,
		"--b\r\n\r\nx--b--\r\n":  false,
		"--b\r\nContent-Dispos":  false,
		"--b\r\n\r\n1\r\n--b-":   false,
		"--b\r\n\r\n1\r\n--b--e": true,
	} {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = strings.NewReader(body)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			w := newCloseWatch(r, "b")
			if _, err := io.Copy(io.Discard, w); err != nil {
				t.Fatal(err)
			}
			if w.closed != want {
				t.Errorf("%q (one byte at a time: %v): closed %v", body, oneByte, w.closed)
			}
		}
	}
}
