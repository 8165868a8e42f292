package portin

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
)

// PINSealer encrypts account PINs at rest with AES-256-GCM. The key is derived from the
// deployment's secret key, so every replica can open what another sealed.
type PINSealer struct{ aead cipher.AEAD }

// NewPINSealer derives the AES key from secret (any length; at least 32 bytes recommended).
func NewPINSealer(secret []byte) (*PINSealer, error) {
	if len(secret) < 16 {
		return nil, errors.New("secret key must be at least 16 bytes")
	}
	key := sha256.Sum256(append([]byte("portdesk pin v1\x00"), secret...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &PINSealer{aead: aead}, nil
}

// Seal returns nonce || ciphertext; a fresh nonce each time, so equal PINs look different.
func (p *PINSealer) Seal(pin string) []byte {
	nonce := make([]byte, p.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return p.aead.Seal(nonce, nonce, []byte(pin), nil)
}

// Open recovers a PIN; only the porting team's carrier submission needs it.
func (p *PINSealer) Open(sealed []byte) (string, error) {
	n := p.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("sealed PIN too short")
	}
	out, err := p.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return "", err
	}
	return string(out), nil
}
