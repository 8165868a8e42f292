package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/web"
)

// An email of the mail folder with a text part, an HTML part with a script in it and a PDF
// attachment: the Mail page shows its headers and text, frames its HTML in a sandbox, and
// lets the attachment be downloaded, instead of only offering the .eml.
const previewEML = "From: PortDesk <desk@op.example>\r\n" +
	"To: jane@acme.example\r\n" +
	"Subject: =?UTF-8?Q?Your_port_=E2=80=94_scheduled?=\r\n" +
	"Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=outer\r\n" +
	"\r\n" +
	"--outer\r\n" +
	"Content-Type: multipart/alternative; boundary=inner\r\n" +
	"\r\n" +
	"--inner\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Your numbers move on 25 November =E2=80=94 <nothing to run>.\r\n" +
	"--inner\r\n" +
	"Content-Type: text/html; charset=utf-8\r\n" +
	"\r\n" +
	"<p style=\"color:red\">Your numbers move on <b>25 November</b>.</p><script>parent.document.title='owned'</script>\r\n" +
	"--inner--\r\n" +
	"--outer\r\n" +
	"Content-Type: application/pdf; name=\"loa.pdf\"\r\n" +
	"Content-Disposition: attachment; filename=\"loa.pdf\"\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"JVBERi0xLjQK\r\n" +
	"--outer--\r\n"

func TestWebMailPreview(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	dir := filepath.Join(t.TempDir(), "mail")
	env.UseMailer(t, &notify.Outbox{Dir: dir})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "20261123-090000-1.eml"), []byte(previewEML), 0o600); err != nil {
		t.Fatal(err)
	}
	c := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	env.NewStaff(t, "agent@op.example", domain.RoleAgent)
	s := newBrowserWith(t, env, web.Options{})
	s.login("agent@op.example", "correct horse battery staple")

	base := "/settings/mail/20261123-090000-1.eml"
	code, page, _ := s.get(base)
	for _, want := range []string{
		"Your port — scheduled", "desk@op.example", "jane@acme.example", // headers, the subject decoded
		"Your numbers move on 25 November — &lt;nothing to run&gt;.", // the text, quoted-printable decoded and escaped
		`<iframe class="mail-html" id="mail-html"`, `sandbox=""`, `src="` + base + `/html"`,
		`href="` + base + `/attachments/3"`, "loa.pdf", "application/pdf",
	} {
		if code != 200 || !strings.Contains(page, want) {
			t.Fatalf("preview lacks %q (%d):\n%s", want, code, page)
		}
	}
	if strings.Contains(page, "<script>parent") || strings.Contains(page, "<b>25 November</b>") {
		t.Fatal("the email's HTML is put into our own page")
	}
	code, html, h := s.get(base + "/html")
	if csp := h.Get("Content-Security-Policy"); code != 200 || !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") ||
		h.Get("X-Frame-Options") != "SAMEORIGIN" || !strings.Contains(html, "<b>25 November</b>") {
		t.Fatalf("the HTML part: %d %v\n%s", code, h, html)
	}
	code, pdf, h := s.get(base + "/attachments/3")
	if code != 200 || pdf != "%PDF-1.4\n" || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
		t.Fatalf("the attachment: %d %q %v", code, pdf, h)
	}
	if code, _, _ := s.get(base + "/attachments/1"); code != 404 {
		t.Fatalf("the text body is not an attachment: %d", code)
	}
	cust := newBrowserWith(t, env, web.Options{})
	cust.login(c.Admin.Email, c.Password)
	for _, path := range []string{base, base + "/html", base + "/attachments/3"} {
		if code, _, _ := cust.get(path); code != 403 {
			t.Errorf("customer reads %s: %d", path, code)
		}
	}
}
