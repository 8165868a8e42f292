package httpx

import "context"

type requestIDKey struct{}

// WithRequestID returns ctx carrying the request's id (X-Request-Id), so that whatever
// logs on the request's behalf can name it.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID is the id WithRequestID put in ctx, or "" when there is none.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
