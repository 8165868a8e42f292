// Package httpx is the HTTP edge shared by the API (package api) and the UI (package web):
// the status an error code answers with, the address a request came from, how a stored
// upload is sent back, and the request id a request carries in its context. The two
// adapters never import each other; what both need lives here.
package httpx
