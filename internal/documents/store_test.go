package documents_test

import (
	"context"
	"io"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
)

func TestStore(t *testing.T) {
	t.Parallel()
	// s3:// against an S3 API on loopback (gofakes3, in memory): the production path through
	// the AWS SDK, without AWS.
	backend := s3mem.New()
	faker := gofakes3.New(backend)
	srv := httptest.NewServer(faker.Server())
	defer srv.Close()
	if err := backend.CreateBucket("portdesk-documents"); err != nil {
		t.Fatal(err)
	}
	for name, url := range map[string]string{
		"s3":   "s3://portdesk-documents?region=eu-west-2&anonymous=true&use_path_style=true&disable_https=true&endpoint=" + srv.URL,
		"mem":  "mem://",
		"file": "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "new", "dir")) + "?create_dir=true&no_tmp_dir=true",
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := documents.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			key := documents.Key(7, [32]byte{1, 2, 3})
			if key != "port-ins/7/0102030000000000000000000000000000000000000000000000000000000000" {
				t.Errorf("key = %s", key)
			}
			if _, err := st.Get(ctx, key); !domain.IsCode(err, domain.ErrNotFound) {
				t.Fatalf("get before put: %v", err)
			}
			if err := st.Put(ctx, key, []byte("%PDF-1.4 bill"), "application/pdf"); err != nil {
				t.Fatal(err)
			}
			rc, err := st.Get(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			if string(b) != "%PDF-1.4 bill" {
				t.Fatalf("read back %q", b)
			}
			if err := st.Delete(ctx, key); err != nil {
				t.Fatal(err)
			}
			if err := st.Delete(ctx, key); err != nil {
				t.Fatalf("deleting twice: %v", err)
			}
			if _, err := st.Get(ctx, key); !domain.IsCode(err, domain.ErrNotFound) {
				t.Fatalf("get after delete: %v", err)
			}
		})
	}
}
