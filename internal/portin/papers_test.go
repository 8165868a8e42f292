package portin_test

import (
	"bytes"
	"context"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/portdesk/portdesk/internal/desktest"
	"github.com/portdesk/portdesk/internal/domain"
)

// papersRead is a store that counts its reads of requests' papers.
type papersRead struct {
	domain.Store
	n *atomic.Int64
}

func (s papersRead) Documents(ctx context.Context, ids []int64) ([]domain.Document, error) {
	s.n.Add(1)
	return s.Store.Documents(ctx, ids)
}

func (s papersRead) LOASignatures(ctx context.Context, ids []int64) ([]domain.LOASignature, error) {
	s.n.Add(1)
	return s.Store.LOASignatures(ctx, ids)
}

func (s papersRead) FrozenLetters(ctx context.Context, ids []int64) ([]domain.FrozenLetter, error) {
	s.n.Add(1)
	return s.Store.FrozenLetters(ctx, ids)
}

// TestGetReadsPapersOnlyWhenThereAreSome: a draft's GET works out its paperwork without
// reading documents, signatures and letters while the request counts none, the same
// paperwork as reading them gives; once a bill is uploaded it reads them and shows it.
func TestGetReadsPapersOnlyWhenThereAreSome(t *testing.T) {
	t.Parallel()
	desktest.Engines(t, func(t *testing.T, env *desktest.Env) {
		t.Parallel()
		var reads atomic.Int64
		env.WrapStore(t, func(s domain.Store) domain.Store { return papersRead{Store: s, n: &reads} })
		c := env.NewCustomer(t, "Papers Co", 0, domain.CountryGB)
		p, err := env.PortIns.Create(ctx, c.Actor, desktest.Complete())
		if err != nil {
			t.Fatal(err)
		}
		same := func(what string, id int64) {
			t.Helper()
			v, err := env.PortIns.Get(ctx, c.Actor, id)
			if err != nil {
				t.Fatal(err)
			}
			pw, err := env.PortIns.Paperwork(ctx, c.Actor, id)
			if err != nil {
				t.Fatal(err)
			}
			got, want := *v.Paperwork, pw
			if !reflect.DeepEqual(got.Documents, want.Documents) || !reflect.DeepEqual(got.Missing, want.Missing) ||
				len(got.Letters) != len(want.Letters) || got.Bill != want.Bill || got.CanSign != want.CanSign {
				t.Fatalf("%s: the GET's paperwork\n %+v\nwhat reading it gives\n %+v", what, got, want)
			}
		}

		reads.Store(0)
		if _, err := env.PortIns.Get(ctx, c.Actor, p.ID); err != nil {
			t.Fatal(err)
		}
		if n := reads.Load(); n != 0 {
			t.Fatalf("a draft with no papers: %d reads of them", n)
		}
		same("no papers", p.ID)

		if _, err := env.PortIns.UploadDocument(ctx, c.Actor, p.ID, domain.DocBill, "bill.pdf", bytes.NewReader(desktest.BillPDF("Acme bill"))); err != nil {
			t.Fatal(err)
		}
		reads.Store(0)
		v, err := env.PortIns.Get(ctx, c.Actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if reads.Load() == 0 || !v.Paperwork.Bill || len(v.Paperwork.Documents) != 1 {
			t.Fatalf("after a bill: %d reads, bill %v, %d documents", reads.Load(), v.Paperwork.Bill, len(v.Paperwork.Documents))
		}
		same("a bill", p.ID)
	})
}
