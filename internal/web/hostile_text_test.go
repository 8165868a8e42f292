package web_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

var (
	formRe     = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	attrRe     = regexp.MustCompile(`([a-zA-Z_-]+)="([^"]*)"`)
	inputRe    = regexp.MustCompile(`(?s)<input\b([^>]*)>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`(?s)<option\b([^>]*)>`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(s, -1) {
		m[strings.ToLower(a[1])] = html.UnescapeString(a[2])
	}
	if strings.Contains(s, " checked") {
		m["checked"] = "checked"
	}
	return m
}

// pageForm is one form a page offers: where it posts, what it holds, and which of its fields
// a person types into.
type pageForm struct {
	action    string
	multipart bool
	values    url.Values
	typed     []string
}

func formsOf(page string) []pageForm {
	var out []pageForm
	for _, f := range formRe.FindAllStringSubmatch(page, -1) {
		fa := attrs(f[1])
		if !strings.EqualFold(fa["method"], "post") || fa["action"] == "/logout" {
			continue
		}
		pf := pageForm{action: fa["action"], multipart: fa["enctype"] == "multipart/form-data", values: url.Values{}}
		for _, in := range inputRe.FindAllStringSubmatch(f[2], -1) {
			a := attrs(in[1])
			name := a["name"]
			if name == "" {
				continue
			}
			switch t := a["type"]; t {
			case "file", "submit", "button":
			case "checkbox", "radio":
				if a["checked"] != "" || (t == "radio" && !pf.values.Has(name)) {
					pf.values.Set(name, a["value"])
				}
			case "hidden":
				pf.values.Add(name, a["value"])
			default:
				v := a["value"]
				if v == "" {
					v = "Probe text"
					switch {
					case t == "email" || strings.Contains(name, "email"):
						v = "probe@acme.example"
					case t == "date":
						v = "2026-12-21"
					case t == "number":
						v = "1"
					}
				}
				pf.values.Set(name, v)
				pf.typed = append(pf.typed, name)
			}
		}
		for _, ta := range textareaRe.FindAllStringSubmatch(f[2], -1) {
			name := attrs(ta[1])["name"]
			if name != "" {
				pf.values.Set(name, "Probe text")
				pf.typed = append(pf.typed, name)
			}
		}
		for _, sel := range selectRe.FindAllStringSubmatch(f[2], -1) {
			name := attrs(sel[1])["name"]
			if opts := optionRe.FindAllStringSubmatch(sel[2], -1); name != "" && len(opts) > 0 {
				v := attrs(opts[0][1])["value"]
				if len(opts) > 1 && v == "" {
					v = attrs(opts[1][1])["value"]
				}
				pf.values.Set(name, v)
			}
		}
		sort.Strings(pf.typed)
		out = append(out, pf)
	}
	return out
}

func (b *browser) submit(f pageForm, values url.Values) (int, string) {
	b.t.Helper()
	values.Set("csrf_token", b.csrf)
	if !f.multipart {
		code, body, _ := b.post(f.action, values)
		return code, body
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range values {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	_ = mw.Close()
	res, err := b.c.Post(b.base+f.action, mw.FormDataContentType(), &body)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(res.Body)
	return res.StatusCode, out.String()
}

// TestSecurityHostileTextWebForms fills every field a person types into, on every form of
// the UI's pages (as a customer's admin and as the team's admin), with a NUL and with bidi
// isolates, and searches and filters with them, on both engines: nothing answers 5xx, and
// no such text is kept (no form succeeds with it).
func TestSecurityHostileTextWebForms(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		cust := env.NewCustomer(t, "Acme Hostile", 0, domain.CountryGB)
		env.NewStaff(t, "probe-admin@op.example", domain.RoleAdmin)
		p, err := env.PortIns.Create(ctx, cust.Actor, portin.Changes{Numbers: []portin.NumberInput{{Number: "0113 496 0001"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortIns.Update(ctx, cust.Actor, p.ID, p.Version, desktest.Complete()); err != nil {
			t.Fatal(err)
		}
		pages := []string{"/", "/port-ins/new", "/port-ins/" + itoa(p.ID), "/check", "/settings/agreements", "/settings/prices",
			"/settings/carriers", "/settings/webhooks", "/settings/account", "/statement", "/port-outs", "/port-outs/new",
			"/settings/port-outs", "/settings/tokens"}
		hostile := map[string]string{"NUL": "Probe\x00text", "bidi isolate": "Probe \u2066text\u2069", "escape": "Probe\x1b[2Jtext"}
		// Signing in with such an email or password is only a failed sign-in.
		for what, h := range hostile {
			b := newBrowser(t, env)
			b.get("/login")
			for _, form := range []url.Values{{"email": {h + "@acme.example"}, "password": {"whatever it is"}},
				{"email": {cust.Admin.Email}, "password": {h}}} {
				if code, body, _ := b.post("/login", form); code >= 500 || code == http.StatusSeeOther {
					t.Errorf("login with a %s → %d: %.300s", what, code, body)
				}
			}
		}
		probed := 0
		for _, who := range []struct{ email, password string }{{cust.Admin.Email, cust.Password}, {"probe-admin@op.example", "correct horse battery staple"}} {
			b := newBrowser(t, env)
			b.login(who.email, who.password)
			// Searches and filters.
			for _, h := range hostile {
				q := url.QueryEscape(h)
				for _, path := range []string{"/?q=" + q, "/?status=" + q, "/?cursor=" + q, "/?assigned=" + q, "/port-outs?status=" + q,
					"/port-outs?cursor=" + q, "/statement?month=" + q, "/settings/port-outs?account=" + q, "/port-ins/" + itoa(p.ID) + "/loa.pdf?order=" + q,
					"/numbers?q=" + q, "/numbers?status=" + q, "/numbers?cursor=" + q, "/port-ins/export.csv?q=" + q, "/port-ins/export.csv?status=" + q,
					"/settings/mail/" + q, "/port-ins/" + itoa(p.ID) + "?carriers=" + q} {
					if code, body, _ := b.get(path); code >= 500 {
						t.Errorf("%s as %s → %d: %.300s", path, who.email, code, body)
					}
				}
			}
			// A form met again (one per carrier, per letter, per number…: the same action but
			// for an ID, the same fields) is probed once, and each field with one of the
			// hostile texts in turn: every field, every text and every kind of form are still
			// probed, in a fraction of the requests (the race detector made the whole sweep
			// most of the package's time).
			seen := map[string]bool{}
			turn := 0
			kinds := []string{"NUL", "bidi isolate", "escape"}
			for _, page := range pages {
				code, body, _ := b.get(page)
				if code != http.StatusOK {
					continue
				}
				for _, f := range formsOf(body) {
					key := strings.Map(func(r rune) rune {
						if r >= '0' && r <= '9' {
							return '#'
						}
						return r
					}, f.action) + "|" + strings.Join(f.typed, ",")
					if seen[key] {
						continue
					}
					seen[key] = true
					for _, field := range f.typed {
						what := kinds[turn%len(kinds)]
						turn++
						for _, h := range []string{hostile[what]} {
							values := url.Values{}
							for k, v := range f.values {
								values[k] = append([]string(nil), v...)
							}
							values.Set(field, h)
							probed++
							b.get(page) // a fresh CSRF token and version, as a person's page has
							code, body := b.submit(f, values)
							switch {
							case code >= 500:
								t.Errorf("%s on %s: %s in %q as %s → %d: %.300s", f.action, page, what, field, who.email, code, body)
							case code == http.StatusSeeOther || code == http.StatusFound:
								t.Errorf("%s on %s: %s in %q as %s was accepted (%d)", f.action, page, what, field, who.email, code)
							}
						}
					}
				}
			}
		}
		if probed < 100 {
			t.Errorf("only %d form fields probed: the pages' forms were not found", probed)
		}
		t.Logf("%d form fields probed", probed)
	})
}
