// Package carrierstest holds what the fake carriers of the tests share: the failures they
// are told to answer with (a 429, a 500, an answer lost after the carrier acted).
package carrierstest

import (
	"net/http"
	"strings"
	"sync"
)

// Faults are the failures a fake carrier is told to answer with, each once, in order.
type Faults struct {
	mu   sync.Mutex
	list []fault
}

// fault is a call to fail: the next whose method and path start with match.
type fault struct {
	match  string
	status int
	done   bool // the call is carried out, and its answer lost
}

// FailNext makes the next calls answer these statuses (429, 500…), one each.
func (f *Faults) FailNext(statuses ...int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, st := range statuses {
		f.list = append(f.list, fault{status: st})
	}
}

// FailOn makes the next call whose method and path start with match answer status.
func (f *Faults) FailOn(match string, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, fault{match: match, status: status})
}

// LoseAnswerOn carries out the next call matching, then answers 500 as if it had failed:
// the caller cannot tell it worked (a timeout after the carrier acted).
func (f *Faults) LoseAnswerOn(match string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, fault{match: match, status: http.StatusInternalServerError, done: true})
}

// Take removes the first failure r meets, if any: the status to answer, and whether the call
// is carried out before it is answered so.
func (f *Faults) Take(r *http.Request) (status int, carryOut, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, ft := range f.list {
		if strings.HasPrefix(r.Method+" "+r.URL.Path, ft.match) {
			f.list = append(f.list[:i], f.list[i+1:]...)
			return ft.status, ft.done, true
		}
	}
	return 0, false, false
}
