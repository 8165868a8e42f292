// Package storetest is the conformance suite every domain.Store engine must pass, in the
// manner of River's driver tests: one set of behaviours, run against SQLite and PostgreSQL.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/portdesk/portdesk/internal/domain"
)

// Engine opens a fresh, migrated store for one test, and counts River jobs in it.
type Engine struct {
	Open      func(t *testing.T) domain.Store
	CountJobs func(t *testing.T, s domain.Store) int
	// Replica opens s's database again with connections of its own, as another replica.
	Replica func(t *testing.T, s domain.Store) domain.Store
}

var (
	ctx = context.Background()
	t0  = time.Date(2026, 11, 23, 9, 30, 15, 123456000, time.UTC)
)

// Run runs every behaviour against the engine.
func Run(t *testing.T, e Engine) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, domain.Store, Engine)
	}{
		{"Accounts", testAccounts},
		{"AccountTree", testAccountTree},
		{"AccountNamesPerParent", testAccountNamesPerParent},
		{"AccountTimeZone", testAccountTimeZone},
		{"Users", testUsers},
		{"SessionsAndTokens", testSessionsAndTokens},
		{"LoginAttempts", testLoginAttempts},
		{"SessionLastSeen", testSessionLastSeen},
		{"People", testPeople},
		{"PortInRoundTrip", testPortInRoundTrip},
		{"OptimisticLock", testOptimisticLock},
		{"OpenNumberIsUnique", testOpenNumberIsUnique},
		{"ListPortIns", testListPortIns},
		{"ListAcrossAccounts", testListAcrossAccounts},
		{"NameSearchFollowsNames", testNameSearchFollowsNames},
		{"NameSearchEveryWay", testNameSearchEveryWay},
		{"ForgetNames", testForgetNames},
		{"ListCounts", testListCounts},
		{"ListVersions", testListVersions},
		{"SignInMoments", testSignInMoments},
		{"PlanRelists", testPlanRelists},
		{"NamesFoldEveryLetter", testNamesFoldEveryLetter},
		{"OverdueFewOrMany", testOverdueFewOrMany},
		{"PapersCounted", testPapersCounted},
		{"NumberSearch", testNumberSearch},
		{"NumberSearchMany", testNumberSearchMany},
		{"DeleteKeepsEvents", testDeleteKeepsEvents},
		{"NumbersNeedTheirRequest", testNumbersNeedTheirRequest},
		{"Inventory", testInventory},
		{"Notes", testNotes},
		{"Transactions", testTransactions},
		{"BulkNumbers", testBulkNumbers},
		{"NumberPages", testNumberPages},
		{"PortingAgreements", testPortingAgreements},
		{"AuditAndSettings", testAuditAndSettings},
		{"SplitAndSetAside", testSplitAndSetAside},
		{"DocumentsAndSignatures", testDocumentsAndSignatures},
		{"PACs", testPACs},
		{"FrozenLetters", testFrozenLetters},
		{"SignatureRequests", testSignatureRequests},
		{"EmailDeliveries", testEmailDeliveries},
		{"Webhooks", testWebhooks},
		{"EnableSMS", testEnableSMS},
		{"Carriers", testCarriers},
		{"CarrierOrders", testCarrierOrders},
		{"CarrierNumberFacts", testCarrierNumberFacts},
		{"Ledger", testLedger},
		{"PortOuts", testPortOuts},
		{"TextWithANUL", testTextWithANUL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, e.Open(t), e)
		})
	}
}

// step runs one behaviour of a suite function as a named subtest, on the state the steps
// before it left. The steps of a function build on each other, so once one fails the rest
// are not run: they would only repeat its failure.
func step(t *testing.T, name string, fn func(t *testing.T)) {
	t.Helper()
	if !t.Run(name, fn) {
		t.FailNow()
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code domain.ErrorCode) {
	t.Helper()
	if got := domain.CodeOf(err); got != code {
		t.Fatalf("got %v (code %q), want code %q", err, got, code)
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("%v is not a *domain.Error: driver errors must not leak", err)
	}
}

func account(t *testing.T, s domain.Store, name string, parent int64) domain.Account {
	t.Helper()
	a := domain.Account{Name: name, ParentID: parent, Country: domain.CountryGB, CreatedAt: t0}
	must(t, s.CreateAccount(ctx, &a))
	return a
}

func portIn(t *testing.T, s domain.Store, accountID int64) domain.PortIn {
	t.Helper()
	p := domain.PortIn{AccountID: accountID, Status: domain.StatusDraft, CreatedAt: t0, UpdatedAt: t0}
	must(t, s.CreatePortIn(ctx, &p))
	return p
}

func testAccounts(t *testing.T, s domain.Store, _ Engine) {
	root := account(t, s, "Root Co", 0)
	child := account(t, s, "Child", root.ID)
	grand := account(t, s, "Grandchild", child.ID)
	other := account(t, s, "Other", 0)
	got, err := s.Account(ctx, child.ID)
	must(t, err)
	if got != child || !got.CreatedAt.Equal(t0) {
		t.Fatalf("round trip: %+v vs %+v", got, child)
	}
	_, err = s.Account(ctx, 999999)
	wantCode(t, err, domain.ErrNotFound)
	byName, err := s.AccountByName(ctx, 0, "root co")
	must(t, err)
	if byName.ID != root.ID {
		t.Fatal("AccountByName is not case-insensitive")
	}
	dup := domain.Account{Name: "ROOT CO", Country: domain.CountryUS, CreatedAt: t0}
	wantCode(t, s.CreateAccount(ctx, &dup), domain.ErrConflict)
	bad := domain.Account{Name: "Orphan", ParentID: 424242, Country: domain.CountryGB, CreatedAt: t0}
	if err := s.CreateAccount(ctx, &bad); err == nil {
		t.Fatal("an account under a missing parent was accepted")
	}
	tree, err := s.AccountSubtree(ctx, root.ID)
	must(t, err)
	if !slices.Equal(tree, []int64{root.ID, child.ID, grand.ID}) {
		t.Fatalf("subtree %v", tree)
	}
	tree, err = s.AccountSubtree(ctx, grand.ID)
	must(t, err)
	if !slices.Equal(tree, []int64{grand.ID}) {
		t.Fatalf("leaf subtree %v", tree)
	}
	all, err := s.Accounts(ctx, nil)
	must(t, err)
	if len(all) != 4 || all[0].Name != "Child" || all[3].Name != "Root Co" {
		t.Fatalf("all accounts by name: %+v", all)
	}
	some, err := s.Accounts(ctx, []int64{other.ID, root.ID})
	must(t, err)
	if len(some) != 2 || some[0].ID != other.ID {
		t.Fatalf("some accounts: %+v", some)
	}
}

// Every account's subtree, read from the tree kept beside the accounts, is the accounts
// whose parents lead up to it: for trees grown in any order, in and out of a transaction,
// and not for an account whose insert failed.
func testAccountTree(t *testing.T, s domain.Store, _ Engine) {
	parent := map[int64]int64{}
	add := func(q interface {
		CreateAccount(context.Context, *domain.Account) error
	}, name string, under int64) int64 {
		t.Helper()
		a := domain.Account{Name: name, ParentID: under, Country: domain.CountryGB, CreatedAt: t0}
		must(t, q.CreateAccount(ctx, &a))
		parent[a.ID] = under
		return a.ID
	}
	root := add(s, "Tree Root", 0)
	east := add(s, "East", root)
	west := add(s, "West", root)
	leeds := add(s, "Leeds", east)
	add(s, "Headingley", leeds)
	add(s, "York", east)
	must(t, s.InTx(ctx, func(tx domain.Tx) error {
		bristol := add(tx, "Bristol", west)
		add(tx, "Clifton", bristol)
		return nil
	}))
	// Rolled back: nothing of it is in anyone's subtree.
	_ = s.InTx(ctx, func(tx domain.Tx) error {
		a := domain.Account{Name: "Gone", ParentID: west, Country: domain.CountryGB, CreatedAt: t0}
		must(t, tx.CreateAccount(ctx, &a))
		return errors.New("roll back")
	})
	dup := domain.Account{Name: "LEEDS", ParentID: east, Country: domain.CountryGB, CreatedAt: t0}
	wantCode(t, s.CreateAccount(ctx, &dup), domain.ErrConflict)
	other := add(s, "Another Tenant", 0)
	for id := range parent {
		var want []int64
		for below := range parent {
			for up := below; up != 0; up = parent[up] {
				if up == id {
					want = append(want, below)
					break
				}
			}
		}
		slices.Sort(want)
		got, err := s.AccountSubtree(ctx, id)
		must(t, err)
		if !slices.Equal(got, want) {
			t.Errorf("subtree of %d: %v, want %v", id, got, want)
		}
	}
	if got, err := s.AccountSubtree(ctx, other+1000); err != nil || len(got) != 0 {
		t.Errorf("subtree of no account: %v %v", got, err)
	}
}

// Names are unique among siblings only: two tenants may each have a "Leeds", but one parent
// may not have two, nor may the top level (where parent_id is NULL, which never collides by
// itself) hold two of one name.
func testAccountNamesPerParent(t *testing.T, s domain.Store, _ Engine) {
	a := account(t, s, "Tenant A", 0)
	b := account(t, s, "Tenant B", 0)
	leedsA := account(t, s, "Leeds", a.ID)
	leedsB := account(t, s, "LEEDS", b.ID)
	top := account(t, s, "leeds", 0)
	for _, dup := range []domain.Account{
		{Name: "leeds", ParentID: a.ID},
		{Name: "Leeds", ParentID: 0},
		{Name: "tenant a", ParentID: 0},
	} {
		dup.Country, dup.CreatedAt = domain.CountryGB, t0
		wantCode(t, s.CreateAccount(ctx, &dup), domain.ErrConflict)
	}
	for _, c := range []struct {
		parent int64
		want   int64
	}{{a.ID, leedsA.ID}, {b.ID, leedsB.ID}, {0, top.ID}} {
		got, err := s.AccountByName(ctx, c.parent, "Leeds")
		must(t, err)
		if got.ID != c.want {
			t.Fatalf("Leeds under %d: got %d, want %d", c.parent, got.ID, c.want)
		}
	}
	_, err := s.AccountByName(ctx, leedsA.ID, "Leeds")
	wantCode(t, err, domain.ErrNotFound)
}

// An account's time zone is kept as given, an empty one stays empty (the country's porting
// zone), and an update writes the name, country and zone and nothing else.
func testAccountTimeZone(t *testing.T, s domain.Store, _ Engine) {
	parent := account(t, s, "Zones Parent", 0)
	la := domain.Account{Name: "Pacific Co", ParentID: parent.ID, Country: domain.CountryUS, TimeZone: "America/Los_Angeles", CreatedAt: t0}
	must(t, s.CreateAccount(ctx, &la))
	got, err := s.Account(ctx, la.ID)
	must(t, err)
	if got != la {
		t.Fatalf("round trip: %+v vs %+v", got, la)
	}
	if got.TimeZone != "America/Los_Angeles" {
		t.Fatalf("time zone %q", got.TimeZone)
	}
	if parent.TimeZone != "" {
		t.Fatalf("an account made without a zone has %q", parent.TimeZone)
	}
	got.TimeZone, got.Name, got.Country = "America/Denver", "Mountain Co", domain.CountryCA
	got.ParentID, got.CreatedAt = 0, t0.Add(time.Hour) // neither is written
	must(t, s.UpdateAccount(ctx, &got))
	back, err := s.Account(ctx, la.ID)
	must(t, err)
	want := la
	want.TimeZone, want.Name, want.Country = "America/Denver", "Mountain Co", domain.CountryCA
	if back != want {
		t.Fatalf("after update: %+v, want %+v", back, want)
	}
	byName, err := s.AccountByName(ctx, parent.ID, "mountain co")
	must(t, err)
	list, err := s.Accounts(ctx, []int64{la.ID})
	must(t, err)
	if byName.TimeZone != "America/Denver" || len(list) != 1 || list[0].TimeZone != "America/Denver" {
		t.Fatalf("by name %+v, list %+v", byName, list)
	}
	// Back to the default.
	back.TimeZone = ""
	must(t, s.UpdateAccount(ctx, &back))
	if again, _ := s.Account(ctx, la.ID); again.TimeZone != "" {
		t.Fatalf("cleared zone reads %q", again.TimeZone)
	}
	missing := domain.Account{ID: 999999, Name: "Nobody", Country: domain.CountryGB}
	wantCode(t, s.UpdateAccount(ctx, &missing), domain.ErrNotFound)
	// A rename may not take a sibling's name; its parent's name is not a sibling's.
	account(t, s, "Sibling Co", parent.ID)
	clash := back
	clash.Name = "SIBLING CO"
	wantCode(t, s.UpdateAccount(ctx, &clash), domain.ErrConflict)
	clash.Name = "ZONES PARENT"
	must(t, s.UpdateAccount(ctx, &clash))
}

func testUsers(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Users Co", 0)
	u := domain.User{AccountID: acc.ID, Role: domain.RoleAdmin, Email: "Ann@Example.com", Name: "Ann", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &u))
	staff := domain.User{Staff: true, Role: domain.RoleAgent, Email: "agent@op.example", Name: "Agent", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &staff))
	got, err := s.UserByEmail(ctx, "ann@EXAMPLE.com")
	must(t, err)
	if got.ID != u.ID || got.Email != "ann@example.com" || got.AccountID != acc.ID || got.Staff {
		t.Fatalf("user: %+v", got)
	}
	dup := domain.User{AccountID: acc.ID, Role: domain.RoleMember, Email: "ANN@example.com", PasswordHash: "h", CreatedAt: t0}
	wantCode(t, s.CreateUser(ctx, &dup), domain.ErrConflict)
	gotStaff, err := s.User(ctx, staff.ID)
	must(t, err)
	if !gotStaff.Staff || gotStaff.AccountID != 0 {
		t.Fatalf("staff: %+v", gotStaff)
	}
	list, err := s.Users(ctx, 0)
	must(t, err)
	if len(list) != 1 || list[0].ID != staff.ID {
		t.Fatalf("staff list: %+v", list)
	}
	list, err = s.Users(ctx, acc.ID)
	must(t, err)
	if len(list) != 1 || list[0].ID != u.ID {
		t.Fatalf("account users: %+v", list)
	}
	_, err = s.User(ctx, 777777)
	wantCode(t, err, domain.ErrNotFound)
}

func testSessionsAndTokens(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Tok Co", 0)
	u := domain.User{AccountID: acc.ID, Role: domain.RoleAdmin, Email: "t@x.example", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &u))
	live := domain.Session{TokenHash: []byte("live-hash"), UserID: u.ID, CSRFToken: "c1", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	old := domain.Session{TokenHash: []byte("old-hash"), UserID: u.ID, CSRFToken: "c2", CreatedAt: t0, ExpiresAt: t0.Add(-time.Minute)}
	must(t, s.CreateSession(ctx, live))
	must(t, s.CreateSession(ctx, old))
	got, err := s.Session(ctx, []byte("live-hash"))
	must(t, err)
	if got.UserID != u.ID || got.CSRFToken != "c1" || !got.ExpiresAt.Equal(live.ExpiresAt) {
		t.Fatalf("session: %+v", got)
	}
	// The session with its user and the user's subtree, in one read, as the token below.
	branch := account(t, s, "Tok Co Sessions Branch", acc.ID)
	gotS, in, err := s.SessionUser(ctx, []byte("live-hash"))
	must(t, err)
	gotU, tree := in.User, in.Subtree
	if gotS.UserID != u.ID || gotS.CSRFToken != "c1" || !gotS.ExpiresAt.Equal(live.ExpiresAt) || !gotS.LastSeenAt.Equal(t0) ||
		gotU.ID != u.ID || gotU.Email != u.Email || gotU.AccountID != acc.ID || gotU.Role != u.Role || gotU.DisabledAt != nil {
		t.Fatalf("session and user: %+v %+v", gotS, gotU)
	}
	if tree == nil || tree.Root != acc.ID || !slices.Equal(tree.IDs, []int64{acc.ID, branch.ID}) || tree.Account != acc {
		t.Fatalf("the session's subtree %+v, want [%d %d] under %+v", tree, acc.ID, branch.ID, acc)
	}
	_, _, err = s.SessionUser(ctx, []byte("no-such-session"))
	wantCode(t, err, domain.ErrNotFound)
	n, err := s.DeleteExpiredSessions(ctx, t0)
	must(t, err)
	if n != 1 {
		t.Fatalf("expired deleted: %d", n)
	}
	_, err = s.Session(ctx, []byte("old-hash"))
	wantCode(t, err, domain.ErrNotFound)
	must(t, s.DeleteSession(ctx, []byte("live-hash")))
	_, err = s.Session(ctx, []byte("live-hash"))
	wantCode(t, err, domain.ErrNotFound)

	tok := domain.APIToken{UserID: u.ID, Name: "ci", Prefix: "pdt_abc", Hash: []byte("tok-hash"), CreatedAt: t0}
	must(t, s.CreateAPIToken(ctx, &tok))
	dup := tok
	wantCode(t, s.CreateAPIToken(ctx, &dup), domain.ErrConflict)
	must(t, s.TouchAPIToken(ctx, tok.ID, t0.Add(time.Minute)))
	got2, err := s.APITokenByHash(ctx, []byte("tok-hash"))
	must(t, err)
	if got2.ID != tok.ID || got2.LastUsedAt == nil || !got2.LastUsedAt.Equal(t0.Add(time.Minute)) || got2.RevokedAt != nil {
		t.Fatalf("token: %+v", got2)
	}
	// The token with its user, in one read.
	gotT, in, err := s.APITokenUser(ctx, []byte("tok-hash"))
	must(t, err)
	gotU = in.User
	if gotT.ID != tok.ID || gotT.LastUsedAt == nil || gotU.ID != u.ID || gotU.Email != u.Email || gotU.AccountID != u.AccountID || gotU.Role != u.Role {
		t.Fatalf("token and user: %+v %+v", gotT, gotU)
	}
	// And the user's account subtree, as AccountSubtree reads it, sub-accounts made after
	// the token included.
	branch = account(t, s, "Tok Co Branch", acc.ID)
	account(t, s, "Tok Co Branch Office", branch.ID)
	account(t, s, "Not Tok Co", 0)
	_, in, err = s.APITokenUser(ctx, []byte("tok-hash"))
	must(t, err)
	tree = in.Subtree
	want, err := s.AccountSubtree(ctx, acc.ID)
	must(t, err)
	if len(want) != 4 || tree == nil || !slices.Equal(tree.IDs, want) || tree.Account != acc {
		t.Fatalf("the token's subtree %+v, AccountSubtree %v, account %+v", tree, want, acc)
	}
	// The porting team's token: one row, no subtree.
	staff := domain.User{Staff: true, Role: domain.RoleAgent, Email: "tok-agent@op.example", Name: "Agent", PasswordHash: "h", CreatedAt: t0}
	must(t, s.CreateUser(ctx, &staff))
	staffTok := domain.APIToken{UserID: staff.ID, Name: "desk", Prefix: "pdt_def", Hash: []byte("staff-tok-hash"), CreatedAt: t0}
	must(t, s.CreateAPIToken(ctx, &staffTok))
	gotT, in, err = s.APITokenUser(ctx, []byte("staff-tok-hash"))
	must(t, err)
	gotU, tree = in.User, in.Subtree
	if gotT.ID != staffTok.ID || gotU.ID != staff.ID || !gotU.Staff || tree != nil {
		t.Fatalf("the team's token: %+v %+v %v", gotT, gotU, tree)
	}
	_, _, err = s.APITokenUser(ctx, []byte("no-such-hash"))
	wantCode(t, err, domain.ErrNotFound)
	wantCode(t, s.RevokeAPIToken(ctx, u.ID+1000, tok.ID, t0), domain.ErrNotFound) // not the owner
	must(t, s.RevokeAPIToken(ctx, u.ID, tok.ID, t0.Add(time.Hour)))
	must(t, s.RevokeAPIToken(ctx, u.ID, tok.ID, t0.Add(2*time.Hour))) // idempotent, keeps the first time
	list, err := s.APITokens(ctx, u.ID)
	must(t, err)
	if len(list) != 1 || list[0].RevokedAt == nil || !list[0].RevokedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("tokens: %+v", list)
	}
}

func testPortInRoundTrip(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Round Co", 0)
	when := time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC)
	sub := t0.Add(time.Hour)
	p := domain.PortIn{
		AccountID: acc.ID, Status: domain.StatusSubmitted, StatusReason: "r", LosingProvider: "BT", LosingProviderAddress: "1 Street\nLondon",
		CustomerName: "Ünïcode ﺵركة Ltd", CustomerType: domain.CustomerBusiness,
		AuthorisedPerson: domain.Person{Name: "N", Title: "T", Email: "e@x.example"},
		BillingAddress:   domain.Address{Line1: "1", City: "Leeds", Postcode: "LS1", Country: "GB"},
		ServiceAddress:   &domain.Address{Line1: "2", City: "York", Postcode: "YO1", Country: "GB"},
		AccountNumber:    "A1", PINSealed: []byte{0, 1, 2, 255}, BTN: "+441134960000", PortType: domain.PortPartial, NewBTN: "+441134960009",
		DesiredDate: &when, Recipients: []string{"a@x.example"},
		Acceptances: []domain.Acceptance{{Agreement: domain.AgreementFees, UserID: 7, AcceptedAt: t0}},
		CreatedBy:   7, CreatedAt: t0, UpdatedAt: t0, SubmittedAt: &sub,
	}

	step(t, "EveryFieldRoundTrips", func(t *testing.T) {
		must(t, s.CreatePortIn(ctx, &p))
		if p.ID == 0 || p.Version != 1 {
			t.Fatalf("create: id %d version %d", p.ID, p.Version)
		}
		got, err := s.PortIn(ctx, p.ID)
		must(t, err)
		if got.CustomerName != p.CustomerName || got.LosingProviderAddress != p.LosingProviderAddress || *got.ServiceAddress != *p.ServiceAddress ||
			!got.DesiredDate.Equal(when) || !got.SubmittedAt.Equal(sub) || string(got.PINSealed) != string(p.PINSealed) ||
			len(got.Acceptances) != 1 || !got.Acceptances[0].AcceptedAt.Equal(t0) || got.Recipients[0] != "a@x.example" ||
			got.AuthorisedPerson != p.AuthorisedPerson || got.BillingAddress != p.BillingAddress || got.NewBTN != p.NewBTN || !got.CreatedAt.Equal(t0) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, p)
		}
	})

	// A brief list (#17) reads what a list shows or judges a row by (the queue's dates and
	// agent, the billing address for a request's country before it has numbers), and leaves
	// the rest empty; a full one reads every column.
	step(t, "BriefListLeavesOutWhatAListDoesNotShow", func(t *testing.T) {
		for _, brief := range []bool{false, true} {
			got, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{acc.ID}, Brief: brief, Limit: 10})
			must(t, err)
			i := slices.IndexFunc(got, func(x domain.PortInSummary) bool { return x.ID == p.ID })
			if i < 0 {
				t.Fatalf("brief %v: request not listed", brief)
			}
			g := got[i].PortIn
			if g.CustomerName != p.CustomerName || g.BillingAddress != p.BillingAddress || g.LosingProvider != p.LosingProvider ||
				g.Status != p.Status || !g.DesiredDate.Equal(when) || !g.SubmittedAt.Equal(sub) || g.Version != p.Version ||
				g.AccountID != acc.ID || !g.CreatedAt.Equal(t0) || !g.UpdatedAt.Equal(t0) || got[i].AccountName != acc.Name {
				t.Fatalf("brief %v: listed %+v", brief, got[i])
			}
			left := g.AuthorisedPerson == domain.Person{} && g.ServiceAddress == nil && g.Recipients == nil && g.Acceptances == nil && g.PINSealed == nil &&
				g.BTN == "" && g.NewBTN == "" && g.AccountNumber == "" && g.LosingProviderAddress == "" && g.CreatedBy == 0
			full := g.AuthorisedPerson == p.AuthorisedPerson && g.ServiceAddress != nil && len(g.Recipients) == 1 && len(g.Acceptances) == 1 &&
				string(g.PINSealed) == string(p.PINSealed) && g.BTN == p.BTN && g.NewBTN == p.NewBTN && g.AccountNumber == p.AccountNumber &&
				g.LosingProviderAddress == p.LosingProviderAddress && g.CreatedBy == p.CreatedBy
			if brief && !left || !brief && !full {
				t.Fatalf("brief %v: listed %+v", brief, g)
			}
		}
	})

	step(t, "NilsStayNil", func(t *testing.T) {
		empty := portIn(t, s, acc.ID)
		got, err := s.PortIn(ctx, empty.ID)
		must(t, err)
		if got.ServiceAddress != nil || got.DesiredDate != nil || got.SubmittedAt != nil || got.PINSet() {
			t.Fatalf("nils must stay nil: %+v", got)
		}
		// A list's rows are each their own (the store scans every row of a page into the same
		// place): the empty request, after the full one, shows none of its fields.
		listed, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{acc.ID}, OldestFirst: true, Limit: 10})
		must(t, err)
		if len(listed) < 2 || listed[len(listed)-1].ID != empty.ID {
			t.Fatalf("listed %+v", listed)
		}
		for _, l := range listed {
			alone, err := s.PortIn(ctx, l.ID)
			must(t, err)
			if !reflect.DeepEqual(l.PortIn, alone) {
				t.Fatalf("request %d listed as\n%+v\nread alone\n%+v", l.ID, l.PortIn, alone)
			}
		}
	})

	step(t, "MissingIsNotFound", func(t *testing.T) {
		_, err := s.PortIn(ctx, 123456)
		wantCode(t, err, domain.ErrNotFound)
	})

	// The desk's fields: rejections, the FOC and the assigned agent, set and cleared.
	step(t, "DeskFieldsSetAndCleared", func(t *testing.T) {
		agent := domain.User{Staff: true, Role: domain.RoleAgent, Email: "desk-agent@op.example", Name: "Agent", PasswordHash: "h", CreatedAt: t0}
		must(t, s.CreateUser(ctx, &agent))
		foc := time.Date(2026, 12, 16, 10, 0, 0, 0, time.UTC)
		got, err := s.PortIn(ctx, p.ID)
		must(t, err)
		got.Rejections = []domain.Rejection{{Code: domain.RejectNameMismatch, Note: "BT has “Acme Widgets Limited”"}, {Code: domain.RejectPIN}}
		got.FOC, got.AssignedTo = &foc, agent.ID
		must(t, s.UpdatePortIn(ctx, &got))
		back, err := s.PortIn(ctx, p.ID)
		must(t, err)
		if !reflect.DeepEqual(back.Rejections, got.Rejections) || !back.FOC.Equal(foc) || back.AssignedTo != agent.ID {
			t.Fatalf("desk fields: %+v %v %d", back.Rejections, back.FOC, back.AssignedTo)
		}
		back.Rejections, back.FOC, back.AssignedTo = nil, nil, 0
		must(t, s.UpdatePortIn(ctx, &back))
		back, err = s.PortIn(ctx, p.ID)
		must(t, err)
		if back.Rejections != nil || back.FOC != nil || back.AssignedTo != 0 {
			t.Fatalf("cleared desk fields: %+v %v %d", back.Rejections, back.FOC, back.AssignedTo)
		}
	})
}

func testOptimisticLock(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Lock Co", 0)
	p := portIn(t, s, acc.ID)
	a, b := p, p
	a.CustomerName = "first"
	must(t, s.UpdatePortIn(ctx, &a))
	if a.Version != 2 {
		t.Fatalf("version after update: %d", a.Version)
	}
	b.CustomerName = "second"
	wantCode(t, s.UpdatePortIn(ctx, &b), domain.ErrStale)
	got, _ := s.PortIn(ctx, p.ID)
	if got.CustomerName != "first" || got.Version != 2 {
		t.Fatalf("lost update: %+v", got)
	}
	ghost := domain.PortIn{ID: 999999, Version: 1}
	wantCode(t, s.UpdatePortIn(ctx, &ghost), domain.ErrNotFound)
}

func testOpenNumberIsUnique(t *testing.T, s domain.Store, _ Engine) {
	a, b := account(t, s, "A", 0), account(t, s, "B", 0)
	pa, pb := portIn(t, s, a.ID), portIn(t, s, b.ID)
	n := []domain.PortNumber{{Number: "+441134960001", Status: domain.NumberPending, AddedAt: t0}}
	must(t, s.AddPortInNumbers(ctx, pa.ID, n))
	wantCode(t, s.AddPortInNumbers(ctx, pb.ID, n), domain.ErrConflict)
	held, err := s.OpenPortsHolding(ctx, []string{"+441134960001", "+441134960002"})
	must(t, err)
	if len(held) != 1 || held["+441134960001"] != pa.ID {
		t.Fatalf("held: %v", held)
	}
	// Closing the request frees its numbers for another.
	must(t, s.SetPortInNumberStatus(ctx, pa.ID, domain.NumberCancelled, false))
	must(t, s.AddPortInNumbers(ctx, pb.ID, n))
	held, _ = s.OpenPortsHolding(ctx, []string{"+441134960001"})
	if held["+441134960001"] != pb.ID {
		t.Fatalf("after release: %v", held)
	}
	ns, err := s.PortInNumbers(ctx, pa.ID)
	must(t, err)
	if len(ns) != 1 || ns[0].Status != domain.NumberCancelled {
		t.Fatalf("closed numbers: %+v", ns)
	}
	must(t, s.RemovePortInNumber(ctx, pb.ID, "+441134960001"))
	wantCode(t, s.RemovePortInNumber(ctx, pb.ID, "+441134960001"), domain.ErrNotFound)
}

// A number cannot be put on a request that does not exist, whether added or moved there:
// PostgreSQL checks it once per statement (its trigger), SQLite by the foreign key.
func testNumbersNeedTheirRequest(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Orphans", 0)
	p := portIn(t, s, acc.ID)
	ns := []domain.PortNumber{
		{Number: "+441134960801", Status: domain.NumberPending, AddedAt: t0},
		{Number: "+441134960802", Status: domain.NumberPending, AddedAt: t0},
	}
	wantCode(t, s.AddPortInNumbers(ctx, 999999, ns), domain.ErrNotFound)
	must(t, s.AddPortInNumbers(ctx, p.ID, ns))
	wantCode(t, s.MovePortInNumbers(ctx, p.ID, 999999, []string{"+441134960802"}), domain.ErrNotFound)
	held, err := s.OpenPortsHolding(ctx, []string{"+441134960801", "+441134960802"})
	must(t, err)
	if len(held) != 2 || held["+441134960801"] != p.ID || held["+441134960802"] != p.ID {
		t.Fatalf("held after refused moves: %v", held)
	}
	got, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{acc.ID}, Limit: 10})
	must(t, err)
	if len(got) != 1 || got[0].NumberCount != 2 || got[0].FirstNumber != "+441134960801" {
		t.Fatalf("listed after refused moves: %+v", got)
	}
}

func testListPortIns(t *testing.T, s domain.Store, _ Engine) {
	a, b := account(t, s, "List A", 0), account(t, s, "List B", 0)
	var ids []int64
	for i := range 5 {
		p := portIn(t, s, a.ID)
		ids = append(ids, p.ID)
		must(t, s.AddPortInNumbers(ctx, p.ID, []domain.PortNumber{
			{Number: "+4411349601" + string(rune('0'+i)) + "0", Status: domain.NumberPending, Warnings: []string{"w"}, AddedAt: t0},
			{Number: "+4411349601" + string(rune('0'+i)) + "1", Status: domain.NumberPending, AddedAt: t0},
		}))
	}
	pb := portIn(t, s, b.ID)
	submitted, _ := s.PortIn(ctx, ids[2])
	submitted.Status = domain.StatusSubmitted
	must(t, s.UpdatePortIn(ctx, &submitted))
	must(t, s.AddNote(ctx, &domain.Note{PortInID: ids[2], AuthorName: "x", Body: "visible", CreatedAt: t0}))
	must(t, s.AddNote(ctx, &domain.Note{PortInID: ids[2], AuthorName: "x", Body: "hidden", Internal: true, CreatedAt: t0}))

	page, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{a.ID}, Limit: 3})
	must(t, err)
	if len(page) != 3 || page[0].ID != ids[4] || page[0].AccountName != "List A" || page[0].NumberCount != 2 || page[0].FirstNumber != "+441134960140" {
		t.Fatalf("first page: %+v", page)
	}
	rest, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{a.ID}, BeforeID: page[2].ID, Limit: 3})
	must(t, err)
	if len(rest) != 2 || rest[1].ID != ids[0] {
		t.Fatalf("second page: %+v", rest)
	}
	all, _ := s.ListPortIns(ctx, domain.PortInFilter{Limit: 50})
	if len(all) != 6 || all[0].ID != pb.ID {
		t.Fatalf("all: %d", len(all))
	}
	none, _ := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: []int64{}, Limit: 50})
	if len(none) != 0 {
		t.Fatal("an empty scope must see nothing")
	}
	st, _ := s.ListPortIns(ctx, domain.PortInFilter{Statuses: []domain.Status{domain.StatusSubmitted}, Limit: 50})
	if len(st) != 1 || st[0].ID != ids[2] || st[0].NoteCount != 1 {
		t.Fatalf("by status (note count counts customer notes only): %+v", st)
	}
	// Several statuses: some of the open ones, every open one (answered by open alone), and
	// ended ones beside open ones.
	cancelled, _ := s.PortIn(ctx, ids[4])
	cancelled.Status = domain.StatusCancelled
	must(t, s.UpdatePortIn(ctx, &cancelled))
	for _, tc := range []struct {
		statuses []domain.Status
		inA, inB int // A: three drafts, one submitted, one cancelled; B: one draft
	}{
		{[]domain.Status{domain.StatusSubmitted, domain.StatusScheduled}, 1, 0},
		{[]domain.Status{domain.StatusDraft, domain.StatusScheduled}, 3, 1},
		{domain.OpenStatuses, 4, 1},
		{[]domain.Status{domain.StatusCompleted, domain.StatusCancelled, domain.StatusRejected, domain.StatusSplit}, 1, 0},
		{[]domain.Status{domain.StatusCompleted, domain.StatusRejected}, 0, 0},
		{[]domain.Status{domain.StatusSubmitted, domain.StatusCancelled}, 2, 0},
	} {
		for _, accounts := range [][]int64{nil, {a.ID}, {a.ID, b.ID}} {
			got, err := s.ListPortIns(ctx, domain.PortInFilter{AccountIDs: accounts, Statuses: tc.statuses, Limit: 50})
			must(t, err)
			want := tc.inA
			if len(accounts) != 1 {
				want += tc.inB
			}
			if len(got) != want {
				t.Fatalf("statuses %v in %v: %d requests, want %d", tc.statuses, accounts, len(got), want)
			}
		}
	}
	cancelled.Status = domain.StatusDraft
	must(t, s.UpdatePortIn(ctx, &cancelled))
	byNum, _ := s.ListPortIns(ctx, domain.PortInFilter{Number: "4960131", Limit: 50})
	if len(byNum) != 1 || byNum[0].ID != ids[3] {
		t.Fatalf("by number: %+v", byNum)
	}
	byE164, _ := s.ListPortIns(ctx, domain.PortInFilter{Number: "+441134960121", Limit: 50})
	if len(byE164) != 1 || byE164[0].ID != ids[2] {
		t.Fatalf("by E.164: %+v", byE164)
	}
	// The queue's search: a request ID or a number's digits, and a part of a name.
	byID, _ := s.ListPortIns(ctx, domain.PortInFilter{ID: ids[1], Number: strconv.FormatInt(ids[1], 10), Limit: 50})
	if !slices.ContainsFunc(byID, func(p domain.PortInSummary) bool { return p.ID == ids[1] }) {
		t.Fatalf("by request ID: %+v", byID)
	}
	named, _ := s.PortIn(ctx, ids[0])
	named.CustomerName, named.LosingProvider = "Acme 50% Ltd", "British Telecom"
	must(t, s.UpdatePortIn(ctx, &named))
	for _, tc := range []struct {
		text string
		want int
	}{{"acme 50%", 1}, {"ACME", 1}, {"50_", 0}, {"british tel", 1}, {"list b", 1}, {"list", 6}, {"nobody", 0}} {
		got, err := s.ListPortIns(ctx, domain.PortInFilter{Text: tc.text, Limit: 50})
		must(t, err)
		if len(got) != tc.want {
			t.Fatalf("text %q: %d requests, want %d", tc.text, len(got), tc.want)
		}
	}
	// A text search's pages follow one another (each arm of the search reads a page of its
	// own, #17), oldest first too, and with another filter beside the text.
	var paged []int64
	for _, oldest := range []bool{false, true} {
		paged = append(paged, ids2(walkPages(t, s, domain.PortInFilter{Text: "list", OldestFirst: oldest}, 2))...)
	}
	var want []int64
	for _, p := range all {
		want = append(want, p.ID)
	}
	for i := len(all) - 1; i >= 0; i-- {
		want = append(want, all[i].ID)
	}
	if !slices.Equal(paged, want) {
		t.Fatalf("text search by pages: %v, want %v", paged, want)
	}
	if got, _ := s.ListPortIns(ctx, domain.PortInFilter{Text: "list", Statuses: []domain.Status{domain.StatusSubmitted}, Limit: 50}); len(got) != 1 || got[0].ID != ids[2] {
		t.Fatalf("text and status: %+v", got)
	}
	ns, _ := s.PortInNumbers(ctx, ids[0])
	if len(ns[0].Warnings) != 1 || ns[1].Warnings != nil {
		t.Fatalf("warnings round trip: %+v", ns)
	}

	// The overdue filter: waiting for a FOC since before the cut, or scheduled at a FOC
	// before its cut; drafts, recent requests and FOCs to come are left out.
	waiting, scheduled, future := ids[2], ids[3], ids[4] // ids[2] was submitted above
	w, _ := s.PortIn(ctx, waiting)
	w.SubmittedAt = ptr(t0.Add(-10 * 24 * time.Hour))
	must(t, s.UpdatePortIn(ctx, &w))
	for _, tc := range []struct {
		id  int64
		foc time.Time
	}{{scheduled, t0.Add(-2 * time.Hour)}, {future, t0.Add(48 * time.Hour)}} {
		p, _ := s.PortIn(ctx, tc.id)
		p.Status, p.SubmittedAt, p.FOC = domain.StatusScheduled, ptr(t0.Add(-3*24*time.Hour)), ptr(tc.foc)
		must(t, s.UpdatePortIn(ctx, &p))
	}
	cut := &domain.OverdueCut{FOCBefore: t0.Add(-time.Hour), SubmittedBefore: t0.Add(-7 * 24 * time.Hour)}
	over, err := s.ListPortIns(ctx, domain.PortInFilter{Overdue: cut, OldestFirst: true, Limit: 50})
	must(t, err)
	if got := ids2(over); !slices.Equal(got, []int64{waiting, scheduled}) {
		t.Fatalf("overdue: %v, want %v", got, []int64{waiting, scheduled})
	}
	// Beside statuses, only those of them that are overdue; a status that cannot be overdue
	// (a draft) finds none.
	for _, tc := range []struct {
		statuses []domain.Status
		want     []int64
	}{
		{[]domain.Status{domain.StatusSubmitted, domain.StatusInProgress, domain.StatusActionRequired, domain.StatusScheduled}, []int64{waiting, scheduled}},
		{[]domain.Status{domain.StatusScheduled}, []int64{scheduled}},
		{[]domain.Status{domain.StatusSubmitted}, []int64{waiting}},
		{[]domain.Status{domain.StatusDraft, domain.StatusCompleted}, nil},
	} {
		got, err := s.ListPortIns(ctx, domain.PortInFilter{Overdue: cut, Statuses: tc.statuses, OldestFirst: true, Limit: 50})
		must(t, err)
		if !slices.Equal(ids2(got), tc.want) {
			t.Fatalf("overdue of %v: %v, want %v", tc.statuses, ids2(got), tc.want)
		}
	}
	// Beside a search by name (the condition stands beside the search's arms).
	if got, _ := s.ListPortIns(ctx, domain.PortInFilter{Overdue: cut, Text: "list a", OldestFirst: true, Limit: 50}); !slices.Equal(ids2(got), []int64{waiting, scheduled}) {
		t.Fatalf("overdue and a name: %v", ids2(got))
	}
	if got, _ := s.ListPortIns(ctx, domain.PortInFilter{Overdue: cut, Text: "list b", Limit: 50}); len(got) != 0 {
		t.Fatalf("overdue in another account's name: %v", ids2(got))
	}
	cut.SubmittedBefore = t0.Add(-11 * 24 * time.Hour)
	if over, _ := s.ListPortIns(ctx, domain.PortInFilter{Overdue: cut, AccountIDs: []int64{a.ID}, Limit: 50}); !slices.Equal(ids2(over), []int64{scheduled}) {
		t.Fatalf("overdue with an earlier cut: %v", ids2(over))
	}
}

func ids2(ps []domain.PortInSummary) []int64 {
	var out []int64
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func testDeleteKeepsEvents(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Del Co", 0)
	p := portIn(t, s, acc.ID)
	must(t, s.AddPortInNumbers(ctx, p.ID, []domain.PortNumber{{Number: "+441134960500", Status: domain.NumberPending, AddedAt: t0}}))
	must(t, s.AddNote(ctx, &domain.Note{PortInID: p.ID, AuthorName: "x", Body: "b", CreatedAt: t0}))
	e := domain.StoredEvent{Subject: domain.PortInSubject(p.ID), AccountID: acc.ID, ActorName: "PortDesk", Type: domain.EventCreated, To: string(domain.StatusDraft), Detail: "d", At: t0}
	must(t, s.AddEvent(ctx, &e))
	stale, err := s.StaleDrafts(ctx, t0.Add(time.Second), 10)
	must(t, err)
	if len(stale) != 1 || stale[0].ID != p.ID {
		t.Fatalf("stale drafts: %+v", stale)
	}
	if fresh, _ := s.StaleDrafts(ctx, t0, 10); len(fresh) != 0 {
		t.Fatal("a draft updated at the cutoff is not stale")
	}
	must(t, s.DeletePortIn(ctx, p.ID))
	wantCode(t, s.DeletePortIn(ctx, p.ID), domain.ErrNotFound)
	events, err := s.Events(ctx, domain.PortInSubject(p.ID))
	must(t, err)
	if len(events) != 1 || events[0].ActorID != 0 || events[0].To != string(domain.StatusDraft) {
		t.Fatalf("events after delete: %+v", events)
	}
	held, _ := s.OpenPortsHolding(ctx, []string{"+441134960500"})
	if len(held) != 0 {
		t.Fatal("numbers of a deleted request must go with it")
	}
}

func testInventory(t *testing.T, s domain.Store, _ Engine) {
	a, b := account(t, s, "Inv A", 0), account(t, s, "Inv B", 0)
	mk := func(acc int64, num, recv string, st domain.InventoryStatus) domain.InventoryNumber {
		n := domain.InventoryNumber{AccountID: acc, Number: num, Status: st, ReceivingNumber: recv, SMS: domain.SMSActive, CreatedAt: t0, UpdatedAt: t0}
		must(t, s.CreateInventoryNumber(ctx, &n))
		return n
	}
	n1 := mk(a.ID, "+441134960700", "+441614960000", domain.InventoryActive)
	mk(a.ID, "+441134960701", "+441614960000", domain.InventoryActive)
	mk(a.ID, "+441134960702", "+441614960001", domain.InventoryReleased)
	mk(b.ID, "+441134960703", "+441614960001", domain.InventoryActive)
	dup := domain.InventoryNumber{AccountID: b.ID, Number: n1.Number, Status: domain.InventoryActive, SMS: domain.SMSActive, CreatedAt: t0, UpdatedAt: t0}
	wantCode(t, s.CreateInventoryNumber(ctx, &dup), domain.ErrConflict)
	// Activation takes over an existing entry (here one released by account A) and keeps
	// its ID and first creation time; a new number gets a new entry.
	released := mk(a.ID, "+441134960709", "", domain.InventoryReleased)
	back := domain.InventoryNumber{AccountID: b.ID, Number: released.Number, Status: domain.InventoryActive, ReceivingNumber: "+441614960002",
		SMS: domain.SMSPending, CreatedAt: t0.Add(time.Hour), UpdatedAt: t0.Add(time.Hour)}
	must(t, s.ActivateInventoryNumber(ctx, &back))
	fresh := domain.InventoryNumber{AccountID: b.ID, Number: "+441134960710", Status: domain.InventoryActive, SMS: domain.SMSPending, CreatedAt: t0, UpdatedAt: t0}
	must(t, s.ActivateInventoryNumber(ctx, &fresh))
	got, err := s.InventoryByNumbers(ctx, []string{back.Number, fresh.Number})
	must(t, err)
	if g := got[back.Number]; g.ID != released.ID || g.AccountID != b.ID || g.Status != domain.InventoryActive ||
		g.ReceivingNumber != "+441614960002" || !g.CreatedAt.Equal(t0) || !g.UpdatedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("activation over a released entry: %+v (was %+v)", g, released)
	}
	if g := got[fresh.Number]; g.ID != fresh.ID || fresh.ID == 0 || g.AccountID != b.ID {
		t.Fatalf("activation of a new number: %+v", g)
	}
	found, err := s.InventoryByNumbers(ctx, []string{n1.Number, "+440000000000"})
	must(t, err)
	if len(found) != 1 || found[n1.Number].AccountID != a.ID {
		t.Fatalf("by numbers: %+v", found)
	}
	routing, err := s.ActiveReceivingNumbers(ctx, []int64{a.ID}, []string{"+441614960000", "+441614960001"})
	must(t, err)
	if !slices.Equal(routing["+441614960000"], []string{"+441134960700", "+441134960701"}) || len(routing["+441614960001"]) != 0 {
		t.Fatalf("routing (only active, only the account's): %+v", routing)
	}
	list, err := s.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: []int64{a.ID}, Limit: 2})
	must(t, err)
	if len(list) != 2 || list[0].ID != n1.ID {
		t.Fatalf("list: %+v", list)
	}
	next, _ := s.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: []int64{a.ID}, AfterID: list[1].ID, Limit: 2})
	if len(next) != 1 { // the third of A's numbers; the released one is B's now
		t.Fatalf("next page: %+v", next)
	}
	// The Numbers page: a search by digits of the number or its receiving number, and the
	// request of the account that held the number.
	p := portIn(t, s, a.ID)
	must(t, s.AddPortInNumbers(ctx, p.ID, []domain.PortNumber{{Number: n1.Number, Status: domain.NumberPorted, AddedAt: t0}}))
	byNum, err := s.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: []int64{a.ID}, Number: "4960700", Limit: 10})
	must(t, err)
	if len(byNum) != 1 || byNum[0].ID != n1.ID || byNum[0].PortInID != p.ID {
		t.Fatalf("by number, with its request: %+v", byNum)
	}
	byRecv, _ := s.InventoryNumbers(ctx, domain.InventoryFilter{AccountIDs: []int64{a.ID, b.ID}, Number: "+441614960001", Statuses: []domain.InventoryStatus{domain.InventoryActive}, Limit: 10})
	if len(byRecv) != 1 || byRecv[0].Number != "+441134960703" || byRecv[0].PortInID != 0 {
		t.Fatalf("by receiving number and status: %+v", byRecv)
	}
}

func testNotes(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Note Co", 0)
	p := portIn(t, s, acc.ID)
	must(t, s.AddNote(ctx, &domain.Note{PortInID: p.ID, AuthorID: 1, AuthorName: "Cust", Body: "one", CreatedAt: t0}))
	must(t, s.AddNote(ctx, &domain.Note{PortInID: p.ID, AuthorID: 2, AuthorName: "Staff", Staff: true, Internal: true, Body: "two", CreatedAt: t0.Add(time.Second)}))
	pub, err := s.Notes(ctx, p.ID, false)
	must(t, err)
	all, _ := s.Notes(ctx, p.ID, true)
	if len(pub) != 1 || pub[0].Body != "one" || len(all) != 2 || !all[1].Internal || !all[1].Staff {
		t.Fatalf("notes: %+v / %+v", pub, all)
	}
	wantCode(t, s.AddNote(ctx, &domain.Note{PortInID: 987654, AuthorName: "x", Body: "y", CreatedAt: t0}), domain.ErrNotFound)
}

func testTransactions(t *testing.T, s domain.Store, e Engine) {
	acc := account(t, s, "Tx Co", 0)
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx domain.Tx) error {
		p := domain.PortIn{AccountID: acc.ID, Status: domain.StatusDraft, CreatedAt: t0, UpdatedAt: t0}
		must(t, tx.CreatePortIn(ctx, &p))
		must(t, tx.EnqueueJob(ctx, domain.Job{Kind: "conformance_job", Args: map[string]int{"n": 1}, ScheduledAt: t0.Add(24 * time.Hour)}))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx must return fn's error as is: %v", err)
	}
	if list, _ := s.ListPortIns(ctx, domain.PortInFilter{Limit: 10}); len(list) != 0 {
		t.Fatal("a rolled-back transaction left a request")
	}
	if n := e.CountJobs(t, s); n != 0 {
		t.Fatalf("a rolled-back transaction left %d jobs", n)
	}
	must(t, s.InTx(ctx, func(tx domain.Tx) error {
		p := domain.PortIn{AccountID: acc.ID, Status: domain.StatusDraft, CreatedAt: t0, UpdatedAt: t0}
		if err := tx.CreatePortIn(ctx, &p); err != nil {
			return err
		}
		return tx.EnqueueJob(ctx, domain.Job{Kind: "conformance_job", Args: map[string]int{"n": 2}})
	}))
	if n := e.CountJobs(t, s); n != 1 {
		t.Fatalf("committed jobs: %d", n)
	}
	must(t, s.Ping(ctx))
}

func testBulkNumbers(t *testing.T, s domain.Store, _ Engine) {
	acc := account(t, s, "Bulk Co", 0)
	p := portIn(t, s, acc.ID)
	ns := make([]domain.PortNumber, 2345) // over several insert batches
	nums := make([]string, len(ns))
	for i := range ns {
		nums[i] = "+44113" + string(rune('2')) + pad6(i)
		ns[i] = domain.PortNumber{Number: nums[i], Status: domain.NumberPending, AddedAt: t0}
	}
	must(t, s.AddPortInNumbers(ctx, p.ID, ns))
	held, err := s.OpenPortsHolding(ctx, nums)
	must(t, err)
	if len(held) != len(ns) {
		t.Fatalf("held %d of %d", len(held), len(ns))
	}
	got, _ := s.PortInNumbers(ctx, p.ID)
	if len(got) != len(ns) || got[0].Number != nums[0] {
		t.Fatalf("numbers back: %d", len(got))
	}
}

func pad6(i int) string {
	b := []byte("000000")
	for j := 5; j >= 0 && i > 0; j-- {
		b[j] = byte('0' + i%10)
		i /= 10
	}
	return string(b)
}

// testTextWithANUL: the use cases refuse a NUL on its field, but a path that missed the rule
// must still not be a 500: PostgreSQL cannot hold a NUL in text and says so, which is an
// invalid input; SQLite holds it and finds nothing.
func testTextWithANUL(t *testing.T, s domain.Store, _ Engine) {
	_, err := s.UserByEmail(ctx, "a\x00b@x.example")
	if c := domain.CodeOf(err); c != domain.ErrNotFound && c != domain.ErrInvalid {
		t.Fatalf("looking up an email with a NUL: %v (%s), want not found or invalid", err, c)
	}
	_, err = s.ReserveLoginAttempt(ctx, []string{"email:a\x00b"}, []int{5}, t0.Add(-time.Hour), t0)
	if err != nil && !domain.IsCode(err, domain.ErrInvalid) {
		t.Fatalf("reserving a try for a key with a NUL: %v, want none or invalid", err)
	}
}

func ptr[T any](v T) *T { return &v }
