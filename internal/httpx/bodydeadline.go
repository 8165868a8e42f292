package httpx

import (
	"io"
	"net/http"
	"time"
)

// DefaultBodyIdle is the longest a request body may pause between two reads: under the five
// seconds a slow-drip attacker would wait between bytes, well over any pause a working
// connection makes.
const DefaultBodyIdle = 4 * time.Second

// BodyReadDeadline cuts off request bodies that stall: before each read of the body the
// connection gets a read deadline idle from now, so an upload of any size goes on while data
// keeps coming, but a client that dribbles a byte now and then holds a connection and a
// goroutine only until the first long pause. (The server's ReadTimeout would bound the
// whole body instead, and with it the largest upload a slow link can send.) It must wrap
// the server's own ResponseWriter, or anything that unwraps to it.
func BodyReadDeadline(next http.Handler, idle time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		b := &idleBody{ReadCloser: r.Body, rc: rc, idle: idle}
		r.Body = b
		next.ServeHTTP(w, r)
		if !b.done {
			// The handler left some of the body unread (a form refused before it was read):
			// the server drains the rest before it answers, and that must not wait on a
			// dribble either.
			_ = rc.SetReadDeadline(time.Now().Add(idle))
		}
	})
}

type idleBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	idle time.Duration
	done bool
}

func (b *idleBody) Read(p []byte) (int, error) {
	if b.done {
		return b.ReadCloser.Read(p)
	}
	_ = b.rc.SetReadDeadline(time.Now().Add(b.idle)) // a writer that cannot: no deadline
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		// The body is over and the server lifted the deadline to watch the connection while
		// the handler works: a read after this must not set it again, or that watch would
		// time out and cancel the request.
		b.done = true
	}
	return n, err
}
