package portout_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/access"
	"github.com/portdesk/portdesk/internal/delivery"
	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/notify"
	"github.com/portdesk/portdesk/internal/notify/smtptest"
	"github.com/portdesk/portdesk/internal/portin"
	"github.com/portdesk/portdesk/internal/portout"
	"github.com/portdesk/portdesk/internal/team"
	"github.com/portdesk/portdesk/internal/webhooks"
)

// portOutEnv is an account with numbers in its inventory, a second admin, a member, a
// staff agent, a webhook endpoint and a real SMTP server: what every port-out test needs.
type portOutEnv struct {
	env    *desktest.Env
	c      desktest.Customer
	admin2 domain.User
	staff  domain.Actor
	smtp   *smtptest.Server
	rc     *desktest.Receiver
	ep     domain.WebhookEndpoint
}

func newPortOutEnv(t *testing.T, env *desktest.Env, name string, country domain.Country, numbers ...string) *portOutEnv {
	t.Helper()
	ctx := context.Background()
	x := &portOutEnv{env: env}
	x.smtp = smtptest.Start(t)
	m, err := notify.NewSMTP(notify.SMTPConfig{Host: x.smtp.Host, Port: x.smtp.Port, TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	env.UseMailer(t, m)
	x.c = env.NewCustomer(t, name, 0, country)
	pw := "correct horse battery staple"
	domainPart := strings.ReplaceAll(strings.ToLower(name), " ", "-") + ".example"
	if x.admin2, _, err = env.Access.CreateUser(ctx, x.c.Actor, access.NewUser{AccountID: x.c.Account.ID, Role: domain.RoleAdmin, Email: "second-admin@" + domainPart, Name: "Second Admin", Password: pw}); err != nil {
		t.Fatal(err)
	}
	if _, _, err = env.Access.CreateUser(ctx, x.c.Actor, access.NewUser{AccountID: x.c.Account.ID, Role: domain.RoleMember, Email: "member@" + domainPart, Password: pw}); err != nil {
		t.Fatal(err)
	}
	x.staff, _ = env.NewStaff(t, "agent@op."+domainPart, domain.RoleAgent)
	for _, n := range numbers {
		if _, err := env.Team.AddInventoryNumber(ctx, x.staff, team.InventoryInput{AccountID: x.c.Account.ID, Number: n, ReceivingNumber: receivingFor(country),
			TrackingSource: "Google Ads"}); err != nil {
			t.Fatal(err)
		}
	}
	x.rc = desktest.NewReceiver(t)
	allow := webhooks.URLPolicy{AllowPrivate: true}
	env.UseWebhooks(t, webhooks.NewSender(allow, 5*time.Second), allow)
	url := x.rc.URL() + "/hooks"
	if x.ep, err = env.Delivery.CreateWebhookEndpoint(ctx, x.c.Actor, x.c.Account.ID, delivery.WebhookInput{URL: &url}); err != nil {
		t.Fatal(err)
	}
	x.rc.Trust(x.ep.Secret)
	return x
}

func receivingFor(c domain.Country) string {
	if c == domain.CountryGB {
		return "0113 496 0999"
	}
	return "+1 201 555 0999"
}

// protect sets the account's records and PIN as its admin would.
func (x *portOutEnv) protect(t *testing.T, name, postcode, pin string) {
	t.Helper()
	ctx := context.Background()
	if _, err := x.env.PortOuts.UpdateSettings(ctx, x.c.Actor, x.c.Account.ID, portout.SettingsChanges{RecordName: &name, RecordPostcode: &postcode}); err != nil {
		t.Fatal(err)
	}
	if pin != "" {
		if _, err := x.env.PortOuts.SetPIN(ctx, x.c.Actor, x.c.Account.ID, pin); err != nil {
			t.Fatal(err)
		}
	}
}

// deliverEmails runs the email job of every event of the port-out, as River would.
func (x *portOutEnv) deliverEmails(t *testing.T, id int64) {
	t.Helper()
	es, err := x.env.Store.Events(context.Background(), domain.PortOutSubject(id))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if err := x.env.Delivery.DeliverEventEmails(context.Background(), domain.EventEmailArgs{EventID: e.ID}); err != nil {
			t.Fatal(err)
		}
	}
}

func (x *portOutEnv) inventory(t *testing.T, number string) domain.InventoryNumber {
	t.Helper()
	inv, err := x.env.Store.InventoryByNumbers(context.Background(), []string{number})
	if err != nil {
		t.Fatal(err)
	}
	return inv[number]
}

func check(p domain.PortOut, name domain.PortOutCheckName) domain.PortOutCheck {
	for _, c := range p.Checks {
		if c.Check == name {
			return c
		}
	}
	return domain.PortOutCheck{}
}

// A gaining provider quotes the wrong PIN: the PIN check fails (the PIN itself is kept
// nowhere), the port-out waits for the team with the code ready, the numbers are marked
// porting_out, and every admin of the account (not the member) is emailed at once over SMTP and
// webhooked, though the team created it.
func TestPortOutWrongPIN(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		x := newPortOutEnv(t, env, "Pinned", domain.CountryGB, "0113 496 0101", "0113 496 0102")
		x.protect(t, "Pinned Widgets Ltd", "LS1 4AP", "4321")

		p, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "Gamma", GainingReference: "GAM-77", GainingEmail: "Porting@Gamma.example",
			EndUserName: "PINNED WIDGETS LIMITED", Postcode: "ls14ap", PIN: "1234", Numbers: []string{"0113 496 0101", "+44 113 496 0102"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.PortOutPending || p.PINOutcome != domain.PINWrong || check(p, domain.CheckPIN).Passed || check(p, domain.CheckPIN).Code != domain.RejectPIN {
			t.Fatalf("a wrong PIN passed: %+v", p)
		}
		if !check(p, domain.CheckName).Passed || !check(p, domain.CheckPostcode).Passed || !check(p, domain.CheckNumbers).Passed {
			t.Fatalf("tolerant checks failed: %+v", p.Checks)
		}
		if codes := p.FailedCodes(); len(codes) != 1 || codes[0] != domain.RejectPIN || p.AutoAuthorizeAt != nil {
			t.Fatalf("failed codes %v, auto %v", codes, p.AutoAuthorizeAt)
		}
		if inv := x.inventory(t, "+441134960101"); inv.Status != domain.InventoryPortingOut {
			t.Fatalf("inventory %+v", inv)
		}
		v, err := env.PortOuts.Get(ctx, x.staff, p.ID)
		if err != nil || len(v.Codes) != 1 || v.Codes[0] != domain.RejectPIN {
			t.Fatalf("the team's view: %+v %v", v, err)
		}

		x.deliverEmails(t, p.ID)
		got := desktest.Subjects(t, x.smtp.Wait(2, 5*time.Second))
		if len(got) != 2 || !strings.Contains(got[x.c.Admin.Email], "Port-out request: 2 numbers of Pinned to Gamma") || got[x.admin2.Email] == "" {
			t.Fatalf("admins emailed: %v", got)
		}
		raw, err := x.smtp.Messages()[0].Text()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(raw, "IF YOU DID NOT ASK FOR THIS") || !strings.Contains(raw, "https://portdesk.test/settings/port-outs") || !strings.Contains(raw, "PIN given is not the account") {
			t.Fatalf("the notice does not say what to do:\n%s", raw)
		}
		if strings.Contains(raw, "1234") || strings.Contains(raw, "4321") {
			t.Fatal("a PIN is in the email")
		}
		// The job runs again: nobody is emailed twice.
		x.deliverEmails(t, p.ID)
		if n := len(x.smtp.Messages()); n != 2 {
			t.Fatalf("%d messages after a second run", n)
		}

		if n := env.DeliverAll(t, x.ep.ID); n != 0 {
			t.Fatalf("%d webhooks failed", n)
		}
		hooks := x.rc.All()
		if len(hooks) != 1 || hooks[0].Type != domain.HookPortOutCreated || hooks[0].Verified != nil {
			t.Fatalf("webhooks %+v", hooks)
		}
		po := hooks[0].Body["data"].(map[string]any)["port_out"].(map[string]any)
		if po["pin_outcome"] != "wrong" || po["status"] != "pending" || len(po["numbers"].([]any)) != 2 {
			t.Fatalf("payload %+v", po)
		}

		// A port-in's carrier code is not a losing provider's answer.
		if _, err := env.PortOuts.Reject(ctx, x.staff, p.ID, p.Version, []domain.Rejection{{Code: domain.RejectLineType}}, ""); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("rejected with line_type: %v", err)
		}
		// The team rejects with the prefilled code: the numbers are active again and the
		// admins hear why.
		p, err = env.PortOuts.Reject(ctx, x.staff, p.ID, p.Version, []domain.Rejection{{Code: domain.RejectPIN}}, "")
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.PortOutRejected || !strings.Contains(p.StatusReason, "PIN") {
			t.Fatalf("rejected %+v", p)
		}
		if inv := x.inventory(t, "+441134960101"); inv.Status != domain.InventoryActive || inv.ReceivingNumber == "" {
			t.Fatalf("inventory after rejection %+v", inv)
		}
		x.deliverEmails(t, p.ID)
		// The admins hear it was refused; Gamma, at its porting address, hears why in its own
		// words, with its reference, and nothing the account holds.
		msgs := x.smtp.Wait(5, 5*time.Second)
		if len(msgs) != 5 {
			t.Fatalf("%d messages", len(msgs))
		}
		var toGamma string
		for _, m := range msgs[2:] {
			text, _ := m.Text()
			switch m.To[0] {
			case "porting@gamma.example":
				toGamma = text
			case x.c.Admin.Email:
				if !strings.Contains(text, "refused") {
					t.Fatalf("the admin's rejection email:\n%s", text)
				}
			}
		}
		for _, want := range []string{"GAM-77", "PIN is missing or wrong", "+441134960101"} {
			if !strings.Contains(toGamma, want) {
				t.Errorf("the answer to Gamma does not say %q:\n%s", want, toGamma)
			}
		}
		for _, never := range []string{"4321", "1234", "LS1 4AP", "Pinned Widgets Ltd", "settings/port-outs", "portdesk.test/port-outs"} {
			if strings.Contains(toGamma, never) {
				t.Errorf("the answer to Gamma gives away %q:\n%s", never, toGamma)
			}
		}
		x.deliverEmails(t, p.ID)
		if n := len(x.smtp.Messages()); n != 5 {
			t.Fatalf("%d messages after the job ran again", n)
		}
		env.DeliverAll(t, x.ep.ID)
		if hooks = x.rc.All(); len(hooks) != 2 || hooks[1].Type != domain.HookPortOutRejected {
			t.Fatalf("webhooks %+v", hooks)
		}
		// The port-in timelines never see a port-out's events.
		if es, _ := env.Store.Events(ctx, domain.PortInSubject(0)); len(es) != 0 {
			t.Fatalf("port-out events on a port-in timeline: %+v", es)
		}
	})
}

// A locked number's port-out is refused at once with the lock code: nothing in the inventory
// moves, the admins get the "blocked" email, and the webhook says created and rejected. A
// lock set later stops an open one too.
func TestPortOutLockedRejectedAtOnce(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		x := newPortOutEnv(t, env, "Locked", domain.CountryGB, "0113 496 0201", "0113 496 0202")
		if _, err := env.PortOuts.SetNumberLock(ctx, x.staff, x.c.Account.ID, "0113 496 0201", true); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("staff locked a number: %v", err)
		}
		st, err := env.PortOuts.SetNumberLock(ctx, x.c.Actor, x.c.Account.ID, "0113 496 0201", true)
		if err != nil || len(st.NumberLocks) != 1 {
			t.Fatalf("lock: %+v %v", st, err)
		}
		p, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "Vodafone",
			Numbers: []string{"0113 496 0201", "0113 496 0202"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.PortOutRejected || len(p.Rejections) != 1 || p.Rejections[0].Code != domain.RejectPortLock || check(p, domain.CheckLock).Passed {
			t.Fatalf("a locked number's port-out: %+v", p)
		}
		for _, n := range []string{"+441134960201", "+441134960202"} {
			if inv := x.inventory(t, n); inv.Status != domain.InventoryActive {
				t.Fatalf("%s moved: %+v", n, inv)
			}
		}
		x.deliverEmails(t, p.ID)
		got := desktest.Subjects(t, x.smtp.Wait(2, 5*time.Second))
		if len(got) != 2 || !strings.Contains(got[x.c.Admin.Email], "Port-out blocked") {
			t.Fatalf("emails %v", got)
		}
		env.DeliverAll(t, x.ep.ID)
		hooks := x.rc.All()
		if len(hooks) != 2 || hooks[0].Type != domain.HookPortOutCreated || hooks[1].Type != domain.HookPortOutRejected || hooks[0].ID == hooks[1].ID {
			t.Fatalf("webhooks %+v", hooks)
		}

		// The unlocked number alone goes through; the admin then locks the whole account,
		// and the open port-out is refused with the lock code at once.
		p, err = env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "Vodafone", Numbers: []string{"0113 496 0202"}}, nil)
		if err != nil || p.Status != domain.PortOutPending {
			t.Fatalf("%+v %v", p, err)
		}
		locked := true
		if _, err := env.PortOuts.UpdateSettings(ctx, x.c.Actor, x.c.Account.ID, portout.SettingsChanges{Locked: &locked}); err != nil {
			t.Fatal(err)
		}
		v, err := env.PortOuts.Get(ctx, x.c.Actor, p.ID)
		if err != nil || v.Status != domain.PortOutRejected || v.Rejections[0].Code != domain.RejectPortLock {
			t.Fatalf("after locking: %+v %v", v.PortOut, err)
		}
		if inv := x.inventory(t, "+441134960202"); inv.Status != domain.InventoryActive {
			t.Fatalf("inventory %+v", inv)
		}
	})
}

// An authorized port-out completes: its numbers are released with their routing removed,
// number.released names them, and the fee is charged per number once in the country's
// currency (GBP 15.00, USD 25.00, nothing for Canada, and the event says so), even when the
// completion is tried again.
func TestPortOutCompletesOnce(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		for _, tc := range []struct {
			country domain.Country
			numbers []string
			fee     domain.Money // per number; zero: none
		}{
			{domain.CountryGB, []string{"0113 496 0301", "0113 496 0302"}, domain.Money{Amount: 1500, Currency: "GBP"}},
			{domain.CountryUS, []string{"201-555-0301"}, domain.Money{Amount: 2500, Currency: "USD"}},
			{domain.CountryCA, []string{"416-555-0301"}, domain.Money{}},
		} {
			x := newPortOutEnv(t, env, "Leaving "+string(tc.country), tc.country, tc.numbers...)
			p, err := env.PortOuts.Create(ctx, x.c.Actor, portout.Input{GainingProvider: "Bandwidth", Numbers: tc.numbers}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if p.Origin != domain.PortOutAnnounced || p.Status != domain.PortOutPending || p.Failed() {
				t.Fatalf("%s announced: %+v", tc.country, p)
			}
			if _, err := env.PortOuts.Complete(ctx, x.staff, p.ID, p.Version); !domain.IsCode(err, domain.ErrIllegalTransition) {
				t.Fatalf("completed before authorizing: %v", err)
			}
			if _, err := env.PortOuts.Authorize(ctx, x.c.Actor, p.ID, p.Version, ""); !domain.IsCode(err, domain.ErrForbidden) {
				t.Fatalf("a customer authorized: %v", err)
			}
			if p, err = env.PortOuts.Authorize(ctx, x.staff, p.ID, p.Version, ""); err != nil {
				t.Fatal(err)
			}
			done, err := env.PortOuts.Complete(ctx, x.staff, p.ID, p.Version)
			if err != nil {
				t.Fatal(err)
			}
			// Again, at the old and at the new version: nothing more happens.
			if _, err := env.PortOuts.Complete(ctx, x.staff, p.ID, p.Version); !domain.IsCode(err, domain.ErrStale) {
				t.Fatalf("%s: a second completion at the old version: %v", tc.country, err)
			}
			if _, err := env.PortOuts.Complete(ctx, x.staff, p.ID, done.Version); !domain.IsCode(err, domain.ErrIllegalTransition) {
				t.Fatalf("%s: a second completion: %v", tc.country, err)
			}
			for _, n := range done.NumberList() {
				inv := x.inventory(t, n)
				if inv.Status != domain.InventoryReleased || inv.ReceivingNumber != "" || inv.TrackingSource != "" {
					t.Fatalf("%s: %s not released: %+v", tc.country, n, inv)
				}
			}
			entries, err := env.Store.LedgerEntries(ctx, domain.LedgerFilter{AccountIDs: []int64{x.c.Account.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if tc.fee.Amount == 0 {
				if len(entries) != 0 {
					t.Fatalf("%s charged: %+v", tc.country, entries)
				}
			} else if len(entries) != len(tc.numbers) {
				t.Fatalf("%s: %d entries for %d numbers: %+v", tc.country, len(entries), len(tc.numbers), entries)
			}
			for _, e := range entries {
				if e.Kind != domain.LedgerPortOutFee || e.Amount != tc.fee || e.PortOutID != p.ID || !strings.HasPrefix(e.ChargeKey, "port_out:") {
					t.Fatalf("%s: entry %+v", tc.country, e)
				}
			}
			es, _ := env.Store.Events(ctx, domain.PortOutSubject(p.ID))
			last := es[len(es)-1]
			total := domain.Money{Amount: tc.fee.Amount * int64(len(tc.numbers)), Currency: tc.fee.Currency}
			wantSaid := "Port-out fee " + domain.FormatMoney(total) + " charged for "
			if tc.fee.Amount == 0 {
				wantSaid = "No port-out fee for CA numbers"
			}
			if last.To != string(domain.PortOutCompleted) || !strings.Contains(last.Detail, wantSaid) {
				t.Fatalf("%s: the completion event says %q", tc.country, last.Detail)
			}
			env.DeliverAll(t, x.ep.ID)
			released := 0
			for _, h := range x.rc.All() {
				if h.Type == domain.HookNumberReleased {
					released++
					if got := h.Body["data"].(map[string]any)["released"].([]any); len(got) != len(tc.numbers) {
						t.Fatalf("%s: number.released names %v", tc.country, got)
					}
				}
			}
			if released != 1 {
				t.Fatalf("%s: %d number.released webhooks", tc.country, released)
			}
		}

		// The operator raises the UK fee: what was charged stays as it was, and the next
		// port-out is charged the new fee.
		admin, _ := env.NewStaff(t, "finance@op.example", domain.RoleAdmin)
		pt, err := env.Billing.PriceTable(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		before, err := env.Store.LedgerEntries(ctx, domain.LedgerFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range pt.PortOutFees {
			if pt.PortOutFees[i].Country == "GB" {
				pt.PortOutFees[i].Fee.Amount = 2000
			}
		}
		if _, err := env.Billing.SetPriceTable(ctx, admin, pt); err != nil {
			t.Fatal(err)
		}
		x := newPortOutEnv(t, env, "Leaving later", domain.CountryGB, "0113 496 0311")
		p, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "Gamma", Numbers: []string{"0113 496 0311"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p, err = env.PortOuts.Authorize(ctx, x.staff, p.ID, p.Version, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortOuts.Complete(ctx, x.staff, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		after, err := env.Store.LedgerEntries(ctx, domain.LedgerFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+1 {
			t.Fatalf("%d entries after one more port-out, had %d", len(after), len(before))
		}
		for i, e := range before {
			if after[i] != e {
				t.Fatalf("entry %d changed with the price table: %+v, was %+v", e.ID, after[i], e)
			}
		}
		if last := after[len(after)-1]; last.PortOutID != p.ID || last.Amount != (domain.Money{Amount: 2000, Currency: "GBP"}) {
			t.Fatalf("the port-out after the change was charged %+v", last)
		}
	})
}

// Auto-authorization: off by default; once an admin sets N business days, a clean pending
// port-out is authorized by the job at N business days on the account's calendar and not
// before; one with a failed check never is.
func TestPortOutAutoAuthorization(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		x := newPortOutEnv(t, env, "Patient", domain.CountryGB, "0113 496 0401", "0113 496 0402")
		x.protect(t, "Patient Ltd", "LS1 4AP", "")
		off, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "BT", EndUserName: "Patient Ltd",
			Postcode: "LS1 4AP", Numbers: []string{"0113 496 0401"}}, nil)
		if err != nil || off.AutoAuthorizeAt != nil {
			t.Fatalf("auto-authorization on by default: %+v %v", off, err)
		}
		if _, err := env.PortOuts.Cancel(ctx, x.c.Actor, off.ID, off.Version, "not ours"); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("a customer cancelled a gaining provider's port-out: %v", err)
		}
		if _, err := env.PortOuts.Cancel(ctx, x.staff, off.ID, off.Version, "The gaining provider withdrew it."); err != nil {
			t.Fatal(err)
		}
		days := 2
		if _, err := env.PortOuts.UpdateSettings(ctx, x.staff, x.c.Account.ID, portout.SettingsChanges{AutoAuthorizeDays: &days}); !domain.IsCode(err, domain.ErrForbidden) {
			t.Fatalf("staff changed the setting: %v", err)
		}
		if _, err := env.PortOuts.UpdateSettings(ctx, x.c.Actor, x.c.Account.ID, portout.SettingsChanges{AutoAuthorizeDays: &days}); err != nil {
			t.Fatal(err)
		}
		clean, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "BT", EndUserName: "patient limited",
			Postcode: "ls1 4ap", Numbers: []string{"0113 496 0401"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		failed, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "BT", EndUserName: "Someone Else",
			Postcode: "LS1 4AP", Numbers: []string{"0113 496 0402"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// An account with nothing on file to match: no check proves who asked, so silence
		// never authorizes; the team answers.
		bare := env.NewCustomer(t, "Bare", 0, domain.CountryGB)
		if _, err := env.Team.AddInventoryNumber(ctx, x.staff, team.InventoryInput{AccountID: bare.Account.ID, Number: "0113 496 0403"}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortOuts.UpdateSettings(ctx, bare.Actor, bare.Account.ID, portout.SettingsChanges{AutoAuthorizeDays: &days}); err != nil {
			t.Fatal(err)
		}
		unproved, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: bare.Account.ID, GainingProvider: "BT", Numbers: []string{"0113 496 0403"}}, nil)
		if err != nil || unproved.Failed() || unproved.AutoAuthorizeAt != nil {
			t.Fatalf("a port-out that proved nothing got a timer: %+v %v", unproved, err)
		}
		// Monday 10:00 (London) + 2 business days: Wednesday 10:00.
		due := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		if clean.AutoAuthorizeAt == nil || !clean.AutoAuthorizeAt.Equal(due) || failed.AutoAuthorizeAt != nil {
			t.Fatalf("due %v / %v, want %v for the clean one only", clean.AutoAuthorizeAt, failed.AutoAuthorizeAt, due)
		}
		// The admins lengthen the wait: the port-out already waiting follows the new setting,
		// and the job scheduled for the old time does nothing.
		days = 5
		if _, err := env.PortOuts.UpdateSettings(ctx, x.c.Actor, x.c.Account.ID, portout.SettingsChanges{AutoAuthorizeDays: &days}); err != nil {
			t.Fatal(err)
		}
		env.Clock.Set(due)
		if err := env.PortOuts.AutoAuthorize(ctx, domain.AutoAuthorizeArgs{PortOutID: clean.ID, Due: due}); err != nil {
			t.Fatal(err)
		}
		v, _ := env.PortOuts.Get(ctx, x.staff, clean.ID)
		due = time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC) // Monday + 5 business days
		if v.Status != domain.PortOutPending || v.AutoAuthorizeAt == nil || !v.AutoAuthorizeAt.Equal(due) {
			t.Fatalf("after lengthening the wait: %s, due %v, want %v", v.Status, v.AutoAuthorizeAt, due)
		}
		failedNow, _ := env.PortOuts.Get(ctx, x.staff, failed.ID)
		if failedNow.AutoAuthorizeAt != nil {
			t.Fatalf("a failed port-out got a timer: %v", failedNow.AutoAuthorizeAt)
		}
		args := domain.AutoAuthorizeArgs{PortOutID: clean.ID, Due: due}
		env.Clock.Set(due.Add(-time.Minute))
		var early *domain.NotYetError
		if err := env.PortOuts.AutoAuthorize(ctx, args); err == nil || !errorAs(err, &early) {
			t.Fatalf("authorized early: %v", err)
		}
		if v, _ := env.PortOuts.Get(ctx, x.staff, clean.ID); v.Status != domain.PortOutPending {
			t.Fatalf("status before due: %s", v.Status)
		}
		env.Clock.Set(due)
		if err := env.PortOuts.AutoAuthorize(ctx, args); err != nil {
			t.Fatal(err)
		}
		v, _ = env.PortOuts.Get(ctx, x.staff, clean.ID)
		if v.Status != domain.PortOutAuthorized || !strings.Contains(v.StatusReason, "5 business days") || v.AutoAuthorizeAt != nil {
			t.Fatalf("after due: %+v", v.PortOut)
		}
		// Run again (a retry): nothing more. The failed one, even with a job forged for it,
		// stays pending.
		if err := env.PortOuts.AutoAuthorize(ctx, args); err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(30 * 24 * time.Hour)
		if err := env.PortOuts.AutoAuthorize(ctx, domain.AutoAuthorizeArgs{PortOutID: failed.ID, Due: due}); err != nil {
			t.Fatal(err)
		}
		if v, _ := env.PortOuts.Get(ctx, x.staff, failed.ID); v.Status != domain.PortOutPending {
			t.Fatalf("a failed check was auto-authorized: %s", v.Status)
		}
		es, _ := env.Store.Events(ctx, domain.PortOutSubject(clean.ID))
		if n := len(es); n != 2 || es[1].To != string(domain.PortOutAuthorized) || es[1].ActorID != 0 {
			t.Fatalf("events %+v", es)
		}
	})
}

// Numbers are checked against the account named: another account's number, one not active
// and one already on an open port-out each fail with their code; a second port-out does not
// free what the first holds.
func TestPortOutNumberChecksAndScope(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		x := newPortOutEnv(t, env, "Scoped", domain.CountryGB, "0113 496 0501", "0113 496 0502")
		other := env.NewCustomer(t, "Elsewhere", 0, domain.CountryGB)
		sub := env.NewCustomer(t, "Scoped Sub", x.c.Account.ID, domain.CountryGB)
		if _, err := env.Team.AddInventoryNumber(ctx, x.staff, team.InventoryInput{AccountID: other.Account.ID, Number: "0113 496 0503"}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Team.AddInventoryNumber(ctx, x.staff, team.InventoryInput{AccountID: sub.Account.ID, Number: "0113 496 0504"}); err != nil {
			t.Fatal(err)
		}
		// The protection page lists the account's own numbers, not its sub-account's.
		if st, err := env.PortOuts.Settings(ctx, x.c.Actor, x.c.Account.ID); err != nil || len(st.Numbers) != 2 || st.MoreNumbers ||
			st.Numbers[0].AccountID != x.c.Account.ID || st.Numbers[1].AccountID != x.c.Account.ID {
			t.Fatalf("the settings' numbers: %+v %v", st.Numbers, err)
		}
		first, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "BT", Numbers: []string{"0113 496 0501"}}, nil)
		if err != nil || first.Failed() {
			t.Fatalf("%+v %v", first, err)
		}
		second, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "Gamma",
			Numbers: []string{"0113 496 0501", "0113 496 0502", "0113 496 0503", "0113 496 0504"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		outcome := map[string]domain.RejectionCode{}
		for _, n := range second.Numbers {
			outcome[n.Number] = n.Outcome
		}
		if outcome["+441134960501"] != domain.RejectPendingOrder || outcome["+441134960502"] != "" ||
			outcome["+441134960503"] != domain.RejectNumberInactive || outcome["+441134960504"] != domain.RejectNumberInactive {
			t.Fatalf("outcomes %v", outcome)
		}
		if _, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "BT", Numbers: []string{"not a number"}}, nil); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("an unreadable number: %v", err)
		}
		// Authorizing over failed checks needs a reason, one a person can read; rejecting the
		// second frees only its own.
		if _, err := env.PortOuts.Authorize(ctx, x.staff, second.ID, second.Version, ""); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("authorized over failed checks without a reason: %v", err)
		}
		long := strings.Repeat("why ", 501)
		if _, err := env.PortOuts.Authorize(ctx, x.staff, second.ID, second.Version, long); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("authorized with a 2,004-character reason: %v", err)
		}
		if _, err := env.PortOuts.Cancel(ctx, x.staff, second.ID, second.Version, long); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("cancelled with a 2,004-character reason: %v", err)
		}
		if _, err := env.PortOuts.Reject(ctx, x.staff, second.ID, second.Version, []domain.Rejection{{Code: domain.RejectPIN}}, long); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("rejected with a 2,004-character note: %v", err)
		}
		var codes []domain.Rejection
		for _, c := range second.FailedCodes() {
			codes = append(codes, domain.Rejection{Code: c})
		}
		if _, err := env.PortOuts.Reject(ctx, x.staff, second.ID, second.Version, codes, "Send one request per account."); err != nil {
			t.Fatal(err)
		}
		if inv := x.inventory(t, "+441134960501"); inv.Status != domain.InventoryPortingOut {
			t.Fatalf("the first port-out's number was freed by the second: %+v", inv)
		}
		if inv := x.inventory(t, "+441134960502"); inv.Status != domain.InventoryActive {
			t.Fatalf("the second's own number: %+v", inv)
		}
		// A number leaving on an open port-out is still ours: another account cannot port it in.
		q, err := env.PortIns.Create(ctx, other.Actor, portin.Changes{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := env.PortIns.AddNumbers(ctx, other.Actor, q.ID, q.Version, portin.RowList(portin.Rows([]portin.NumberInput{{Number: "0113 496 0501"}})), true)
		if err != nil || res.Rows[0].Code != domain.RowNumberAlreadyActive {
			t.Fatalf("a number porting out was taken by a port-in: %+v %v", res, err)
		}
		checks, err := env.PortIns.CheckNumbers(ctx, other.Actor, portin.CheckRequest{}, []string{"0113 496 0501"})
		if err != nil || len(checks[0].Conflicts) != 1 || checks[0].Conflicts[0].Kind != domain.ConflictNotAvailable {
			t.Fatalf("the portability check of a number porting out: %+v %v", checks, err)
		}

		// Authorized over a failed number check and completed: only the number that passed
		// leaves and is charged; the one that failed stays refused, and stays where it was.
		third, err := env.PortOuts.Create(ctx, x.staff, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "Gamma",
			Numbers: []string{"0113 496 0502", "0113 496 0503"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if third, err = env.PortOuts.Authorize(ctx, x.staff, third.ID, third.Version, "The gaining provider takes 0502 alone."); err != nil {
			t.Fatal(err)
		}
		if third, err = env.PortOuts.Complete(ctx, x.staff, third.ID, third.Version); err != nil {
			t.Fatal(err)
		}
		status := map[string]domain.PortOutNumberStatus{}
		for _, n := range third.Numbers {
			status[n.Number] = n.Status
		}
		if again, err := env.PortOuts.Get(ctx, x.staff, third.ID); err != nil || !reflect.DeepEqual(again.Numbers, third.Numbers) {
			t.Fatalf("stored numbers %+v, answered %+v (%v)", again.Numbers, third.Numbers, err)
		}
		if status["+441134960502"] != domain.PortOutNumberReleased || status["+441134960503"] != domain.PortOutNumberRejected {
			t.Fatalf("number statuses after completion %v", status)
		}
		if inv := x.inventory(t, "+441134960503"); inv.Status != domain.InventoryActive || inv.AccountID != other.Account.ID {
			t.Fatalf("another account's number moved: %+v", inv)
		}
		st, err := env.Billing.Statement(ctx, x.staff, x.c.Account.ID, "")
		if err != nil || len(st.Totals) != 1 || st.Totals[0] != (domain.Money{Amount: 1500, Currency: "GBP"}) {
			t.Fatalf("charged %+v %v, want one number's GBP 15.00", st.Totals, err)
		}

		// Access exactly like port-ins: another account sees nothing; the parent sees its
		// sub-account's, not the other way round; a member cannot announce.
		if _, err := env.PortOuts.Get(ctx, other.Actor, first.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("another account saw a port-out: %v", err)
		}
		if _, err := env.PortOuts.Events(ctx, other.Actor, first.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("another account read its timeline: %v", err)
		}
		if page, err := env.PortOuts.List(ctx, other.Actor, portout.ListFilter{}); err != nil || len(page.Items) != 0 {
			t.Fatalf("another account's list: %+v %v", page, err)
		}
		if _, err := env.PortOuts.Create(ctx, other.Actor, portout.Input{AccountID: x.c.Account.ID, GainingProvider: "BT", Numbers: []string{"0113 496 0502"}}, nil); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("another account announced for this one: %v", err)
		}
		subPO, err := env.PortOuts.Create(ctx, sub.Actor, portout.Input{GainingProvider: "BT", Numbers: []string{"0113 496 0504"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortOuts.Get(ctx, x.c.Actor, subPO.ID); err != nil {
			t.Fatalf("the parent cannot see its sub-account's: %v", err)
		}
		if _, err := env.PortOuts.Get(ctx, sub.Actor, first.ID); !domain.IsCode(err, domain.ErrNotFound) {
			t.Fatalf("the sub-account sees up: %v", err)
		}
		page, err := env.PortOuts.List(ctx, x.staff, portout.ListFilter{Statuses: []domain.PortOutStatus{domain.PortOutPending}})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("the team's pending queue: %+v %v", page, err)
		}
		if _, err := env.PortOuts.List(ctx, x.staff, portout.ListFilter{Statuses: []domain.PortOutStatus{"lost"}}); !domain.IsCode(err, domain.ErrInvalid) {
			t.Fatalf("an unknown status filter: %v", err)
		}
	})
}

// The PIN is kept only as an argon2id hash, shown as set or not set; only the account's
// admins set it.
func TestPortOutPINSettings(t *testing.T) {
	t.Parallel()
	env := desktest.New(t, desktest.SQLite)
	ctx := context.Background()
	c := env.NewCustomer(t, "Guarded", 0, domain.CountryGB)
	staff, _ := env.NewStaff(t, "agent@guarded.example", domain.RoleAgent)
	member, _, err := env.Access.CreateUser(ctx, c.Actor, access.NewUser{AccountID: c.Account.ID, Role: domain.RoleMember, Email: "m@guarded.example", Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.PortOuts.SetPIN(ctx, staff, c.Account.ID, "1234"); !domain.IsCode(err, domain.ErrForbidden) {
		t.Fatalf("staff set a PIN: %v", err)
	}
	if _, err := env.PortOuts.SetPIN(ctx, domain.ActorOf(member), c.Account.ID, "1234"); !domain.IsCode(err, domain.ErrForbidden) {
		t.Fatalf("a member set a PIN: %v", err)
	}
	if _, err := env.PortOuts.SetPIN(ctx, c.Actor, c.Account.ID, "12"); !domain.IsCode(err, domain.ErrInvalid) {
		t.Fatalf("a two-digit PIN: %v", err)
	}
	st, err := env.PortOuts.SetPIN(ctx, c.Actor, c.Account.ID, "8642")
	if err != nil || !st.PINSet || st.PINSetAt == nil {
		t.Fatalf("%+v %v", st, err)
	}
	pr, _ := env.Store.PortOutProtection(ctx, c.Account.ID)
	if !strings.HasPrefix(pr.PINHash, "$argon2id$") || strings.Contains(pr.PINHash, "8642") || !access.CheckPassword(pr.PINHash, "8642") {
		t.Fatalf("stored %q", pr.PINHash)
	}
	if seen, err := env.PortOuts.Settings(ctx, staff, c.Account.ID); err != nil || !seen.PINSet || seen.CanEdit {
		t.Fatalf("the team's view: %+v %v", seen, err)
	}
	log, _ := env.Store.AuditLog(ctx, "account:", 10)
	for _, e := range log {
		if strings.Contains(e.Detail, "8642") {
			t.Fatalf("the PIN is in the audit log: %+v", e)
		}
	}
	if _, err := env.PortOuts.SetPIN(ctx, c.Actor, c.Account.ID, "   "); !domain.IsCode(err, domain.ErrInvalid) {
		t.Fatalf("a blank PIN: %v", err)
	}
	if st, err = env.PortOuts.RemovePIN(ctx, c.Actor, c.Account.ID); err != nil || st.PINSet {
		t.Fatalf("removed: %+v %v", st, err)
	}
}

// Guessing a PIN does not pay: after three wrong PINs no PIN passes, the right one included,
// until the admins set a new PIN or thirty days pass.
func TestPortOutPINGuessesPause(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		ctx := context.Background()
		c := env.NewCustomer(t, "Guessed", 0, domain.CountryGB)
		staff, _ := env.NewStaff(t, "agent@guessed.example", domain.RoleAgent)
		if _, err := env.Team.AddInventoryNumber(ctx, staff, team.InventoryInput{AccountID: c.Account.ID, Number: "0113 496 0601"}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.PortOuts.SetPIN(ctx, c.Actor, c.Account.ID, "8642"); err != nil {
			t.Fatal(err)
		}
		try := func(pin string, want domain.PINOutcome) domain.PortOut {
			t.Helper()
			env.Clock.Advance(time.Minute)
			p, err := env.PortOuts.Create(ctx, staff, portout.Input{AccountID: c.Account.ID, GainingProvider: "Gamma", PIN: pin, Numbers: []string{"0113 496 0601"}}, nil)
			if err != nil || p.PINOutcome != want {
				t.Fatalf("PIN %q: %s, want %s (%v)", pin, p.PINOutcome, want, err)
			}
			return p
		}
		try("1111", domain.PINWrong)
		try("2222", domain.PINWrong)
		try("8642", domain.PINMatched) // a right one between does not reset the count
		try("3333", domain.PINWrong)
		paused := try("8642", domain.PINPaused)
		if !slices.Contains(paused.FailedCodes(), domain.RejectPIN) {
			t.Fatalf("a paused PIN check passed: %+v", paused.Checks)
		}
		try("4444", domain.PINPaused)
		// Thirty days on, the old wrong PINs no longer count.
		env.Clock.Advance(31 * 24 * time.Hour)
		try("8642", domain.PINMatched)
		for _, pin := range []string{"5555", "6666", "7777"} {
			try(pin, domain.PINWrong)
		}
		try("8642", domain.PINPaused)
		// A new PIN starts the count afresh.
		if _, err := env.PortOuts.SetPIN(ctx, c.Actor, c.Account.ID, "97531"); err != nil {
			t.Fatal(err)
		}
		try("97531", domain.PINMatched)
	})
}

func errorAs[T error](err error, target *T) bool { return errors.As(err, target) }

// A move the customer announces reaches the team's queue address as well as every admin: the
// gaining provider's request is on its way and the team answers it. A request the team
// entered itself is not mailed back to it (TestPortOutWrongPIN counts exactly the admins).
func TestPortOutAnnouncedTellsTheTeam(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		x := newPortOutEnv(t, env, "Announcer", domain.CountryGB, "0113 496 0501")
		p, err := env.PortOuts.Create(context.Background(), x.c.Actor, portout.Input{GainingProvider: "Sky", Numbers: []string{"0113 496 0501"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		x.deliverEmails(t, p.ID)
		got := desktest.Subjects(t, x.smtp.Wait(3, 5*time.Second))
		if len(got) != 3 || got[x.c.Admin.Email] == "" || got[x.admin2.Email] == "" ||
			!strings.Contains(got["porting-team@portdesk.test"], "Port-out announced") {
			t.Fatalf("emails %v", got)
		}
		x.deliverEmails(t, p.ID)
		if n := len(x.smtp.Messages()); n != 3 {
			t.Fatalf("%d messages after a second run", n)
		}
	})
}
