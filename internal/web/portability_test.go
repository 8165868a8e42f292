package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

const password = "correct horse battery staple"

// A customer checks a list, starts a request from its portable numbers, sees the split and
// the quote on the request page, accepts the quote and submits into orders.
func TestWebCheckQuoteAndSplit(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, password)
	// GBP 25.00 a geographic number; the numbers are all with BT, one carrier: no admin charge.
	pt := domain.DefaultPriceTable()
	pt.CarrierFees = []domain.CarrierFee{{Country: "GB", Category: "geographic", Fee: domain.Money{Amount: 2500, Currency: "GBP"}}}
	if _, err := env.Billing.SetPriceTable(t.Context(), desk.System(), pt); err != nil {
		t.Fatal(err)
	}

	if code, body, _ := b.get("/check"); code != 200 || !strings.Contains(body, `id="check-form"`) {
		t.Fatalf("check page: %d", code)
	}
	code, body, _ := b.post("/check", url.Values{"content": {"0113 496 0001\n020 7946 0001\n0500 123456\n0800 123 4567"}, "losing_provider": {"BT"}, "default_country": {"GB"}})
	if code != 200 {
		t.Fatalf("check: %d %s", code, body)
	}
	for _, want := range []string{"3 orders", "Set aside: not portable", "moved to &#43;44 808 512 3456", "Virgin Media Ltd", "UK non-geographic", "SUP", "GBP 50.00", `id="start-request"`} {
		if !strings.Contains(body, want) {
			t.Errorf("check results lack %q", want)
		}
	}
	if strings.Contains(body, "Administration charge") {
		t.Error("one losing carrier was quoted an admin charge")
	}
	if code, body, _ := b.post("/check", url.Values{"content": {""}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Paste some numbers") {
		t.Fatalf("empty check: %d", code)
	}

	numbers := regexp.MustCompile(`(?s)<textarea name="numbers" hidden aria-hidden="true">(.*?)</textarea>`).FindStringSubmatch(body)
	if numbers == nil || strings.Count(html.UnescapeString(numbers[1]), "+44") != 3 {
		t.Fatalf("portable numbers carried: %v", numbers)
	}
	code, _, h := b.post("/check/start", url.Values{"numbers": {html.UnescapeString(numbers[1])}, "losing_provider": {"BT"}})
	if code != http.StatusSeeOther {
		t.Fatalf("start: %d", code)
	}
	path := h.Get("Location")
	_, page, _ := b.get(path)
	for _, want := range []string{`id="portability"`, "becomes <strong>3 orders</strong>", `id="accept-quote"`, "GBP 50.00", "Portable</span>"} {
		if !strings.Contains(page, want) {
			t.Errorf("request page lacks %q", want)
		}
	}
	// Complete the details through the service, then accept the quote and submit in the UI.
	view, _ := env.PortIns.Get(t.Context(), cust.Actor, idOf(t, path))
	if _, err := env.PortIns.Update(t.Context(), cust.Actor, view.ID, view.Version, desktest.Complete()); err != nil {
		t.Fatal(err)
	}
	_, page, _ = b.get(path)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	hash := regexp.MustCompile(`name="hash" value="([0-9a-f]+)"`).FindStringSubmatch(page)[1]
	if code, body, _ := b.post(path+"/submit", url.Values{"version": {version}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "accept it before submitting") {
		t.Fatalf("submit before accepting: %d", code)
	}
	if code, _, _ := b.post(path+"/quote", url.Values{"version": {version}, "hash": {hash}}); code != http.StatusSeeOther {
		t.Fatalf("accept: %d", code)
	}
	_, page, _ = b.get(path)
	version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	if !strings.Contains(page, `id="quote-accepted"`) {
		t.Fatal("acceptance not shown")
	}
	// The paperwork: sign both letters in the form, upload a bill.
	if !strings.Contains(page, `id="sign-form"`) || strings.Count(page, `class="loa-link"`) != 3 {
		t.Fatal("no signing form or not one letter per order")
	}
	// Each letter is previewed inline before signing, and only our own pages may frame it.
	previews := regexp.MustCompile(`<object class="loa-preview" data="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(previews) != 3 {
		t.Fatalf("%d letter previews, want 3", len(previews))
	}
	code, pdf, h := b.get(html.UnescapeString(previews[0][1]))
	if code != 200 || !strings.HasPrefix(pdf, "%PDF-") || h.Get("X-Frame-Options") != "SAMEORIGIN" || h.Get("Content-Security-Policy") != "frame-ancestors 'self'" {
		t.Fatalf("preview: %d %.20q %v", code, pdf, h)
	}
	if code, body, _ := b.post(path+"/loa/sign", url.Values{"signer_name": {"Jane Smith"}, "signer_title": {"Director"}, "signer_email": {"jane@acme.example"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "I agree") {
		t.Fatalf("sign without agreeing: %d", code)
	}
	// A drawing that did not arrive as base64 is refused, never dropped from the signature.
	if code, body, _ := b.post(path+"/loa/sign", url.Values{"signer_name": {"Jane Smith"}, "signer_title": {"Director"}, "signer_email": {"jane@acme.example"}, "agree": {"1"},
		"drawn_signature": {"data:image/png;base64,not base64!"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "drawn signature") {
		t.Fatalf("sign with a broken drawing: %d", code)
	}
	if code, _, _ := b.post(path+"/loa/sign", url.Values{"signer_name": {"Jane Smith"}, "signer_title": {"Director"}, "signer_email": {"jane@acme.example"}, "agree": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("sign: %d", code)
	}
	if code, body, _ := b.upload(path+"/documents", "bill", "bill.pdf", desktest.BillPDF("bill")); code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", code, body)
	}
	if code, body, _ := b.upload(path+"/documents", "bill", "evil.html", []byte("<script>alert(1)</script>")); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="upload-error"`) {
		t.Fatalf("html upload: %d", code)
	}
	_, page, _ = b.get(path)
	if strings.Count(page, `<span class="badge p-yes">Signed</span>`) != 3 || !strings.Contains(page, "bill.pdf") || !strings.Contains(page, `class="ready"`) {
		t.Fatalf("after paperwork:\n%s", page)
	}
	if code, body, _ := b.post(path+"/submit", url.Values{"version": {version}}); code != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", code, body)
	}
	_, page, _ = b.get(path)
	if !strings.Contains(page, "Split into orders") || !strings.Contains(page, `id="orders-table"`) || len(regexp.MustCompile(`<tr><td><a href="/port-ins/\d+">#\d+</a></td>`).FindAllString(page, -1)) != 3 {
		t.Fatalf("split page:\n%s", page)
	}
}

func idOf(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	for _, c := range strings.TrimPrefix(path, "/port-ins/") {
		if c < '0' || c > '9' {
			t.Fatalf("path %q", path)
		}
		id = id*10 + int64(c-'0')
	}
	return id
}

// Staff edit the agreements and the prices; customers cannot.
func TestWebAgreementsAndPrices(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Acme", 0, domain.CountryGB)
	env.NewStaff(t, "admin@op.example", domain.RoleAdmin)

	c := newBrowser(t, env)
	c.login(cust.Admin.Email, password)
	if code, _, _ := c.get("/settings/agreements"); code != http.StatusForbidden {
		t.Fatalf("customer sees agreements page: %d", code)
	}
	if code, _, _ := c.post("/settings/prices", url.Values{"free_numbers": {"1"}}); code != http.StatusForbidden {
		t.Fatalf("customer saves prices: %d", code)
	}

	s := newBrowser(t, env)
	s.login("admin@op.example", password)
	code, page, _ := s.get("/settings/agreements")
	if code != 200 || !strings.Contains(page, "Virgin Media Wholesale") || !strings.Contains(page, "Global Crossing") {
		t.Fatalf("agreements page: %d", code)
	}
	if code, body, _ := s.post("/settings/agreements", url.Values{"country": {"GBR"}, "provider": {""}, "portable": {"yes"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "two-letter code") {
		t.Fatalf("bad agreement: %d", code)
	}
	if code, _, _ := s.post("/settings/agreements", url.Values{"country": {"GB"}, "provider": {"Sipgate"}, "categories": {"geographic"}, "portable": {"check_required"}, "notes": {"Ask first."}}); code != http.StatusSeeOther {
		t.Fatalf("add agreement: %d", code)
	}
	_, page, _ = s.get("/settings/agreements")
	if !strings.Contains(page, "Sipgate") || !strings.Contains(page, "created porting_agreement:") {
		t.Fatal("new agreement or its audit entry not shown")
	}
	form := url.Values{"free_numbers": {"25"},
		"fee_country": {"GB", ""}, "fee_category": {"freephone", ""}, "fee_amount": {"12.50", ""}, "fee_currency": {"GBP", ""},
		"admin_country": {"GB"}, "admin_amount": {"30"}, "admin_currency": {"GBP"},
		"out_country": {"GB"}, "out_amount": {"15.00"}, "out_currency": {"GBP"}}
	if code, body, _ := s.post("/settings/prices", form); code != http.StatusSeeOther {
		t.Fatalf("save prices: %d %s", code, body)
	}
	pt, _ := env.Billing.PriceTable(t.Context(), domain.Actor{})
	if pt.FreeNumbers != 25 || len(pt.CarrierFees) != 1 || pt.CarrierFees[0].Fee.Amount != 1250 || pt.AdminCharges[0].Charge.Amount != 3000 {
		t.Fatalf("saved prices: %+v", pt)
	}
	form.Set("fee_amount", "12.505")
	if code, body, _ := s.post("/settings/prices", form); code != http.StatusUnprocessableEntity || !strings.Contains(body, "two decimals") {
		t.Fatalf("bad amount: %d", code)
	}
}
