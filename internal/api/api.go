// Package api is PortDesk's REST API under /api/v1: JSON in and out, bearer tokens, RFC 9457
// problem details, and an OpenAPI 3.1 document that the tests hold every response to.
// Handlers only translate: every rule lives in the use-case packages (package app assembles them).
package api

import (
	"log/slog"
	"net/http"

	"github.com/portdesk/portdesk/internal/app"
	"github.com/portdesk/portdesk/internal/desk"
	"github.com/portdesk/portdesk/internal/domain"
)

// Options configure the API.
type Options struct {
	Log     *slog.Logger
	BaseURL string
	// ProxyHops is how many trusted proxies stand in front: the client address (signature
	// evidence) is then read from X-Forwarded-For (httpx.ClientIP); 0 takes the peer.
	ProxyHops int
	// ListCacheBytes is how much of customers' list pages to keep (listCache); 0 is
	// DefaultListCacheBytes, below 0 none.
	ListCacheBytes int
	// ListCacheCounts, when set, counts the list cache's hits and misses (for metrics).
	ListCacheCounts *ListCacheCounts
}

type api struct {
	app  *app.App
	log  *slog.Logger
	opts Options
	// limits are the desk's: the bodies, uploads and documents the API takes.
	limits desk.Limits
	lists  *listCache
}

// handler is an authenticated endpoint: it gets the actor and returns an error to be
// written as a problem.
type handler func(w http.ResponseWriter, r *http.Request, a domain.Actor) error

// route is one endpoint. The tenant-isolation test walks this same table, so a new route
// cannot be forgotten there.
type route struct {
	pattern string // method and path
	h       handler
	// takesID marks routes addressing a port-in or account by {id}: another account's
	// token must get 404 on every one of them.
	takesID bool
}

func (x *api) routes() []route {
	return []route{
		{"GET /api/v1/me", x.me, false},
		{"POST /api/v1/port-ins", x.createPortIn, false},
		{"GET /api/v1/port-ins", x.listPortIns, false},
		{"GET /api/v1/port-ins/{id}", x.getPortIn, true},
		{"PATCH /api/v1/port-ins/{id}", x.patchPortIn, true},
		{"GET /api/v1/port-ins/{id}/numbers", x.listNumbers, true},
		{"POST /api/v1/port-ins/{id}/numbers", x.addNumbers, true},
		{"DELETE /api/v1/port-ins/{id}/numbers/{number}", x.removeNumber, true},
		{"POST /api/v1/port-ins/{id}/submit", x.submit, true},
		{"POST /api/v1/port-ins/{id}/cancel", x.cancel, true},
		{"POST /api/v1/port-ins/{id}/transitions", x.transition, true},
		{"POST /api/v1/port-ins/{id}/fix", x.requestFix, true},
		{"POST /api/v1/port-ins/{id}/foc", x.setFOC, true},
		{"POST /api/v1/port-ins/{id}/assign", x.assign, true},
		{"POST /api/v1/port-ins/{id}/complete-numbers", x.completeNumbers, true},
		{"POST /api/v1/port-ins/{id}/send-to-carrier", x.sendToCarrier, true},
		{"GET /api/v1/carriers", x.listCarriers, false},
		{"POST /api/v1/carriers", x.saveCarrier, false},
		{"PUT /api/v1/carriers/{id}", x.saveCarrier, false},
		{"DELETE /api/v1/carriers/{id}", x.deleteCarrier, false},
		{"PUT /api/v1/carriers/{id}/key", x.setCarrierKey, false},
		{"GET /api/v1/port-ins/{id}/carrier-log", x.carrierLog, false},
		{"GET /api/v1/rejection-codes", x.listRejectionCodes, false},
		{"GET /api/v1/port-ins/{id}/notes", x.listNotes, true},
		{"POST /api/v1/port-ins/{id}/notes", x.addNote, true},
		{"GET /api/v1/port-ins/{id}/events", x.listEvents, true},
		{"GET /api/v1/port-ins/{id}/portability", x.getPortability, true},
		{"GET /api/v1/port-ins/{id}/loa", x.getLetters, true},
		{"GET /api/v1/port-ins/{id}/loa.pdf", x.letterPDF, true},
		{"POST /api/v1/port-ins/{id}/loa/signature", x.signLetters, true},
		{"POST /api/v1/port-ins/{id}/loa/signature-requests", x.sendForSignature, true},
		{"GET /api/v1/port-ins/{id}/loa/signature-requests", x.listSignatureRequests, true},
		{"DELETE /api/v1/port-ins/{id}/loa/signature-requests/{request}", x.revokeSignatureRequest, true},
		{"GET /api/v1/port-ins/{id}/loa/frozen/{letter}", x.frozenLetterPDF, true},
		{"GET /api/v1/port-ins/{id}/documents", x.listDocuments, true},
		{"POST /api/v1/port-ins/{id}/documents", x.uploadDocument, true},
		{"GET /api/v1/port-ins/{id}/documents/{doc}", x.downloadDocument, true},
		{"DELETE /api/v1/port-ins/{id}/documents/{doc}", x.deleteDocument, true},
		{"POST /api/v1/port-ins/{id}/quote-acceptance", x.acceptQuote, true},
		{"POST /api/v1/portability-checks", x.checkPortability, false},
		{"GET /api/v1/porting-agreements", x.listAgreements, false},
		{"POST /api/v1/porting-agreements", x.createAgreement, false},
		{"PUT /api/v1/porting-agreements/{id}", x.updateAgreement, false},
		{"DELETE /api/v1/porting-agreements/{id}", x.deleteAgreement, false},
		{"GET /api/v1/price-table", x.getPrices, false},
		{"PUT /api/v1/price-table", x.putPrices, false},
		{"GET /api/v1/audit-log", x.listAudit, false},
		{"GET /api/v1/accounts", x.listAccounts, false},
		{"POST /api/v1/accounts", x.createAccount, false},
		{"GET /api/v1/accounts/{id}", x.getAccount, true},
		{"PATCH /api/v1/accounts/{id}", x.patchAccount, true},
		{"GET /api/v1/accounts/{id}/users", x.listUsers, true},
		{"POST /api/v1/accounts/{id}/users", x.createUser, true},
		{"GET /api/v1/accounts/{id}/ledger", x.getLedger, true},
		{"POST /api/v1/accounts/{id}/ledger", x.adjustLedger, true},
		{"GET /api/v1/accounts/{id}/statement.csv", x.statementCSV, true},
		{"POST /api/v1/ledger/{id}/reversal", x.reverseLedgerEntry, true},
		{"GET /api/v1/accounts/{id}/webhooks", x.listWebhooks, true},
		{"POST /api/v1/accounts/{id}/webhooks", x.createWebhook, true},
		{"GET /api/v1/webhooks/{id}", x.getWebhook, true},
		{"PATCH /api/v1/webhooks/{id}", x.patchWebhook, true},
		{"DELETE /api/v1/webhooks/{id}", x.deleteWebhook, true},
		{"GET /api/v1/webhooks/{id}/deliveries", x.listWebhookDeliveries, true},
		{"POST /api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", x.redeliverWebhook, true},
		{"GET /api/v1/webhook-events", x.listWebhookEvents, false},
		{"GET /api/v1/staff", x.listStaff, false},
		{"POST /api/v1/staff", x.createStaff, false},
		{"GET /api/v1/tokens", x.listTokens, false},
		{"POST /api/v1/tokens", x.createToken, false},
		{"DELETE /api/v1/tokens/{id}", x.revokeToken, false},
		{"GET /api/v1/inventory", x.listInventory, false},
		{"POST /api/v1/port-outs", x.createPortOut, false},
		{"GET /api/v1/port-outs", x.listPortOuts, false},
		{"GET /api/v1/port-outs/{id}", x.getPortOut, true},
		{"POST /api/v1/port-outs/{id}/authorize", x.authorizePortOut, true},
		{"POST /api/v1/port-outs/{id}/reject", x.rejectPortOut, true},
		{"POST /api/v1/port-outs/{id}/complete", x.completePortOut, true},
		{"POST /api/v1/port-outs/{id}/cancel", x.cancelPortOut, true},
		{"GET /api/v1/port-outs/{id}/events", x.listPortOutEvents, true},
		{"GET /api/v1/port-outs/{id}/documents", x.listPortOutDocuments, true},
		{"POST /api/v1/port-outs/{id}/documents", x.uploadPortOutDocument, true},
		{"GET /api/v1/port-outs/{id}/documents/{doc}", x.downloadPortOutDocument, true},
		{"GET /api/v1/accounts/{id}/port-out-settings", x.getPortOutSettings, true},
		{"PATCH /api/v1/accounts/{id}/port-out-settings", x.patchPortOutSettings, true},
		{"PUT /api/v1/accounts/{id}/port-out-pin", x.putPortOutPIN, true},
		{"DELETE /api/v1/accounts/{id}/port-out-pin", x.deletePortOutPIN, true},
		{"PUT /api/v1/accounts/{id}/number-locks/{number}", x.lockNumber, true},
		{"DELETE /api/v1/accounts/{id}/number-locks/{number}", x.unlockNumber, true},
		{"POST /api/v1/inventory", x.addInventory, false},
		{"POST /api/v1/accounts/{id}/invitations", x.invite, true},
		{"POST /api/v1/me/password", x.changePassword, false},
		{"POST /api/v1/users/{id}/disable", x.setDisabled(true), true},
		{"POST /api/v1/users/{id}/enable", x.setDisabled(false), true},
		{"DELETE /api/v1/users/{id}", x.removeUser, true},
		{"GET /api/v1/accounts/{id}/tokens", x.listAccountTokens, true},
		{"DELETE /api/v1/accounts/{id}/tokens/{token}", x.revokeAccountToken, true},
	}
}

// New returns the API handler, to be mounted at /api/ without stripping the prefix.
func New(a *app.App, o Options) http.Handler {
	h, _ := build(a, o)
	return h
}

// build is New, with the api behind the handler for tests to look into.
func build(a *app.App, o Options) (http.Handler, *api) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.ListCacheBytes == 0 {
		o.ListCacheBytes = DefaultListCacheBytes
	}
	x := &api{app: a, log: o.Log, opts: o, limits: a.Desk.Limits, lists: newListCache(o.ListCacheBytes, o.ListCacheCounts)}
	routes := http.NewServeMux() // the endpoints alone, to tell 404 from 405
	mux := http.NewServeMux()
	for _, rt := range x.routes() {
		routes.Handle(rt.pattern, http.NotFoundHandler())
		mux.Handle(rt.pattern, x.authed(rt.h))
	}
	for _, rt := range x.publicRoutes() {
		routes.Handle(rt.pattern, http.NotFoundHandler())
		mux.Handle(rt.pattern, x.public(rt.h))
	}
	mux.HandleFunc("GET /api/v1/openapi.json", serveOpenAPI)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) { x.unmatched(w, r, routes) })
	return mux, x
}
