package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// hostileTexts are what nobody should send in a field: a NUL (PostgreSQL refuses it in text),
// another control character, and the bidirectional overrides and isolates that make a name
// read differently from what it is (and that no font of the letter of authorisation draws).
var hostileTexts = map[string]string{
	"NUL":           "Probe\x00text",
	"escape":        "Probe\x1b[31mtext",
	"bidi isolate":  "Probe \u2066text\u2069",
	"bidi override": "Probe \u202Etext",
}

// probeValue is a plausible value for a field by its name, so that the request without the
// hostile text has a chance to succeed, and a refusal can then be pinned on the field.
func probeValue(name string, s *openapi3.Schema, ids probeIDs) any {
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			if e != "" {
				return e
			}
		}
		return s.Enum[0]
	}
	switch {
	case s.Type.Is("integer"), s.Type.Is("number"):
		if name == "account_id" {
			return ids.account
		}
		if s.Min != nil && *s.Min > 1 {
			return *s.Min
		}
		return 1
	case s.Type.Is("boolean"):
		return name == "agree"
	case s.Type.Is("array"):
		switch name {
		case "countries":
			return []any{"GB"}
		case "categories":
			return []any{"geographic"}
		case "recipients":
			return []any{ids.email}
		}
		if s.Items == nil || s.Items.Value == nil {
			return []any{}
		}
		return []any{probeValue(singular(name), s.Items.Value, ids)}
	case s.Type.Is("object") || len(s.Properties) > 0:
		m := map[string]any{}
		for k, p := range s.Properties {
			if p.Value != nil && !p.Value.ReadOnly && k != "updated_at" {
				m[k] = probeValue(k, p.Value, ids)
			}
		}
		return m
	}
	switch s.Format {
	case "date":
		return "2026-12-21"
	case "date-time":
		return "2026-12-21T10:00:00Z"
	case "email":
		return "probe@acme.example"
	}
	switch name {
	case "email", "signer_email", "gaining_email":
		return "probe@acme.example"
	case "url":
		return "https://1.1.1.1/hooks"
	case "number", "numbers", "btn", "new_btn", "ddi":
		// A new number each time: one the inventory holds cannot be ported in.
		*ids.next++
		return fmt.Sprintf("0113 496 0%03d", 100+*ids.next)
	case "receiving_number":
		return "0113 496 0008"
	case "country", "default_country":
		return "GB"
	case "currency":
		return "GBP"
	case "time_zone":
		return "Europe/London"
	case "pin":
		return pin
	case "password":
		return "correct horse battery staple"
	case "postcode", "record_postcode":
		return "LS1 4AP"
	case "account_id":
		return strconv.FormatInt(ids.account, 10)
	case "month":
		return "2026-11"
	case "role":
		return "admin"
	case "status", "sms":
		return "active"
	case "category":
		return "geographic"
	case "name":
		*ids.next++ // names are unique in places: a new one each time
		return fmt.Sprintf("Probe name %d", *ids.next)
	case "desired_date", "expires_on":
		return "2026-12-21"
	case "drawn_signature_png", "order", "hash", "cursor", "after", "before", "subject", "code":
		return ""
	}
	return "Probe text"
}

func singular(name string) string {
	if name == "numbers" {
		return "number"
	}
	return strings.TrimSuffix(name, "s")
}

// stringLeaves lists the paths of every string in v, as the API names fields: a.b, a[0].
func stringLeaves(v any, path string, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, path)
	case map[string]any:
		for k, x := range v {
			p := k
			if path != "" {
				p = path + "." + k
			}
			stringLeaves(x, p, out)
		}
	case []any:
		for i, x := range v {
			stringLeaves(x, fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
	sort.Strings(*out)
}

// withLeaf is a deep copy of v with the string at path replaced by s.
func withLeaf(v any, path string, s string) any {
	b, _ := json.Marshal(v)
	var c any
	_ = json.Unmarshal(b, &c)
	setLeaf(&c, path, "", s)
	return c
}

func setLeaf(v *any, want, path, s string) {
	switch x := (*v).(type) {
	case string:
		if path == want {
			*v = s
		}
	case map[string]any:
		for k, y := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			setLeaf(&y, want, p, s)
			x[k] = y
		}
	case []any:
		for i := range x {
			setLeaf(&x[i], want, fmt.Sprintf("%s[%d]", path, i), s)
		}
	}
}

type probeIDs struct {
	account, portIn, webhook, carrier, agreement, token int64
	email                                               string // the customer admin's
	next                                                *int
}

// probeOp is one operation of openapi.json.
type probeOp struct {
	method, path string
	op           *openapi3.Operation
	params       openapi3.Parameters
}

// destructive operations change what later probes stand on: they run last.
func (o probeOp) destructive() bool {
	if o.method == "DELETE" {
		return true
	}
	for _, s := range []string{"/cancel", "/reject", "/complete", "/submit", "/transitions", "/authorize", "/fix", "/foc",
		"/send-to-carrier", "/complete-numbers", "/reversal", "/redeliver", "/assign", "/quote-acceptance"} {
		if strings.HasSuffix(o.path, s) {
			return true
		}
	}
	return false
}

// TestSecurityHostileTextEveryField walks every operation in openapi.json and sends a NUL,
// an escape and bidi controls in each string field of its JSON body, each string query
// parameter, each path value, each CSV cell and each multipart field and file name, on both
// engines. Nothing may answer 5xx or accept the text; where the same request with plain text
// succeeds, the hostile one must be a 422 naming the field.
func TestSecurityHostileTextEveryField(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		c := newClient(t, env)
		cust := env.NewCustomer(t, "Acme Hostile", 0, domain.CountryGB)
		_, staff := env.NewStaff(t, "probe-admin@op.example", domain.RoleAdmin)

		ids := probeIDs{account: cust.Account.ID, email: cust.Admin.Email, next: new(int)}
		var created struct{ ID, Version int64 }
		c.want(c.do("POST", "/api/v1/port-ins", cust.Token, map[string]any{"losing_provider": "BT",
			"numbers": []map[string]string{{"number": "0113 496 0001"}}}), 201).json(t, &created)
		ids.portIn = created.ID
		// Complete, so its letter can be signed.
		c.want(c.do("PATCH", fmt.Sprintf("/api/v1/port-ins/%d", ids.portIn), cust.Token, complete(), ifMatch(created.Version)...), 200)
		c.want(c.do("POST", fmt.Sprintf("/api/v1/accounts/%d/webhooks", ids.account), cust.Token,
			map[string]any{"url": "https://1.1.1.1/hooks"}), 201).json(t, &created)
		ids.webhook = created.ID
		c.want(c.do("POST", "/api/v1/carriers", staff, map[string]any{"name": "Probe Carrier", "email": "porting@carrier.example"}), 201).json(t, &created)
		ids.carrier = created.ID
		c.want(c.do("POST", "/api/v1/porting-agreements", staff, map[string]any{"country": "GB", "provider": "Probe Telecom"}), 201).json(t, &created)
		ids.agreement = created.ID
		c.want(c.do("POST", "/api/v1/tokens", staff, map[string]any{"name": "to be deleted"}), 201).json(t, &created)
		ids.token = created.ID

		var ops []probeOp
		doc := loadSpec(t)
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				ops = append(ops, probeOp{method: method, path: path, op: op, params: append(slices.Clone(item.Parameters), op.Parameters...)})
			}
		}
		sort.Slice(ops, func(i, j int) bool {
			if ops[i].destructive() != ops[j].destructive() {
				return !ops[i].destructive()
			}
			return ops[i].method+ops[i].path < ops[j].method+ops[j].path
		})

		var strong, weak int
		for _, o := range ops {
			for _, tok := range []string{staff, cust.Token} {
				s, w := probeOperation(t, c, o, tok, ids)
				strong += s
				weak += w
			}
		}
		t.Logf("%d probes where plain text succeeded (422 on the field required), %d others (no 5xx, not accepted)", strong, weak)
	})
}

// probeOperation sends the hostile texts everywhere in one operation, then the plain request.
func probeOperation(t *testing.T, c *client, o probeOp, tok string, ids probeIDs) (strong, weak int) {
	t.Helper()
	pathValues := map[string]string{}
	for _, p := range o.params {
		if p.Value != nil && p.Value.In == "path" {
			pathValues[p.Value.Name] = defaultPathValue(o.path, p.Value.Name, ids)
		}
	}
	query := url.Values{}
	var queryNames []string
	for _, p := range o.params {
		if p.Value == nil || p.Value.In != "query" || p.Value.Schema == nil || p.Value.Schema.Value == nil {
			continue
		}
		queryNames = append(queryNames, p.Value.Name)
	}
	build := func(pv map[string]string, q url.Values) string {
		path := o.path
		for k, v := range pv {
			path = strings.ReplaceAll(path, "{"+k+"}", url.PathEscape(v))
		}
		if len(q) > 0 {
			path += "?" + q.Encode()
		}
		return path
	}
	// The version a request is at now, so a move is judged on its text, not refused as stale.
	headers := []string{"If-Match", `"1"`}
	if strings.HasPrefix(o.path, "/api/v1/port-ins/{id}") {
		var p struct{ Version int64 }
		if r := c.do("GET", fmt.Sprintf("/api/v1/port-ins/%d", ids.portIn), tok, nil); r.code == 200 {
			r.json(t, &p)
			headers = ifMatch(p.Version)
		}
	}

	// Body variants: each string leaf of a JSON body made hostile.
	type variant struct {
		field, what string
		send        func() response
	}
	var variants []variant
	var plain func() response

	var jsonBody any
	if o.op.RequestBody != nil && o.op.RequestBody.Value != nil {
		content := o.op.RequestBody.Value.Content
		if mt := content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
			jsonBody = probeValue("", mt.Schema.Value, ids)
			if m, ok := jsonBody.(map[string]any); ok {
				switch {
				case o.method == "PATCH":
					delete(m, "numbers") // added on their own, not with a request's details
				case strings.HasPrefix(o.path, "/api/v1/port-outs/{id}/"):
					// Each move takes its own fields of the shared body.
					keep := map[string][]string{"authorize": {"version", "reason"}, "cancel": {"version", "reason"},
						"complete": {"version"}, "reject": {"version", "rejections", "note"}}[o.path[strings.LastIndex(o.path, "/")+1:]]
					for k := range m {
						if keep != nil && !slices.Contains(keep, k) {
							delete(m, k)
						}
					}
				case strings.HasSuffix(o.path, "/cancel"):
					delete(m, "status") // cancel moves to cancelled: the reason is what is probed
				}
			}
			var leaves []string
			stringLeaves(jsonBody, "", &leaves)
			for _, leaf := range leaves {
				for what, h := range hostileTexts {
					body := withLeaf(jsonBody, leaf, h)
					variants = append(variants, variant{leaf, what, func() response {
						return c.do(o.method, build(pathValues, query), tok, body, headers...)
					}})
				}
			}
		}
		if mt := content.Get("text/csv"); mt != nil {
			for what, h := range hostileTexts {
				body := "number,tracking_source\n0113 496 0009," + h + "\n" + strings.Replace(h, "Probe", "0113 496", 1) + ",x\n"
				variants = append(variants, variant{"", what + " in a CSV cell", func() response {
					return c.do(o.method, build(pathValues, query), tok, body, append(headers, "Content-Type", "text/csv")...)
				}})
			}
		}
		if mt := content.Get("multipart/form-data"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
			fields := map[string]string{}
			for k, p := range mt.Schema.Value.Properties {
				if k == "file" || p.Value == nil {
					continue
				}
				v := probeValue(k, p.Value, ids)
				if s, ok := v.(string); ok {
					fields[k] = s
				}
			}
			send := func(fields map[string]string, fileName string) response {
				var b bytes.Buffer
				mw := multipart.NewWriter(&b)
				for k, v := range fields {
					_ = mw.WriteField(k, v)
				}
				if _, ok := fields["kind"]; !ok && strings.Contains(o.path, "documents") {
					_ = mw.WriteField("kind", "bill")
				}
				fw, _ := mw.CreateFormFile("file", fileName)
				_, _ = fw.Write(desktest.BillPDF("bill"))
				_ = mw.Close()
				return c.do(o.method, build(pathValues, query), tok, b.String(), append(headers, "Content-Type", mw.FormDataContentType())...)
			}
			for what, h := range hostileTexts {
				variants = append(variants, variant{"", what + " in a file name", func() response {
					r := send(fields, h+".pdf")
					if r.code < 300 && bytes.ContainsAny(r.body, "\u2066\u2069\u202e") {
						t.Errorf("%s %s kept a %s in the file name: %s", o.method, o.path, what, r.body)
					}
					return response{code: 422, body: r.body} // a file name is cleaned, not refused
				}})
				for k := range fields {
					hostile := map[string]string{}
					for kk, vv := range fields {
						hostile[kk] = vv
					}
					hostile[k] = h
					variants = append(variants, variant{k, what, func() response { return send(hostile, "bill.pdf") }})
				}
			}
			if plain == nil {
				plain = func() response { return send(fields, "bill.pdf") }
			}
		}
	}
	// Query parameters ride with the body they go with: a CSV list's, or none.
	queryBody, queryHeaders := jsonBody, headers
	if o.op.RequestBody != nil && o.op.RequestBody.Value != nil && o.op.RequestBody.Value.Content.Get("text/csv") != nil {
		queryBody, queryHeaders = "0113 496 0009\n", append(slices.Clone(headers), "Content-Type", "text/csv")
	}
	for _, name := range queryNames {
		for what, h := range hostileTexts {
			q := url.Values{name: {h}}
			variants = append(variants, variant{name, what, func() response {
				return c.do(o.method, build(pathValues, q), tok, queryBody, queryHeaders...)
			}})
		}
	}
	for name := range pathValues {
		for what, h := range hostileTexts {
			pv := map[string]string{}
			for k, v := range pathValues {
				pv[k] = v
			}
			pv[name] = pathValues[name] + h
			variants = append(variants, variant{"", what + " in path value " + name, func() response {
				return c.do(o.method, build(pv, query), tok, jsonBody, headers...)
			}})
		}
	}
	if plain == nil {
		plain = func() response { return c.do(o.method, build(pathValues, query), tok, jsonBody, headers...) }
	}

	results := make([]response, len(variants))
	for i, v := range variants {
		results[i] = v.send()
	}
	base := plain()
	if testing.Verbose() {
		t.Logf("plain %s %s → %d (%d variants) %.900s", o.method, o.path, base.code, len(variants), base.body)
	}
	succeeded := base.code >= 200 && base.code < 300
	for i, v := range variants {
		r := results[i]
		where := fmt.Sprintf("%s %s: %s in %q", o.method, o.path, v.what, v.field)
		switch {
		case r.code >= 500:
			t.Errorf("%s → %d: %s", where, r.code, r.body)
		case reportedPerRow(o, v.field, r):
			weak++
		case r.code >= 200 && r.code < 300 && v.field != "" && !queryOnly(v.field, queryNames):
			t.Errorf("%s was accepted (%d): %s", where, r.code, r.body)
		case succeeded && v.field != "":
			strong++
			var p problemJSON
			_ = json.Unmarshal(r.body, &p)
			if r.code != 422 || !namesField(p, v.field) {
				t.Errorf("%s → %d %v, want 422 naming the field (plain text: %d)", where, r.code, fieldsOf(p), base.code)
			}
		default:
			weak++
		}
	}
	return strong, weak
}

// reportedPerRow: a portability check answers for each number it is given, and a number
// that is not one is answered as such, in its row; nothing is stored.
func reportedPerRow(o probeOp, field string, r response) bool {
	if o.path != "/api/v1/portability-checks" || !strings.HasPrefix(field, "numbers[") {
		return false
	}
	var res struct {
		Results []struct {
			Valid   bool
			Reasons []string
		} `json:"results"`
	}
	_ = json.Unmarshal(r.body, &res)
	return len(res.Results) == 1 && !res.Results[0].Valid && slices.Contains(res.Results[0].Reasons, "invalid_number")
}

// queryOnly: a query parameter changes no stored text, but must still not be accepted
// silently: the strong check (when the plain request succeeds) demands its 422.
func queryOnly(field string, query []string) bool { return slices.Contains(query, field) }

// namesField reports whether the problem names field, or the field it is an item of.
func namesField(p problemJSON, field string) bool {
	for _, f := range p.Errors {
		if f.Field == field || strings.HasPrefix(field, f.Field+".") || strings.HasPrefix(field, f.Field+"[") || strings.HasPrefix(f.Field, field+"[") ||
			strings.HasSuffix(field, "."+f.Field) {
			return true
		}
	}
	return false
}

func defaultPathValue(path, name string, ids probeIDs) string {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	switch name {
	case "number":
		return "+441134960001"
	case "letter", "doc", "delivery":
		return "1"
	case "id":
		switch {
		case strings.HasPrefix(path, "/api/v1/port-ins/"):
			return id(ids.portIn)
		case strings.HasPrefix(path, "/api/v1/accounts/"):
			return id(ids.account)
		case strings.HasPrefix(path, "/api/v1/webhooks/"):
			return id(ids.webhook)
		case strings.HasPrefix(path, "/api/v1/carriers/"):
			return id(ids.carrier)
		case strings.HasPrefix(path, "/api/v1/porting-agreements/"):
			return id(ids.agreement)
		case strings.HasPrefix(path, "/api/v1/tokens/"):
			return id(ids.token)
		}
	}
	return "1"
}
