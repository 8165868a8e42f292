package notify

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// Mail is what a template may say: the operator, the request, and what happened.
type Mail struct {
	Template   string
	Operator   string
	Recipient  string // a name or an address, for the greeting
	RequestID  int64
	Customer   string
	Losing     string
	Numbers    int
	Status     string
	URL        string   // the request's page
	Fixes      []string // what the customer must do, in plain words
	Reason     string
	Note       string
	NoteAuthor string
	FOC        string // the port date, in the recipient's time zone
	FOCCarrier string // the same in the carrier's porting zone, when it reads differently
	Detail     string
	Lines      []string // a summary, one fact a line (the carrier's order)
	// A port-out's: the gaining provider, its failed checks, where to lock, and whether the
	// account announced it itself.
	PortOutID int64
	Gaining   string
	Checks    []string
	LockURL   string
	Announced bool
	// Reference is the gaining provider's own reference for its request.
	Reference string
}

// Templates are parsed once: text/template for subject and text, html/template for HTML.
type Templates struct {
	text map[string]*texttemplate.Template
	html map[string]*htmltemplate.Template
}

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
		tt, err := texttemplate.New(name).ParseFS(templateFS, files...)
		if err != nil {
			return nil, err
		}
		ht, err := htmltemplate.New(name).ParseFS(templateFS, files...)
		if err != nil {
			return nil, err
		}
		t.text[name], t.html[name] = tt, ht
	}
	return t, nil
}

// Compose renders a mail's subject, plain text and HTML.
func (t *Templates) Compose(m Mail) (subject, text, html string, err error) {
	tt, ok := t.text[m.Template]
	if !ok {
		return "", "", "", fmt.Errorf("no email template %q", m.Template)
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
	if err := t.html[m.Template].ExecuteTemplate(&b, "html", m); err != nil {
		return "", "", "", err
	}
	return subject, text, b.String(), nil
}
