package httpx

import (
	"context"
	"testing"
)

func TestRequestID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{name: "none", ctx: context.Background(), want: ""},
		{name: "set", ctx: WithRequestID(context.Background(), "4f2a9c1be07d3a55"), want: "4f2a9c1be07d3a55"},
		{name: "the innermost wins", ctx: WithRequestID(WithRequestID(context.Background(), "outer"), "inner"), want: "inner"},
		{name: "survives derived contexts", ctx: context.WithValue(WithRequestID(context.Background(), "abc"), struct{}{}, 1), want: "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := RequestID(tt.ctx); got != tt.want {
				t.Errorf("RequestID = %q, want %q", got, tt.want)
			}
		})
	}
}
