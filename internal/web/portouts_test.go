package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/team"
)

// postMultipart posts a form with fields and, if data is set, one file, as a browser does.
func (b *browser) postMultipart(path string, fields url.Values, fileField, fileName string, data []byte) (int, string, http.Header) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if data != nil {
		fw, _ := mw.CreateFormFile(fileField, fileName)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	res, err := b.c.Post(b.base+path, mw.FormDataContentType(), &body)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out), res.Header
}

// The port-out pages: the admin protects the account (PIN shown only as set, a number lock);
// the team enters a gaining provider's request with its LOA, sees the failed PIN check and
// rejects with the code already ticked; another customer gets 404; the admin announces a
// move, which the team authorizes and completes.
func TestWebPortOuts(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		a := env.NewCustomer(t, "Departing", 0, domain.CountryGB)
		other := env.NewCustomer(t, "Onlooker", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@op.example", domain.RoleAgent)
		for _, n := range []string{"0113 496 0951", "0113 496 0952", "0113 496 0953"} {
			if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: a.Account.ID, Number: n}); err != nil {
				t.Fatal(err)
			}
		}
		admin := newBrowser(t, env)
		admin.login(a.Admin.Email, a.Password)
		code, body, _ := admin.get("/settings/port-outs")
		if code != 200 || !strings.Contains(body, `id="pin-`) || !strings.Contains(body, "Not set") || !strings.Contains(body, "Lock port-outs now") {
			t.Fatalf("settings page: %d\n%s", code, body)
		}
		acct := itoa(a.Account.ID)
		if code, _, _ := admin.post("/settings/port-outs/pin", url.Values{"account_id": {acct}, "pin": {"97531"}}); code != http.StatusSeeOther {
			t.Fatalf("set PIN: %d", code)
		}
		if code, body, _ := admin.post("/settings/port-outs/pin", url.Values{"account_id": {acct}, "pin": {"1"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "4 to 20") {
			t.Fatalf("a bad PIN: %d", code)
		}
		if code, _, _ := admin.post("/settings/port-outs/numbers", url.Values{"account_id": {acct}, "number": {"0113 496 0953"}, "locked": {"1"}}); code != http.StatusSeeOther {
			t.Fatalf("lock a number: %d", code)
		}
		// A typed number that is not the account's is answered beside the box.
		if code, body, _ := admin.post("/settings/port-outs/numbers", url.Values{"account_id": {acct}, "number": {"0113 496 0999"}, "locked": {"1"}}); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "not on this account") || !strings.Contains(body, `id="lock-number-form-`) {
			t.Fatalf("locking a stranger's number: %d", code)
		}
		_, body, _ = admin.get("/settings/port-outs")
		if !strings.Contains(body, "Set on") || strings.Contains(body, "97531") || !strings.Contains(body, "<strong>Locked</strong>") {
			t.Fatalf("after saving:\n%s", body)
		}
		// With a sub-account, one account a page and a picker between them.
		subAcct := env.NewCustomer(t, "Departing Branch", a.Account.ID, domain.CountryGB)
		sub := itoa(subAcct.Account.ID)
		_, body, _ = admin.get("/settings/port-outs")
		if !strings.Contains(body, `id="protection-picker"`) || !strings.Contains(body, `id="account-`+acct+`"`) || strings.Contains(body, `id="account-`+sub+`"`) {
			t.Fatalf("the parent's page:\n%s", body)
		}
		if _, body, _ = admin.get("/settings/port-outs?account=" + sub); !strings.Contains(body, `id="account-`+sub+`"`) || strings.Contains(body, `id="account-`+acct+`"`) {
			t.Fatalf("the sub-account's page:\n%s", body)
		}
		if code, _, h := admin.post("/settings/port-outs/lock", url.Values{"account_id": {sub}, "locked": {"1"}}); code != http.StatusSeeOther || h.Get("Location") != "/settings/port-outs?account="+sub {
			t.Fatalf("lock the sub-account: %d, back to %q", code, h.Get("Location"))
		}
		if code, _, _ := admin.post("/settings/port-outs/lock", url.Values{"account_id": {sub}, "locked": {"0"}}); code != http.StatusSeeOther {
			t.Fatalf("unlock the sub-account: %d", code)
		}

		// The team enters the gaining provider's request with a wrong PIN.
		team := newBrowser(t, env)
		team.login("agent@op.example", "correct horse battery staple")
		if code, body, _ := team.get("/port-outs/new"); code != 200 || !strings.Contains(body, `id="port-out-form"`) {
			t.Fatalf("new form: %d", code)
		}
		if code, body, _ := team.postMultipart("/port-outs", url.Values{"account_id": {acct}, "gaining_provider": {"Gamma"}, "gaining_email": {"not an address"},
			"numbers": {"0113 496 0951"}}, "", "", nil); code != http.StatusUnprocessableEntity || !strings.Contains(body, "porting address") {
			t.Fatalf("a bad gaining email: %d", code)
		}
		code, body, h := team.postMultipart("/port-outs", url.Values{"account_id": {acct}, "gaining_provider": {"Gamma"}, "pin": {"11111"},
			"gaining_email": {"porting@gamma.example"}, "numbers": {"0113 496 0951\n0113 496 0952"}}, "document", "gamma-loa.pdf", desktest.BillPDF("Gamma LOA"))
		if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/port-outs/") {
			t.Fatalf("create: %d %v\n%s", code, h, body)
		}
		path := h.Get("Location")
		_, body, _ = team.get(path)
		if !strings.Contains(body, `id="check-pin" class="row-bad"`) && !strings.Contains(body, `class="row-bad" id="check-pin"`) {
			t.Fatalf("the failed PIN check is not shown:\n%s", body)
		}
		if !strings.Contains(body, `name="code" value="pin" checked`) || !strings.Contains(body, "gamma-loa.pdf") || !strings.Contains(body, "Answers emailed to porting@gamma.example") {
			t.Fatalf("the reject form is not prefilled, or the LOA is missing:\n%s", body)
		}
		_, body, _ = team.get("/port-outs")
		if !strings.Contains(body, `href="`+path+`"`) {
			t.Fatalf("the queue lacks the port-out:\n%s", body)
		}

		// Another customer: 404 on the page and its document, nothing in the list.
		stranger := newBrowser(t, env)
		stranger.login(other.Admin.Email, other.Password)
		if code, _, _ := stranger.get(path); code != http.StatusNotFound {
			t.Fatalf("another account's port-out: %d", code)
		}
		if code, _, _ := stranger.get(path + "/documents/1"); code != http.StatusNotFound {
			t.Fatalf("another account's document: %d", code)
		}
		if _, body, _ := stranger.get("/port-outs"); strings.Contains(body, `href="`+path+`"`) {
			t.Fatal("another account lists the port-out")
		}
		// The account's admin sees it, and cannot answer the gaining provider.
		if _, body, _ := admin.get(path); !strings.Contains(body, "Not you? Lock port-outs") || strings.Contains(body, `id="reject-form"`) {
			t.Fatalf("the admin's view:\n%s", body)
		}
		if code, _, _ := admin.post(path+"/authorize", url.Values{"version": {"1"}}); code != http.StatusForbidden {
			t.Fatalf("a customer authorized: %d", code)
		}

		// One click: reject with the prefilled code.
		_, body, _ = team.get(path)
		if code, _, _ := team.post(path+"/reject", url.Values{"version": {"1"}, "code": {"pin"}}); code != http.StatusSeeOther {
			t.Fatalf("reject: %d", code)
		}
		if _, body, _ = team.get(path); !strings.Contains(body, "Rejected") || !strings.Contains(body, "What the gaining provider was told") {
			t.Fatalf("after rejecting:\n%s", body)
		}

		// The admin announces a move with the right PIN; the team authorizes and completes.
		admin.get("/port-outs/new")
		code, _, h = admin.postMultipart("/port-outs", url.Values{"account_id": {acct}, "gaining_provider": {"BT"}, "pin": {"97531"},
			"numbers": {"0113 496 0952"}}, "", "", nil)
		if code != http.StatusSeeOther {
			t.Fatalf("announce: %d", code)
		}
		mine := h.Get("Location")
		team.get(mine)
		if code, body, _ := team.post(mine+"/authorize", url.Values{"version": {"1"}}); code != http.StatusSeeOther {
			t.Fatalf("authorize: %d %s", code, body)
		}
		if code, _, _ := team.post(mine+"/complete", url.Values{"version": {"2"}}); code != http.StatusSeeOther {
			t.Fatalf("complete: %d", code)
		}
		if _, body, _ = admin.get(mine); !strings.Contains(body, "Completed") || !strings.Contains(body, "Port-out fee GBP 15.00") {
			t.Fatalf("completed page:\n%s", body)
		}
		// A locked number's port-out is refused at once.
		team.get("/port-outs/new")
		code, _, h = team.postMultipart("/port-outs", url.Values{"account_id": {acct}, "gaining_provider": {"Gamma"}, "numbers": {"0113 496 0953"}}, "", "", nil)
		if code != http.StatusSeeOther {
			t.Fatalf("locked create: %d", code)
		}
		if _, body, _ = team.get(h.Get("Location")); !strings.Contains(body, "Rejected") || !strings.Contains(body, "locked these numbers against porting out") {
			t.Fatalf("locked port-out page:\n%s", body)
		}
		// The whole account, one click; the team sees it and cannot undo it.
		admin.get("/settings/port-outs")
		if code, _, _ := admin.post("/settings/port-outs/lock", url.Values{"account_id": {acct}, "locked": {"1"}}); code != http.StatusSeeOther {
			t.Fatalf("lock the account: %d", code)
		}
		// The records form, as it stood before the lock (its old "locked" field with it), saves
		// the records and leaves the lock on.
		if code, _, _ := admin.post("/settings/port-outs", url.Values{"account_id": {acct}, "record_name": {"Departing Ltd"}, "record_postcode": {"LS1 4AP"},
			"auto_authorize_days": {"0"}, "locked": {"0"}}); code != http.StatusSeeOther {
			t.Fatalf("save records: %d", code)
		}
		code, body, _ = team.get("/settings/port-outs?account=" + acct)
		if code != 200 || !strings.Contains(body, "<strong>Locked</strong> since") || strings.Contains(body, `id="unlock-`) {
			t.Fatalf("the team's view of the lock: %d\n%s", code, body)
		}
		if code, _, _ := team.post("/settings/port-outs/lock", url.Values{"account_id": {acct}, "locked": {"0"}}); code != http.StatusForbidden {
			t.Fatalf("the team unlocked: %d", code)
		}
		if code, _, _ := stranger.get("/settings/port-outs?account=" + acct); code != 200 {
			t.Fatalf("a stranger's own settings: %d", code)
		}
		if _, body, _ := stranger.get("/settings/port-outs"); strings.Contains(body, "Departing") {
			t.Fatal("a stranger sees another account's protection")
		}
	})
}
