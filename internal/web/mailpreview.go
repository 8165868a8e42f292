package web

import (
	"bufio"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strconv"
	"strings"
)

// maxMailPreview bounds what one preview reads of an .eml file: our own emails are far
// smaller, and a preview must not hold a huge file in memory.
const maxMailPreview = 16 << 20

// maxMailParts bounds how many parts a preview walks, however the file is nested.
const maxMailParts = 200

// mailView is one email as the Mail page shows it.
type mailView struct {
	Headers     []mailHeader
	Subject     string
	Text        string // the first text/plain part
	HTML        string // the first text/html part, shown only in a sandboxed frame
	Attachments []mailPart
}

type mailHeader struct{ Name, Value string }

// mailPart is one leaf of the message that is not its text or HTML body.
type mailPart struct {
	Index       int // the leaf's place in the message, for its download link
	Name        string
	ContentType string
	Size        int64
	body        []byte
}

// shownHeaders are the headers a reader of the email sees, in the order a mail client shows them.
var shownHeaders = []string{"From", "To", "Cc", "Reply-To", "Subject", "Date"}

// parseMail reads an email (RFC 5322, MIME) into its headers, text, HTML and attachments,
// decoding base64 and quoted-printable bodies and encoded-word headers.
func parseMail(r io.Reader) (mailView, error) {
	var v mailView
	msg, err := mail.ReadMessage(bufio.NewReader(io.LimitReader(r, maxMailPreview)))
	if err != nil {
		return v, err
	}
	dec := new(mime.WordDecoder)
	for _, name := range shownHeaders {
		raw := msg.Header.Get(name)
		if raw == "" {
			continue
		}
		val, err := dec.DecodeHeader(raw)
		if err != nil {
			val = raw
		}
		v.Headers = append(v.Headers, mailHeader{name, val})
		if name == "Subject" {
			v.Subject = val
		}
	}
	leaves := 0
	err = v.walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Header.Get("Content-Disposition"), msg.Body, &leaves, 0)
	return v, err
}

// walk reads one part: a multipart one part by part, a leaf as the body or an attachment.
func (v *mailView) walk(contentType, encoding, disposition string, body io.Reader, leaves *int, depth int) error {
	if *leaves > maxMailParts || depth > 10 {
		return errors.New("the email has too many parts to preview")
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if contentType == "" || err != nil {
		mt, params = "text/plain", map[string]string{}
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := v.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p, leaves, depth+1); err != nil {
				return err
			}
		}
	}
	*leaves++
	data, err := io.ReadAll(decodeTransfer(encoding, body))
	if err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(disposition)
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	if n, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		name = n
	}
	if disp != "attachment" && name == "" {
		switch {
		case mt == "text/plain" && v.Text == "":
			v.Text = string(data)
			return nil
		case mt == "text/html" && v.HTML == "":
			v.HTML = string(data)
			return nil
		}
	}
	if name == "" {
		name = "part-" + strconv.Itoa(*leaves)
	}
	v.Attachments = append(v.Attachments, mailPart{Index: *leaves, Name: name, ContentType: mt, Size: int64(len(data)), body: data})
	return nil
}

func decodeTransfer(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		// Line breaks are allowed in base64 bodies; the decoder skips \r and \n itself.
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// attachment is the leaf at index, if it is one.
func (v *mailView) attachment(index int) (mailPart, bool) {
	for _, a := range v.Attachments {
		if a.Index == index {
			return a, true
		}
	}
	return mailPart{}, false
}
