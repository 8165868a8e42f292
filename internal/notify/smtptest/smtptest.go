// Package smtptest runs a real SMTP server on loopback for tests: what PortDesk sends is
// received over the wire, parsed, and kept for assertions.
package smtptest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one message as the server got it.
type Received struct {
	From string
	To   []string
	Raw  []byte
}

// Parse reads the message's header and body.
func (r Received) Parse() (*mail.Message, error) { return mail.ReadMessage(bytes.NewReader(r.Raw)) }

// Server is a running SMTP server.
type Server struct {
	Host string
	Port int

	mu       sync.Mutex
	received []Received
	notify   chan struct{}
	// Fail, when set, refuses the next n messages with a temporary error (421), to test retries.
	fail int
	hold *Hold
}

// Hold keeps one message waiting before the server accepts it, as a slow mail server would:
// the sender has sent it all and waits for the reply. Tests kill the sender meanwhile.
type Hold struct {
	match   func(Received) bool
	held    chan struct{} // closed when a matching message is waiting
	release chan struct{} // closed by Discard
}

// Held is closed once a matching message is waiting.
func (h *Hold) Held() <-chan struct{} { return h.held }

// Discard answers the waiting message with a temporary failure (it was never accepted) and
// ends the hold; later messages are accepted as usual.
func (h *Hold) Discard() {
	select {
	case <-h.release:
	default:
		close(h.release)
	}
}

// HoldNext holds the next message that match accepts, until Discard.
func (s *Server) HoldNext(match func(Received) bool) *Hold {
	h := &Hold{match: match, held: make(chan struct{}), release: make(chan struct{})}
	s.mu.Lock()
	s.hold = h
	s.mu.Unlock()
	return h
}

// Start listens on 127.0.0.1:0 until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{notify: make(chan struct{}, 1000)}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(l.Addr().String())
	s.Host = host
	s.Port, _ = strconv.Atoi(port)
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// FailNext makes the server refuse the next n messages with a temporary failure.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	s.fail = n
	s.mu.Unlock()
}

// Messages returns what was received so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Wait waits until at least n messages arrived, or the timeout passes.
func (s *Server) Wait(n int, timeout time.Duration) []Received {
	deadline := time.After(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.notify:
		case <-deadline:
			return s.Messages()
		}
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	got := Received{From: x.from, To: x.to, Raw: raw}
	x.s.mu.Lock()
	if h := x.s.hold; h != nil && h.match(got) {
		x.s.hold = nil
		x.s.mu.Unlock()
		close(h.held)
		<-h.release
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "not accepted"}
	}
	defer x.s.mu.Unlock()
	if x.s.fail > 0 {
		x.s.fail--
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	x.s.received = append(x.s.received, got)
	select {
	case x.s.notify <- struct{}{}:
	default:
	}
	return nil
}

// Text is every text part of the message (plain, HTML, calendar…), decoded from its transfer
// encoding, one after another: what a reader would see.
func (r Received) Text() (string, error) {
	m, err := r.Parse()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = walk(&b, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body)
	return b.String(), err
}

func walk(b *strings.Builder, ct, cte string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return err
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
			if err := walk(b, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(cte) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	if !strings.HasPrefix(mt, "text/") {
		return nil
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	b.WriteString("--- " + mt + "\n")
	b.Write(data)
	b.WriteString("\n")
	return nil
}
