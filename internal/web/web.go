// Package web is PortDesk's server-rendered UI: html/template pages from embed.FS, our own
// CSS and a little JavaScript for progressive enhancement. Every page works with plain form
// posts; every rule lives in the use-case packages (package app assembles them).
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/portdesk/portdesk/internal/app"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure the UI.
type Options struct {
	Log           *slog.Logger
	SecureCookies bool // set when served over https
	ProxyHops     int  // trusted proxies in front: read the client address from X-Forwarded-For (httpx.ClientIP); 0 takes the peer
}

type ui struct {
	app   *app.App
	log   *slog.Logger
	opts  Options
	pages map[string]*template.Template
}

// New returns the UI handler; it serves everything but /api/.
func New(a *app.App, o Options) (http.Handler, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	u := &ui{app: a, log: o.Log, opts: o, pages: pages}
	static, _ := fs.Sub(staticFS, "static")

	mux := http.NewServeMux()
	mux.Handle("GET /static/", cacheFor(http.StripPrefix("/static/", http.FileServerFS(static))))
	mux.Handle("GET /favicon.ico", cacheFor(http.RedirectHandler("/static/favicon.svg", http.StatusMovedPermanently)))
	mux.HandleFunc("GET /login", u.loginPage)
	mux.HandleFunc("POST /login", u.login)
	mux.Handle("POST /logout", u.authed(u.logout))
	mux.Handle("GET /{$}", u.authed(u.list))
	mux.Handle("GET /port-ins/new", u.authed(u.newForm))
	mux.Handle("POST /port-ins", u.authed(u.create))
	mux.Handle("GET /port-ins/new/guided", u.authed(u.newGuided))
	mux.Handle("POST /port-ins/new/guided", u.authed(u.createGuided))
	mux.Handle("GET /port-ins/{id}/steps/{step}", u.authed(u.stepPage))
	mux.Handle("POST /port-ins/{id}/steps/details", u.authed(u.saveDetails))
	mux.Handle("POST /port-ins/{id}/steps/agreements", u.authed(u.saveAgreements))
	mux.Handle("GET /port-ins/{id}/change", u.authed(u.changeForm))
	mux.Handle("POST /port-ins/{id}/change/date", u.authed(u.changeDate))
	mux.Handle("POST /port-ins/bulk", u.authed(u.bulk))
	mux.Handle("GET /port-ins/{id}", u.authed(u.show))
	mux.Handle("GET /port-ins/{id}/edit", u.authed(u.editForm))
	mux.Handle("POST /port-ins/{id}/edit", u.authed(u.update))
	mux.Handle("POST /port-ins/{id}/numbers/preview", u.authed(u.previewNumbers))
	mux.Handle("POST /port-ins/{id}/numbers", u.authed(u.addNumbers))
	mux.Handle("POST /port-ins/{id}/numbers/remove", u.authed(u.removeNumber))
	mux.Handle("POST /port-ins/{id}/submit", u.authed(u.submit))
	mux.Handle("POST /port-ins/{id}/cancel", u.authed(u.cancel))
	mux.Handle("POST /port-ins/{id}/transition", u.authed(u.transition))
	mux.Handle("POST /port-ins/{id}/notes", u.authed(u.addNote))
	mux.Handle("POST /port-ins/{id}/recipients", u.authed(u.editRecipients))
	mux.Handle("POST /port-ins/{id}/recipients/invite", u.authed(u.inviteRecipient))
	mux.Handle("POST /port-ins/{id}/fix", u.authed(u.requestFix))
	mux.Handle("POST /port-ins/{id}/foc", u.authed(u.setFOC))
	mux.Handle("POST /port-ins/{id}/assign", u.authed(u.assign))
	mux.Handle("POST /port-ins/{id}/complete-numbers", u.authed(u.completeNumbers))
	mux.Handle("GET /check", u.authed(u.checkForm))
	mux.Handle("POST /check", u.authed(u.check))
	mux.Handle("POST /check/start", u.authed(u.startFromCheck))
	mux.Handle("POST /port-ins/{id}/quote", u.authed(u.acceptQuote))
	mux.Handle("GET /port-ins/{id}/loa.pdf", u.authed(u.letter))
	mux.Handle("POST /port-ins/{id}/loa/sign", u.authed(u.signLetter))
	mux.Handle("POST /port-ins/{id}/loa/send", u.authed(u.sendForSignature))
	mux.Handle("POST /port-ins/{id}/loa/requests/{request}/revoke", u.authed(u.revokeSignatureRequest))
	mux.Handle("GET /port-ins/{id}/loa/frozen/{letter}", u.authed(u.frozenLetter))
	mux.Handle("POST /port-ins/{id}/documents", u.authed(u.uploadDocument))
	mux.Handle("GET /port-ins/{id}/documents/{doc}", u.authed(u.downloadDocument))
	mux.Handle("POST /port-ins/{id}/documents/{doc}/delete", u.authed(u.deleteDocument))
	mux.Handle("POST /port-ins/{id}/pac", u.authed(u.enterPAC))
	mux.Handle("GET /settings/agreements", u.authed(u.agreements))
	mux.Handle("POST /settings/agreements", u.authed(u.saveAgreement))
	mux.Handle("POST /settings/agreements/{id}", u.authed(u.saveAgreement))
	mux.Handle("POST /settings/agreements/{id}/delete", u.authed(u.deleteAgreement))
	mux.Handle("GET /settings/prices", u.authed(u.prices))
	mux.Handle("POST /settings/prices", u.authed(u.savePrices))
	mux.Handle("GET /settings/carriers", u.authed(u.carriers))
	mux.Handle("POST /settings/carriers", u.authed(u.saveCarrier))
	mux.Handle("POST /settings/carriers/{id}/delete", u.authed(u.deleteCarrier))
	mux.Handle("POST /settings/carriers/{id}/key", u.authed(u.setCarrierKey))
	mux.Handle("POST /port-ins/{id}/send-to-carrier", u.authed(u.sendToCarrier))
	mux.Handle("GET /settings/mail", u.authed(u.mail))
	mux.Handle("GET /port-ins/export.csv", u.authed(u.exportList))
	mux.Handle("GET /numbers", u.authed(u.inventory))
	mux.Handle("GET /numbers/export.csv", u.authed(u.exportInventory))
	mux.Handle("GET /reports/time-to-port", u.authed(u.timeToPort))
	mux.Handle("GET /settings/mail/{file}", u.authed(u.mailPreview))
	mux.Handle("GET /settings/mail/{file}/eml", u.authed(u.mailFile))
	mux.Handle("GET /settings/mail/{file}/html", u.authed(u.mailHTML))
	mux.Handle("GET /settings/mail/{file}/attachments/{part}", u.authed(u.mailAttachment))
	mux.Handle("GET /settings/ranges", u.authed(u.rangeData))
	mux.Handle("GET /settings/webhooks", u.authed(u.webhooks))
	mux.Handle("POST /settings/webhooks", u.authed(u.createWebhook))
	mux.Handle("GET /settings/webhooks/{id}", u.authed(u.webhookLog))
	mux.Handle("POST /settings/webhooks/{id}/toggle", u.authed(u.toggleWebhook))
	mux.Handle("POST /settings/webhooks/{id}/delete", u.authed(u.deleteWebhook))
	mux.Handle("POST /settings/webhooks/{id}/deliveries/{delivery}/redeliver", u.authed(u.redeliverWebhook))
	mux.Handle("GET /settings/account", u.authed(u.accountSettings))
	mux.Handle("POST /settings/account", u.authed(u.saveAccountSettings))
	mux.Handle("GET /statement", u.authed(u.statement))
	mux.Handle("GET /statement.csv", u.authed(u.statementCSV))
	mux.Handle("POST /statement/adjustments", u.authed(u.adjustLedger))
	mux.Handle("POST /statement/entries/{id}/reverse", u.authed(u.reverseLedgerEntry))
	mux.Handle("GET /port-outs", u.authed(u.portOuts))
	mux.Handle("GET /port-outs/new", u.authed(u.newPortOut))
	mux.Handle("POST /port-outs", u.authed(u.createPortOut))
	mux.Handle("GET /port-outs/{id}", u.authed(u.portOut))
	mux.Handle("POST /port-outs/{id}/authorize", u.authed(u.authorizePortOut))
	mux.Handle("POST /port-outs/{id}/reject", u.authed(u.rejectPortOut))
	mux.Handle("POST /port-outs/{id}/complete", u.authed(u.completePortOut))
	mux.Handle("POST /port-outs/{id}/cancel", u.authed(u.cancelPortOut))
	mux.Handle("GET /port-outs/{id}/documents/{doc}", u.authed(u.portOutDocument))
	mux.Handle("GET /settings/port-outs", u.authed(u.portOutSettings))
	mux.Handle("POST /settings/port-outs", u.authed(u.savePortOutSettings))
	mux.Handle("POST /settings/port-outs/lock", u.authed(u.lockPortOuts))
	mux.Handle("POST /settings/port-outs/pin", u.authed(u.savePortOutPIN))
	mux.Handle("POST /settings/port-outs/numbers", u.authed(u.lockNumber))
	mux.Handle("GET /settings/tokens", u.authed(u.tokens))
	mux.Handle("POST /settings/tokens", u.authed(u.createToken))
	mux.Handle("POST /settings/tokens/{id}/revoke", u.authed(u.revokeToken))
	mux.Handle("GET /settings/users", u.authed(u.users))
	mux.Handle("POST /settings/users/invite", u.authed(u.inviteUser))
	mux.Handle("POST /settings/users/{id}/{action}", u.authed(u.userAction))
	mux.Handle("POST /settings/users/tokens/{id}/revoke", u.authed(u.revokeAccountToken))
	mux.Handle("GET /settings/password", u.authed(u.passwordForm))
	mux.Handle("POST /settings/password", u.authed(u.changePassword))
	mux.HandleFunc("GET /forgot-password", u.forgotForm)
	mux.HandleFunc("POST /forgot-password", u.forgot)
	mux.HandleFunc("GET /reset-password", u.resetForm)
	mux.HandleFunc("POST /reset-password", u.reset)
	mux.HandleFunc("GET /invitation", u.invitationForm)
	mux.HandleFunc("POST /invitation", u.acceptInvitation)
	// Signature links: the letter and its signing, for someone without an account.
	mux.HandleFunc("GET /sign", u.signForm)
	mux.HandleFunc("GET /sign/letter.pdf", u.signLetterPDF)
	mux.HandleFunc("POST /sign", u.sign)
	mux.Handle("/", u.authed(func(w http.ResponseWriter, r *http.Request, s *session) {
		u.notFound(w, r, s)
	}))
	return secureHeaders(mux), nil
}

func cacheFor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// secureHeaders keeps pages from being framed, sniffed or running anyone else's script.
func secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}
