// Package loa writes letters of authorisation: the exact content a customer signs (and its
// SHA-256, which ties a signature to that content), and the PDF a carrier receives, one
// wording per kind of port, with the signature certificate when it was signed online.
package loa
