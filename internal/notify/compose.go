package notify

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/portdesk/portdesk/internal/domain"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// Header is what every email has, whatever it is about: its template, the operator, whom it
// greets, the page it links to, and why the recipient gets it.
type Header struct {
	Template  string
	Operator  string
	Recipient string // a name or an address, for the greeting
	URL       string // the page the email is about; empty: no link
	LinkLabel string // the HTML button's words: "Open request 42"
	LinkText  string // the plain text's words before the link: "Open the request"
	// Why is the footer: why the recipient gets this email. Empty for the porting team's own
	// emails and for other carriers.
	Why string
}

func (h *Header) head() *Header { return h }

// Mail is the data of one kind of email: a port-in's update, a carrier's order, a port-out's
// notice, an answer to a gaining provider. Each kind carries its own fields beside the Header.
type Mail interface{ head() *Header }

// Head is a mail's header, for the sender to set whom it greets and with which template.
func Head(m Mail) *Header { return m.head() }

// PortInMail is an update on a port-in request, to its customer or to the team.
type PortInMail struct {
	Header
	RequestID  int64
	Customer   string
	Losing     string
	Numbers    int
	Status     string
	Fixes      []string // what the customer must do, in plain words
	Reason     string
	Note       string
	NoteAuthor string
	FOC        string // the port date, in the recipient's time zone
	FOCCarrier string // the same in the carrier's porting zone, when it reads differently
	Detail     string // a reminder's reason

	// A completion, whole or of some numbers, says what the customer may now cancel with the
	// losing provider and what must stay there (numbers in E.164).
	CancelNow    []string // ported: their service with the losing provider may be cancelled
	KeepNumbers  []string // still porting, or set aside and not ported, each with why
	StillPorting bool     // some numbers completed early; the request is still open
	PartialPort  bool     // only some of the account's numbers move: the account stays open
	NewBTN       string   // a partial port's new billing number, which stays
}

// CarrierOrderMail is the order package sent to a losing carrier's porting desk.
type CarrierOrderMail struct {
	Header
	RequestID int64
	Customer  string
	Numbers   int
	Lines     []string // the order, one fact a line
}

// PortOutMail is a port-out's notice to the admins of the account it takes numbers from, or
// to the team when the account announced it.
type PortOutMail struct {
	Header
	PortOutID int64
	Customer  string // the account
	Gaining   string
	Numbers   int
	Status    string
	Reason    string
	Detail    string
	Lines     []string // the numbers
	Fixes     []string // what the gaining provider was told
	Checks    []string // the failed checks
	LockURL   string   // where the admins lock port-outs
	Announced bool     // the account announced it itself
}

// GainingMail is the answer to a gaining provider: its request authorized, or rejected with
// the codes in its words; never the account's records.
type GainingMail struct {
	Header
	PortOutID int64
	Gaining   string
	Reference string // the gaining provider's own reference for its request
	Customer  string // the end user's name as the gaining provider gave it
	Numbers   int
	Lines     []string // the numbers, as it asked for them
	Fixes     []string
	FOC       string // the date it asked for
}

// Templates are parsed once: text/template for subject and text, html/template for HTML.
type Templates struct {
	text map[string]*texttemplate.Template
	html map[string]*htmltemplate.Template
}

// funcs are the emails' words helpers: the same as the pages'.
var funcs = map[string]any{"plural": domain.Plural}

// LoadTemplates parses the embedded templates.
func LoadTemplates() (*Templates, error) {
	t := &Templates{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	names, err := templateFS.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	for _, e := range names {
		name := strings.TrimSuffix(e.Name(), ".tmpl")
		if strings.HasPrefix(name, "_") {
			continue
		}
		files := []string{"templates/_layout.tmpl", "templates/" + e.Name()}
		tt, err := texttemplate.New(name).Funcs(texttemplate.FuncMap(funcs)).ParseFS(templateFS, files...)
		if err != nil {
			return nil, err
		}
		ht, err := htmltemplate.New(name).Funcs(htmltemplate.FuncMap(funcs)).ParseFS(templateFS, files...)
		if err != nil {
			return nil, err
		}
		t.text[name], t.html[name] = tt, ht
	}
	return t, nil
}

// Compose renders a mail's subject, plain text and HTML with its header's template.
func (t *Templates) Compose(m Mail) (subject, text, html string, err error) {
	name := m.head().Template
	tt, ok := t.text[name]
	if !ok {
		return "", "", "", fmt.Errorf("no email template %q", name)
	}
	var b bytes.Buffer
	if err := tt.ExecuteTemplate(&b, "subject", m); err != nil {
		return "", "", "", err
	}
	subject = strings.Join(strings.Fields(b.String()), " ")
	b.Reset()
	if err := tt.ExecuteTemplate(&b, "text", m); err != nil {
		return "", "", "", err
	}
	text = strings.TrimSpace(b.String()) + "\n"
	b.Reset()
	if err := t.html[name].ExecuteTemplate(&b, "html", m); err != nil {
		return "", "", "", err
	}
	return subject, text, b.String(), nil
}

// AccessMail is an emailed access link: an invitation to join an account, the notice that
// an invitation could not be used, or a password reset. The link is the header's URL.
type AccessMail struct {
	Header
	Account string // the account invited to
	Inviter string // who invited
	Expires string // when the link stops working, in UTC
}

// SignatureMail asks someone to sign a letter of authorisation through a single-use link
// (the header's URL), without an account.
type SignatureMail struct {
	Header
	Customer string // the customer named on the letter
	Provider string // the losing provider the letter goes to
	Sender   string // who sent it
	Expires  string // when the link stops working, in UTC
}
