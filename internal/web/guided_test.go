package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

var stepsPath = regexp.MustCompile(`^/port-ins/(\d+)/steps/numbers$`)

// The guided port: each step saves and sends the customer on to the next; every step can be
// opened again from the step indicator, showing what was saved; a refused save stays on its
// step with the problem beside the field.
func TestWebGuidedSteps(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Guided Co", 0, domain.CountryGB)
	guidedPrices(t, env)
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, cust.Password)

	code, body, _ := b.get("/port-ins/new/guided")
	if code != http.StatusOK || !strings.Contains(body, `aria-current="step"`) || !strings.Contains(body, `action="/port-ins/new/guided"`) {
		t.Fatalf("new guided: %d %.2000s", code, body)
	}
	if _, body, _ := b.get("/"); !strings.Contains(body, `href="/port-ins/new/guided"`) {
		t.Fatal("the list does not start a new request in the guided flow")
	}
	code, body, h := b.post("/port-ins/new/guided", url.Values{"content": {"0113 496 0101\n0113 496 0102\nnot-a-number"}})
	m := stepsPath.FindStringSubmatch(h.Get("Location"))
	if code != http.StatusSeeOther || m == nil {
		t.Fatalf("start: %d %s %.2000s", code, h.Get("Location"), body)
	}
	base := "/port-ins/" + m[1]
	step := func(name string) string {
		t.Helper()
		code, body, _ := b.get(base + "/steps/" + name)
		if code != http.StatusOK {
			t.Fatalf("step %s: %d %.2000s", name, code, body)
		}
		return body
	}
	body = step("numbers")
	if !strings.Contains(body, "2 numbers added") || !strings.Contains(body, "1 row could not be read") || !strings.Contains(body, "44 113 496 0102") {
		t.Fatalf("numbers step:\n%.4000s", body)
	}
	if !regexp.MustCompile(`<li class="done current" aria-current="step"><a href="` + base + `/steps/numbers">`).MatchString(body) {
		t.Fatalf("the numbers step is not current and done:\n%.3000s", body)
	}
	// Checking more numbers on the step shows the check on the step, its add form keeps the step.
	code, body, _ = b.post(base+"/numbers/preview", url.Values{"content": {"0113 496 0103\nnonsense"}, "step": {"numbers"}})
	if code != http.StatusOK || !strings.Contains(body, `id="preview"`) || !strings.Contains(body, `aria-current="step"><a href="`+base+`/steps/numbers"`) || strings.Count(body, `name="step" value="numbers"`) < 3 {
		t.Fatalf("preview on the step: %d %.3000s", code, body)
	}
	if code, _, h := b.post(base+"/numbers", url.Values{"content": {"0113 496 0103"}, "step": {"numbers"}, "version": {versionOf(body)}}); code != http.StatusSeeOther || h.Get("Location") != base+"/steps/numbers" {
		t.Fatalf("add on the step: %d %s", code, h.Get("Location"))
	}
	_, body, _ = b.get(base + "/steps/numbers")
	if code, _, h := b.post(base+"/numbers/remove", url.Values{"number": {"+441134960103"}, "step": {"numbers"}, "version": {versionOf(body)}}); code != http.StatusSeeOther || h.Get("Location") != base+"/steps/numbers" {
		t.Fatalf("remove from the step: %d %s", code, h.Get("Location"))
	}
	// Remove a number from the step: back on the step.
	_, body, _ = b.get(base + "/steps/numbers")
	if code, _, h := b.post(base+"/numbers/remove", url.Values{"number": {"+441134960102"}, "step": {"numbers"}, "version": {versionOf(body)}}); code != http.StatusSeeOther || h.Get("Location") != base+"/steps/numbers" {
		t.Fatalf("remove from the step: %d %s", code, h.Get("Location"))
	}

	// Details: a bad email stays on the step with its message and what was typed.
	details := url.Values{
		"losing_provider": {"BT"}, "losing_provider_address": {"81 Newgate Street, London EC1A 7AJ"},
		"customer_name": {"Guided Co Ltd"}, "customer_type": {"business"},
		"authorised_person.name": {"Gail Guide"}, "authorised_person.title": {"Director"}, "authorised_person.email": {"not-an-email"},
		"billing_address.line1": {"1 High Street"}, "billing_address.city": {"Leeds"}, "billing_address.postcode": {"LS1 4AP"}, "billing_address.country": {"GB"},
		"service_same": {"1"}, "account_number": {"ACC-1"}, "btn": {"0113 496 0101"}, "port_type": {"full"}, "line_type": {"single_line"}, "ddi": {"none"},
	}
	details.Set("version", versionOf(step("details")))
	code, body, _ = b.post(base+"/steps/details", details)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-authorised_person-email-err"`) || !strings.Contains(body, `value="Guided Co Ltd"`) || !strings.Contains(body, `aria-current="step"><a href="`+base+`/steps/details"`) {
		t.Fatalf("refused details: %d %.5000s", code, body)
	}
	details.Set("authorised_person.email", "gail@guided.example")
	if code, body, h := b.post(base+"/steps/details", details); code != http.StatusSeeOther || h.Get("Location") != base+"/steps/agreements" {
		t.Fatalf("details: %d %s %.2000s", code, h.Get("Location"), body)
	}
	// Back: the details step shows what was saved, and is done.
	body = step("details")
	if !strings.Contains(body, `value="Guided Co Ltd"`) || !strings.Contains(body, `value="gail@guided.example"`) || !strings.Contains(body, `<li class="done current"`) {
		t.Fatalf("details again:\n%.4000s", body)
	}

	// Agreements and the quote in one save.
	body = step("agreements")
	hash := regexp.MustCompile(`name="hash" value="([^"]+)"`).FindStringSubmatch(body)
	if hash == nil {
		t.Fatalf("no quote on the agreements step:\n%.4000s", body)
	}
	ag := url.Values{"accept_quote": {"1"}, "hash": {hash[1]}, "version": {versionOf(body)}}
	for _, a := range domain.Agreements {
		ag.Add("accept", string(a.Key))
	}
	if code, body, h := b.post(base+"/steps/agreements", ag); code != http.StatusSeeOther || h.Get("Location") != base+"/steps/letter" {
		t.Fatalf("agreements: %d %s %.2000s", code, h.Get("Location"), body)
	}
	if body = step("agreements"); !strings.Contains(body, `id="quote-accepted"`) {
		t.Fatalf("agreements again:\n%.4000s", body)
	}

	// The letter: an unsigned "I agree" stays on the step with the reason.
	body = step("letter")
	if !strings.Contains(body, `id="sign-form"`) || !strings.Contains(body, `name="step" value="letter"`) {
		t.Fatalf("letter step:\n%.4000s", body)
	}
	sign := url.Values{"signer_name": {"Gail Guide"}, "signer_title": {"Director"}, "signer_email": {"gail@guided.example"}, "step": {"letter"}}
	if code, body, _ := b.post(base+"/loa/sign", sign); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="sign-error"`) || !strings.Contains(body, `aria-current="step"><a href="`+base+`/steps/letter"`) {
		t.Fatalf("unagreed sign: %d %.3000s", code, body)
	}
	sign.Set("agree", "1")
	if code, _, h := b.post(base+"/loa/sign", sign); code != http.StatusSeeOther || h.Get("Location") != base+"/steps/proof" {
		t.Fatalf("sign: %d %s", code, h.Get("Location"))
	}

	// Proof: the upload comes back to the step, which lists it.
	step("proof")
	if code, _, h := b.uploadStep(base+"/documents", "bill", "bill.pdf", desktest.BillPDF("Guided Co Ltd - BT bill"), "proof"); code != http.StatusSeeOther || h.Get("Location") != base+"/steps/proof" {
		t.Fatalf("upload: %d %s", code, h.Get("Location"))
	}
	if body = step("proof"); !strings.Contains(body, "bill.pdf") {
		t.Fatalf("proof again:\n%.3000s", body)
	}

	// Updates: a stranger's address is refused on the step; none is fine.
	v := versionOf(step("updates"))
	if code, body, _ := b.post(base+"/recipients", url.Values{"recipients": {"stranger@else.example"}, "step": {"updates"}, "version": {v}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="recipients-error"`) || !strings.Contains(body, "stranger@else.example") {
		t.Fatalf("stranger recipient: %d %.3000s", code, body)
	}
	if code, _, h := b.post(base+"/recipients", url.Values{"recipients": {""}, "step": {"updates"}, "version": {v}}); code != http.StatusSeeOther || h.Get("Location") != base+"/steps/review" {
		t.Fatalf("recipients: %d %s", code, h.Get("Location"))
	}

	// The request page leads back into the steps.
	if _, body, _ := b.get(base); !strings.Contains(body, `id="guided-link"`) {
		t.Error("the draft's page has no way into the guided steps")
	}

	// Review: the summary, nothing missing, every step done; submit goes to the request page.
	body = step("review")
	for _, want := range []string{`id="earliest"`, "1 number, 1 order", "Quote accepted.", `class="ready"`} {
		if !strings.Contains(body, want) {
			t.Errorf("review lacks %q", want)
		}
	}
	if strings.Count(body, `<li class="done`) != 6 {
		t.Errorf("review: %d steps done, want 6:\n%.3000s", strings.Count(body, `<li class="done`), body)
	}
	if code, _, h := b.post(base+"/submit", url.Values{"step": {"review"}, "version": {versionOf(body)}}); code != http.StatusSeeOther || h.Get("Location") != base {
		t.Fatalf("submit: %d %s", code, h.Get("Location"))
	}
	// A submitted request has no steps: they lead to its page.
	if code, _, h := b.get(base + "/steps/details"); code != http.StatusSeeOther || h.Get("Location") != base {
		t.Fatalf("steps after submit: %d %s", code, h.Get("Location"))
	}
	if code, _, _ := b.get(base + "/steps/nonsense"); code != http.StatusNotFound {
		t.Fatalf("unknown step: %d", code)
	}
}

// The review lists what is missing, each linked to the step that fixes it, and a refused
// submit stays on the review.
func TestWebGuidedReviewLinks(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	cust := env.NewCustomer(t, "Review Co", 0, domain.CountryGB)
	b := newBrowser(t, env)
	b.login(cust.Admin.Email, cust.Password)
	b.get("/port-ins/new/guided")
	_, _, h := b.post("/port-ins/new/guided", url.Values{"content": {"0113 496 0201"}})
	base := strings.TrimSuffix(h.Get("Location"), "/steps/numbers")
	_, body, _ := b.get(base + "/steps/review")
	for _, want := range []string{base + `/steps/details#f-customer_name"`, base + `/steps/agreements"`, base + `/steps/letter"`, base + `/steps/proof"`} {
		if !strings.Contains(body, want) {
			t.Errorf("review does not link %s:\n%.4000s", want, body)
		}
	}
	// Without details the letter cannot be signed yet: the step says where to go; a free port
	// has no quote to accept.
	if _, letter, _ := b.get(base + "/steps/letter"); !strings.Contains(letter, `id="letter-needs-details"`) {
		t.Errorf("the letter step does not lead to the details:\n%.3000s", letter)
	}
	if _, ag, _ := b.get(base + "/steps/agreements"); !strings.Contains(ag, `id="quote-free"`) || strings.Contains(ag, `name="accept_quote"`) {
		t.Errorf("a free port's agreements step:\n%.3000s", ag)
	}
	code, body, _ := b.post(base+"/submit", url.Values{"step": {"review"}, "version": {versionOf(body)}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="problems"`) || !strings.Contains(body, `aria-current="step"><a href="`+base+`/steps/review"`) {
		t.Fatalf("refused submit: %d %.3000s", code, body)
	}
	// An empty paste is refused where it was typed.
	b.get("/port-ins/new/guided")
	if code, body, _ := b.post("/port-ins/new/guided", url.Values{"content": {"  "}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="new-error"`) {
		t.Fatalf("empty start: %d %.2000s", code, body)
	}
}

// guidedPrices charges GBP 25.00 a UK geographic number, so a port has a quote to accept.
func guidedPrices(t *testing.T, env *desktest.Env) {
	t.Helper()
	pt := domain.DefaultPriceTable()
	pt.CarrierFees = []domain.CarrierFee{{Country: "GB", Category: "geographic", Fee: domain.Money{Amount: 2500, Currency: "GBP"}}}
	if _, err := env.Billing.SetPriceTable(context.Background(), desk.System(), pt); err != nil {
		t.Fatal(err)
	}
}

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

func versionOf(body string) string {
	if m := versionField.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return "0"
}

// uploadStep posts a document form from a step of the guided port.
func (b *browser) uploadStep(path, kind, name string, data []byte, step string) (int, string, http.Header) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", b.csrf)
	_ = mw.WriteField("kind", kind)
	_ = mw.WriteField("step", step)
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
