package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/web"
)

// browser is a cookie-keeping HTTP client that reads the CSRF token off each page, as a
// real browser's forms carry it.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func newBrowser(t *testing.T, env *desktest.Env) *browser {
	return newBrowserWith(t, env, web.Options{})
}

func newBrowserWith(t *testing.T, env *desktest.Env, o web.Options) *browser {
	h, err := web.New(env.App, o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string) (int, string, http.Header) {
	b.t.Helper()
	res, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := csrfField.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	// A rendered page is sent whole, its length said, not framed in chunks.
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && res.ContentLength != int64(len(body)) {
		b.t.Errorf("GET %s → %d: Content-Length %d for %d bytes", path, res.StatusCode, res.ContentLength, len(body))
	}
	return res.StatusCode, string(body), res.Header
}

func (b *browser) post(path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	if form.Get("csrf_token") == "" && b.csrf != "" {
		form.Set("csrf_token", b.csrf)
	}
	res, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

// upload posts a document form with one file, as the request page's upload form does.
func (b *browser) upload(path, kind, name string, data []byte) (int, string, http.Header) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", b.csrf)
	_ = mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	res, err := b.c.Post(b.base+path, mw.FormDataContentType(), &body)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out), res.Header
}

func (b *browser) login(email, password string) {
	b.t.Helper()
	b.get("/login")
	code, body, h := b.post("/login", url.Values{"email": {email}, "password": {password}, "next": {"/"}})
	if code != http.StatusSeeOther || h.Get("Location") != "/" {
		b.t.Fatalf("login: %d %s", code, body)
	}
	b.get("/")
}

func TestWebAccess(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		a := env.NewCustomer(t, "Alpha", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Omega", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		p, err := env.PortIns.Create(context.Background(), a.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0001"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortIns.AddNote(context.Background(), a.Actor, p.ID, "customer note", false); err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortIns.AddNote(context.Background(), staff, p.ID, "internal staff note", true); err != nil {
			t.Fatal(err)
		}
		path := "/port-ins/" + itoa(p.ID)

		b := newBrowser(t, env)
		if code, _, h := b.get(path); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login?next=") {
			t.Fatalf("stranger: %d %v", code, h)
		}
		// A wrong password says so and sets no session.
		b.get("/login")
		if code, body, _ := b.post("/login", url.Values{"email": {a.Admin.Email}, "password": {"nope"}}); code != http.StatusUnauthorized || !strings.Contains(body, "not right") {
			t.Fatalf("bad password: %d", code)
		}
		// Login without the login token is refused (login CSRF).
		if code, _, _ := newBrowser(t, env).post("/login", url.Values{"email": {a.Admin.Email}, "password": {a.Password}}); code != http.StatusForbidden {
			t.Fatalf("login without token: %d", code)
		}
		b.login(a.Admin.Email, a.Password)
		code, body, h := b.get(path)
		if code != 200 || !strings.Contains(body, "customer note") || strings.Contains(body, "internal staff note") {
			t.Fatalf("customer view: %d internal shown=%v", code, strings.Contains(body, "internal staff note"))
		}
		if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("security headers: %v", h)
		}
		_, list, _ := b.get("/")
		if !strings.Contains(list, `class="bubble has"`) || !strings.Contains(list, "44 113 496 0001") {
			t.Errorf("list lacks the notes bubble or the number:\n%s", list)
		}
		// CSRF: missing, wrong, or cross-site.
		if code, _, _ := b.post(path+"/notes", url.Values{"body": {"x"}, "csrf_token": {"forged"}}); code != http.StatusForbidden {
			t.Errorf("forged csrf: %d", code)
		}
		req, _ := http.NewRequest("POST", b.base+path+"/notes", strings.NewReader(url.Values{"body": {"x"}, "csrf_token": {b.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		if res, err := b.c.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site post: %v %v", err, res.StatusCode)
		}
		if code, _, _ := b.post(path+"/notes", url.Values{"body": {"thanks"}}); code != http.StatusSeeOther {
			t.Errorf("note with csrf: %d", code)
		}
		// Another account's request is simply not there.
		o := newBrowser(t, env)
		o.login(other.Admin.Email, other.Password)
		if code, body, _ := o.get(path); code != 404 || strings.Contains(body, "customer note") {
			t.Errorf("other account: %d", code)
		}
		if code, _, _ := o.post(path+"/notes", url.Values{"body": {"hi"}}); code != 404 {
			t.Errorf("other account note: %d", code)
		}
		// Staff see the internal note and the account column.
		s := newBrowser(t, env)
		s.login("agent@op.example", "correct horse battery staple")
		if _, body, _ := s.get(path); !strings.Contains(body, "internal staff note") || !strings.Contains(body, "Porting team") {
			t.Errorf("staff view lacks internal note")
		}
		// The queue opens on submitted requests; this one is a draft.
		if _, body, _ := s.get("/?status=all"); !strings.Contains(body, "<th scope=\"col\">Account</th>") {
			t.Errorf("staff list lacks account column")
		}
	})
}

func TestWebFormErrorsAndPreview(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	a := env.NewCustomer(t, "Forms", 0, domain.CountryGB)
	b := newBrowser(t, env)
	b.login(a.Admin.Email, a.Password)
	b.get("/port-ins/new")
	code, body, _ := b.post("/port-ins", url.Values{"losing_provider": {"BT"}, "btn": {"12"}, "authorised_person.email": {"not-an-email"}, "service_same": {"1"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-btn-err"`) || !strings.Contains(body, `id="f-authorised_person-email-err"`) || !strings.Contains(body, `value="BT"`) {
		t.Fatalf("form errors: %d\n%s", code, body)
	}
	code, _, h := b.post("/port-ins", url.Values{"losing_provider": {"BT"}, "service_same": {"1"}})
	if code != http.StatusSeeOther {
		t.Fatalf("create: %d", code)
	}
	path := strings.TrimSuffix(h.Get("Location"), "#numbers")
	b.get(path)
	code, body, _ = b.post(path+"/numbers/preview", url.Values{"content": {"0113 496 0001\n0113 496 0001\nbanana\n"}})
	if code != 200 || !strings.Contains(body, "Listed twice") || !strings.Contains(body, "Not a phone number") || strings.Contains(body, "duplicate_in_request") || !strings.Contains(body, "Add 1 number") {
		t.Fatalf("preview: %d\n%s", code, body)
	}
	code, body, _ = b.post(path+"/numbers/preview", url.Values{"content": {"%PDF-1.7\x00\x00binary"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "not a CSV or text file") {
		t.Fatalf("binary preview: %d", code)
	}
	// Stale version: a clear message, not a crash.
	code, body, _ = b.post(path+"/submit", url.Values{"version": {"99"}})
	if code != http.StatusConflict || !strings.Contains(body, "changed while you were working") {
		t.Fatalf("stale: %d %s", code, body)
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

// An upload over the limit is reported as too large, not as an expired form.
func TestWebUploadTooLarge(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	a := env.NewCustomer(t, "Big", 0, domain.CountryGB)
	p, err := env.PortIns.Create(context.Background(), a.Actor, portin.Changes{})
	if err != nil {
		t.Fatal(err)
	}
	env.UseLimits(t, desk.Limits{MaxUploadBytes: 64 << 10})
	b := newBrowserWith(t, env, web.Options{})
	b.login(a.Admin.Email, a.Password)
	b.get("/port-ins/" + itoa(p.ID))
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", b.csrf)
	fw, _ := mw.CreateFormFile("file", "numbers.csv")
	_, _ = io.WriteString(fw, strings.Repeat("+441134960000\n", 10_000))
	_ = mw.Close()
	res, err := b.c.Post(b.base+"/port-ins/"+itoa(p.ID)+"/numbers/preview", mw.FormDataContentType(), strings.NewReader(body.String()))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "over the limit") {
		t.Fatalf("oversized upload: %d %s", res.StatusCode, page)
	}
}
