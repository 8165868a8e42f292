package notify

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Outbox writes each message as an .eml file in a directory: the default when no SMTP server
// is configured. Staff can read the messages on the Mail page, and any mail client opens them.
type Outbox struct {
	Dir string
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Send writes the message; the file appears whole or not at all.
func (o *Outbox) Send(_ context.Context, m Message) error {
	msg, err := build(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Dir, 0o750); err != nil {
		return err
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	// The name sorts by date and is the same for the same message: a retry overwrites.
	name := date.UTC().Format("20060102T150405Z") + "-" + strings.Trim(unsafeFileChars.ReplaceAllString(trimAngles(m.ID)+"-"+m.To, "_"), "_.") + ".eml"
	tmp, err := os.CreateTemp(o.Dir, ".sending-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := msg.WriteTo(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(o.Dir, name))
}

// OutboxEntry is one written message, as the Mail page lists it.
type OutboxEntry struct {
	File    string
	Date    time.Time
	To      string
	Subject string
	Size    int64
}

// List returns the newest messages first, at most limit.
func (o *Outbox) List(limit int) ([]OutboxEntry, error) {
	files, err := filepath.Glob(filepath.Join(o.Dir, "*.eml"))
	if err != nil {
		return nil, err
	}
	sort.Sort(sort.Reverse(sort.StringSlice(files)))
	if limit > 0 && len(files) > limit {
		files = files[:limit]
	}
	out := make([]OutboxEntry, 0, len(files))
	for _, f := range files {
		e, err := readHeader(f)
		if err != nil {
			continue // a file someone else put there
		}
		out = append(out, e)
	}
	return out, nil
}

func readHeader(path string) (OutboxEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return OutboxEntry{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return OutboxEntry{}, err
	}
	msg, err := mail.ReadMessage(bufio.NewReader(f))
	if err != nil {
		return OutboxEntry{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		subject = msg.Header.Get("Subject")
	}
	date, _ := msg.Header.Date()
	return OutboxEntry{File: filepath.Base(path), Date: date, To: msg.Header.Get("To"), Subject: subject, Size: st.Size()}, nil
}

// Open returns one message file by the name List gave; nothing outside the directory.
func (o *Outbox) Open(name string) (io.ReadCloser, error) {
	if name != filepath.Base(name) || !strings.HasSuffix(name, ".eml") || strings.HasPrefix(name, ".") {
		return nil, fmt.Errorf("no such message: %w", os.ErrNotExist)
	}
	return os.Open(filepath.Join(o.Dir, name))
}
