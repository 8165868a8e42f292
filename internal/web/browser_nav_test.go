package web_test

import (
	"net/http/httptest"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/web"
)

// navState is what a person sees of the navigation: the Menu button and whether it says it
// is open, whether the links show, and the item marked current.
const navState = `(() => { const b = document.getElementById('nav-toggle'), n = document.querySelector('header.top nav');
  const cur = document.querySelector('header.top nav [aria-current="page"]');
  return {button: !!(b && b.offsetParent), expanded: b ? b.getAttribute('aria-expanded') : '', links: !!(n && n.offsetParent),
    current: cur ? cur.textContent.trim() : ''}; })()`

type navSeen struct {
	Button, Links     bool
	Expanded, Current string
}

// TestBrowserNavigationOnPhone: at 390 px the navigation folds behind a Menu button that the
// keyboard opens and that says whether it is open; at 1280 px there is no button and the
// links show; without JavaScript the links show on a phone too. The current page is marked.
func TestBrowserNavigationOnPhone(t *testing.T) {
	t.Parallel()
	chromium(t)
	env := desktest.New(t, desktest.SQLite)
	env.NewStaff(t, "agent@op.example", domain.RoleAdmin)
	h, err := web.New(env.App, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newChrome(t)
	look := func(step string, width int64, path string, then ...chromedp.Action) navSeen {
		t.Helper()
		var got navSeen
		acts := append([]chromedp.Action{chromedp.EmulateViewport(width, 900), chromedp.Navigate(srv.URL + path), chromedp.WaitReady("body", chromedp.ByQuery)}, then...)
		acts = append(acts, chromedp.Evaluate(navState, &got), guidedShot("nav-"+step))
		b.run(step, acts...)
		return got
	}
	b.run("log in", loginAs(srv.URL, "agent@op.example", password))
	if got := look("phone-folded", 390, "/check"); !got.Button || got.Links || got.Expanded != "false" {
		t.Errorf("at 390 px on load: %+v, want the Menu button, closed, and no links", got)
	}
	if got := look("phone-open", 390, "/check", chromedp.Focus("#nav-toggle", chromedp.ByID), chromedp.KeyEvent(kb.Enter)); !got.Links || got.Expanded != "true" || got.Current != "Check numbers" {
		t.Errorf("at 390 px after Enter on Menu: %+v, want the links, expanded, Check numbers current", got)
	}
	if got := look("laptop", 1280, "/check"); got.Button || !got.Links || got.Current != "Check numbers" {
		t.Errorf("at 1280 px: %+v, want the links and no Menu button", got)
	}
	b.run("no JavaScript", emulation.SetScriptExecutionDisabled(true))
	if got := look("phone-no-js", 390, "/check"); got.Button || !got.Links {
		t.Errorf("at 390 px without JavaScript: %+v, want the links shown", got)
	}
}
