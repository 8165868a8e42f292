package portin

import (
	"bytes"
	"testing"
)

func TestPINSealer(t *testing.T) {
	t.Parallel()
	p, err := NewPINSealer([]byte("a secret key of at least 32 bytes"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := p.Seal("1234"), p.Seal("1234")
	if bytes.Equal(a, b) || bytes.Contains(a, []byte("1234")) {
		t.Fatal("sealing must use a fresh nonce and hide the PIN")
	}
	if got, err := p.Open(a); err != nil || got != "1234" {
		t.Fatalf("open: %q %v", got, err)
	}
	other, _ := NewPINSealer([]byte("another secret key, 32 bytes long"))
	if _, err := other.Open(a); err == nil {
		t.Fatal("another key must not open it")
	}
	a[len(a)-1] ^= 1
	if _, err := p.Open(a); err == nil {
		t.Fatal("a tampered PIN must not open")
	}
	if _, err := NewPINSealer([]byte("short")); err == nil {
		t.Fatal("a short key must be refused")
	}
}
