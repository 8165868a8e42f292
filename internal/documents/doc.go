// Package documents checks uploaded proof of ownership and signed letters (by content, never
// by name) and keeps their bytes in a blob bucket: a directory by default, S3 in production,
// memory in tests.
package documents
