package api

import (
	"net/http"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/portdesk/portdesk/internal/domain"
	"github.com/portdesk/portdesk/internal/portin"
)

// DefaultListCacheBytes is how much of customers' list pages (and pages of settled
// requests) an API server keeps by default.
const DefaultListCacheBytes = 32 << 20

// listCache keeps customers' list pages as they were sent, each with the list versions of
// the accounts its customer sees (domain.Subtree.ListVersions) as read before the page was.
// A customer's token is read with those versions on every call, so a page read at the same
// versions is the same page and is sent again without reading a request: a client polling
// its list costs one read of its token. The versions are the database's, kept by its
// triggers in the transaction of every write, so each replica's cache is right on its own.
// A page read at versions that have moved since can only be newer than its key says, never
// older: the list is read after the versions, so a page is never kept under versions it is
// behind.
//
// A customer's GET of one request is kept the same way when all it shows is read from the
// request's own rows (portin.View.Keep), each write to which moves the same version:
// an integration polling a submitted request for its FOC costs one read of its token too.
// So is the team's: its token reads no versions (its scope is every account), so a read of
// the request's stamp (portin.Stamp: its account and that account's version) comes first,
// two small reads where a fresh one takes four. Where the store tells the moment the
// token was read at (domain.Moment), a read kept and known current at that very moment
// stands with no stamp read: nothing was committed since, by any replica.
//
// So is a read of an editable request, whose plan reads beyond the request's own rows: what
// it reads in the database moves the same version too (domain.PortInStamp), and the date
// and the range data it reads are kept with it (portin.Keep) and compared before it is
// sent again (portin.Service.Stands): a wizard polling its draft costs one small read, not
// the plan again.
type listCache struct {
	max    int // bytes of pages kept at most; 0 keeps none
	mu     sync.Mutex
	pages  map[listKey]listPage
	size   int
	counts *ListCacheCounts
}

// ListCacheCounts are what the list cache did, for metrics: pages sent from it (Hits) and
// read afresh (Misses); the team's lists, never kept, are in neither. AtMoment are the hits
// sent with no versions read, known current at the moment of the caller's sign-in.
type ListCacheCounts struct{ Hits, Misses, AtMoment atomic.Int64 }

// listKey is whose list and which: one user's pages are never another's, even in one
// account (a filter may name the user, as assigned=me does).
type listKey struct {
	user        int64
	role        domain.Role // what the user may do, should it change
	path, query string
}

type listPage struct {
	ids, versions []int64
	body          []byte
	etag          int64       // a request's version, sent as its ETag; 0 for a list
	keep          portin.Keep // what a request's read is kept by beyond its versions
	// moment is the latest sign-in's moment the page was known current at: read after it,
	// or found at the versions read after it.
	moment domain.Moment
}

// cost is what a page kept under k takes, roughly, in bytes.
func (p listPage) cost(k listKey) int {
	return len(p.body) + len(k.query) + len(k.path) + 16*len(p.ids)
}

func newListCache(maxBytes int, counts *ListCacheCounts) *listCache {
	if counts == nil {
		counts = &ListCacheCounts{}
	}
	return &listCache{max: maxBytes, pages: map[listKey]listPage{}, counts: counts}
}

// scope is the subtree an actor's page may be cached under: a customer's read with its
// versions; nil (nothing kept) for the team, whose lists span every account.
func (c *listCache) scope(a domain.Actor) *domain.Subtree {
	t := a.Subtree
	if !c.on() || a.Staff || t == nil || len(t.ListVersions) != len(t.IDs) || len(t.IDs) == 0 {
		return nil
	}
	return t
}

func (c *listCache) on() bool { return c != nil && c.max > 0 }

// stampScope is the subtree a team member's read of one request is kept under: the
// request's account alone, at its version read with the stamp.
func stampScope(st domain.PortInStamp) *domain.Subtree {
	return &domain.Subtree{Root: st.AccountID, IDs: []int64{st.AccountID}, ListVersions: []int64{st.Version}}
}

// keyOf is what the actor's call is kept under.
func keyOf(r *http.Request, a domain.Actor) listKey {
	return listKey{user: a.UserID, role: a.Role, path: r.URL.Path, query: r.URL.RawQuery}
}

// momentOf is the moment an actor's pages are kept at: the team's, whose reads are sent at
// their moment (sendAt); none for a customer, whose token reads its versions anyway, so that
// its hits, which a moment moved by any commit would mark afresh, write nothing to the cache.
func momentOf(a domain.Actor) domain.Moment {
	if a.Staff {
		return a.Moment
	}
	return ""
}

// sendKept sends the page kept under key, when there is one at the versions of scope (the
// accounts the page covers, as read just now) that still stands (portin.Service.Stands:
// a list's and a settled request's always do), and reports whether it did. A nil scope:
// nothing is kept.
func (x *api) sendKept(w http.ResponseWriter, key listKey, a domain.Actor, scope *domain.Subtree) bool {
	if scope == nil {
		return false
	}
	p, ok := x.lists.get(key, scope, momentOf(a))
	ok = ok && x.sendPage(w, p)
	if !ok {
		x.lists.counts.Misses.Add(1)
	}
	return ok
}

// sendAt sends the page kept under key when it was known current at the moment the actor's
// sign-in was read, so that nothing has been committed since, and it still stands; it
// reports whether it did. A miss is not counted: the versions are read next.
func (x *api) sendAt(w http.ResponseWriter, key listKey, a domain.Actor) bool {
	p, ok := x.lists.at(key, momentOf(a))
	if !ok || !x.sendPage(w, p) {
		return false
	}
	x.lists.counts.AtMoment.Add(1)
	return true
}

// sendPage sends p when it still stands.
func (x *api) sendPage(w http.ResponseWriter, p listPage) bool {
	if !x.app.PortIns.Stands(p.keep) {
		return false
	}
	x.lists.counts.Hits.Add(1)
	if p.etag != 0 {
		setETag(w, p.etag)
	}
	writeJSONBody(w, http.StatusOK, p.body)
	return true
}

// at is the page kept for k when it was known current at moment m.
func (c *listCache) at(k listKey, m domain.Moment) (listPage, bool) {
	if !c.on() {
		return listPage{}, false
	}
	c.mu.Lock()
	p, ok := c.pages[k]
	c.mu.Unlock()
	return p, ok && p.moment.Same(m)
}

// get is the page kept for k at the subtree's versions, read after moment m: found, it is
// current at m too.
func (c *listCache) get(k listKey, t *domain.Subtree, m domain.Moment) (listPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[k]
	if !ok || !slices.Equal(p.ids, t.IDs) || !slices.Equal(p.versions, t.ListVersions) {
		return listPage{}, false
	}
	if m != "" && p.moment != m {
		p.moment = m
		c.pages[k] = p
	}
	return p, true
}

// put keeps body (with etag, a request's version, or 0, and what a request's read is kept
// by) as k's page at the subtree's versions, read after moment m (the actor's sign-in's), in
// place of any older one, making room by dropping pages at random (a map's order) when the
// cache is full. A nil subtree (no scope) keeps nothing.
func (c *listCache) put(k listKey, t *domain.Subtree, m domain.Moment, body []byte, etag int64, keep portin.Keep) {
	if t == nil {
		return
	}
	// Copies: the actor's subtree is the request's to use as it likes.
	page := listPage{ids: slices.Clone(t.IDs), versions: slices.Clone(t.ListVersions), body: body, etag: etag, keep: keep, moment: m}
	n := page.cost(k)
	if n > c.max/8 {
		return // one page may not crowd out the rest
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.pages[k]; ok {
		c.size -= old.cost(k)
		delete(c.pages, k)
	}
	for key, p := range c.pages {
		if c.size+n <= c.max {
			break
		}
		c.size -= p.cost(key)
		delete(c.pages, key)
	}
	c.pages[k] = page
	c.size += n
}
