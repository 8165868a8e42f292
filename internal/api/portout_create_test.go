package api

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/documents"
	"github.com/portdesk/portdesk/internal/domain"
)

// putCounter is a document store that counts the blobs written to it.
type putCounter struct {
	domain.DocumentStore
	mu   sync.Mutex
	keys []string
}

func (p *putCounter) Put(ctx context.Context, key string, data []byte, contentType string) error {
	p.mu.Lock()
	p.keys = append(p.keys, key)
	p.mu.Unlock()
	return p.DocumentStore.Put(ctx, key, data, contentType)
}

func (p *putCounter) stored() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.keys...)
}

// A port-out refused for a number that cannot be read leaves no document's bytes behind.
func TestRefusedPortOutStoresNoDocument(t *testing.T) {
	t.Parallel()
	d := newPortOutDesk(t, "0113 496 0901")
	mem, err := documents.Open(context.Background(), "mem://")
	if err != nil {
		t.Fatal(err)
	}
	docs := &putCounter{DocumentStore: mem}
	d.env.UseDocuments(t, docs)
	d.c = newClient(t, d.env) // the API on the desk that keeps its documents in docs
	loa := formPart{name: "file", value: string(desktest.BillPDF("Gamma LOA")), file: "loa.pdf"}
	account := formPart{name: "account_id", value: fmt.Sprint(d.cust.Account.ID)}
	gamma := formPart{name: "gaining_provider", value: "Gamma"}

	body, ct := multipartForm(account, gamma, formPart{name: "numbers", value: "0113 496 0901\nnot a number"}, loa)
	var prob problemJSON
	d.c.want(d.c.do("POST", "/api/v1/port-outs", d.staffTok, body, "Content-Type", ct), 422).json(t, &prob)
	if fields := fieldsOf(prob); len(fields) != 1 || fields[0] != "numbers[1]" {
		t.Fatalf("an unreadable number: %+v", prob)
	}
	if keys := docs.stored(); len(keys) != 0 {
		t.Fatalf("a refused port-out stored %v", keys)
	}

	body, ct = multipartForm(account, gamma, formPart{name: "numbers", value: "0113 496 0901"}, loa)
	d.c.want(d.c.do("POST", "/api/v1/port-outs", d.staffTok, body, "Content-Type", ct), 201)
	if keys := docs.stored(); len(keys) != 1 {
		t.Fatalf("a port-out with its document stored %v", keys)
	}
}
