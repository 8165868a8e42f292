package documents

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// (the default, under the data directory)
	_ "gocloud.dev/blob/memblob"  // mem:// (tests)
	_ "gocloud.dev/blob/s3blob"   // s3:// (several replicas in production)
	"gocloud.dev/gcerrors"

	"github.com/portdesk/portdesk/internal/domain"
)

// Key is where a request's document is kept: by content, so the same file uploaded twice is
// kept once.
func Key(portInID int64, sum [32]byte) string {
	return fmt.Sprintf("port-ins/%d/%x", portInID, sum)
}

// LetterKey is where a request's frozen letter of authorisation is kept: apart from its
// uploads, so that removing an upload of the same bytes never takes the letter with it.
func LetterKey(portInID int64, sum [32]byte) string {
	return fmt.Sprintf("port-ins/%d/letters/%x", portInID, sum)
}

// Store keeps documents' bytes in a gocloud blob bucket.
type Store struct {
	bucket *blob.Bucket
}

var _ domain.DocumentStore = (*Store)(nil)

// Open opens the bucket at url: file:///dir?create_dir=true, s3://bucket?region=…, mem://.
func Open(ctx context.Context, url string) (*Store, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, err
	}
	return &Store{bucket: b}, nil
}

// Put writes a document's bytes; a partly written blob is never visible under key.
func (s *Store) Put(ctx context.Context, key string, data []byte, contentType string) error {
	w, err := s.bucket.NewWriter(ctx, key, &blob.WriterOptions{ContentType: contentType})
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
		_ = w.Close()
		return err
	}
	return w.Close()
}

// Get opens a document's bytes; a missing blob is domain.ErrNotFound.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	r, err := s.bucket.NewReader(ctx, key, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, domain.Errorf(domain.ErrNotFound, "the document's file is missing")
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Delete removes a document's bytes; deleting what is already gone is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	err := s.bucket.Delete(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil
	}
	return err
}

// Close releases the bucket.
func (s *Store) Close() error { return s.bucket.Close() }
