package documents

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Left alone, pdfcpu writes a config file under the user's config directory on first use,
// which a server should not do. Its switch is a package variable: set once here, before any
// goroutine can read it.
func init() { model.ConfigPath = "disable" }

func pdfConfig(maxInflated int64) *model.Configuration {
	conf := model.NewDefaultConfiguration()
	// What pdfcpu decodes while reading (object and cross-reference streams) is bounded
	// like the rest, before inflatedSize counts it all.
	conf.Limits.MaxDecodeBytes = maxInflated
	conf.ValidationMode = model.ValidationRelaxed // what scanners and billing systems really write
	return conf
}

// checkPDF opens a PDF with pdfcpu and refuses what a person could not read either: damaged
// files, files behind a password or encrypted, files without pages; and what a carrier's
// desk should not open: scripts, automatic actions, embedded files, streams that inflate past
// the bound.
func checkPDF(data []byte, lim Limits) (pages int, err error) {
	defer func() {
		if r := recover(); r != nil { // a parser bug on hostile input must not take the server down
			pages, err = 0, unsupported(damagedPDF)
		}
	}()
	conf := pdfConfig(lim.MaxInflated)
	ctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		if errors.Is(err, filter.ErrDecodeLimitExceeded) {
			return 0, refused(inflatesTooFar(lim.MaxInflated))
		}
		if encryptedError(err) {
			return 0, unsupported(encryptedPDF)
		}
		return 0, unsupported(damagedPDF)
	}
	if ctx.Encrypt != nil || ctx.E != nil {
		// Even with an empty user password: the carrier's desk may not open it, and the
		// content could not be trusted to stay printable.
		return 0, unsupported(encryptedPDF)
	}
	if what := activeContent(ctx); what != "" {
		return 0, refused(fmt.Sprintf("The PDF contains %s, which we do not accept in documents sent to carriers: print it to a new PDF, or scan the paper copy, and upload that.", what))
	}
	if _, err := inflatedSize(ctx, lim.MaxInflated); err != nil {
		return 0, refused(inflatesTooFar(lim.MaxInflated))
	}
	if err := api.ValidateContext(ctx); err != nil {
		return 0, unsupported(damagedPDF)
	}
	switch n := ctx.PageCount; {
	case n <= 0:
		return 0, unsupported("The PDF has no pages.")
	case n > lim.MaxPages:
		return 0, unsupported(fmt.Sprintf("The PDF has %d pages, more than the %d accepted: send only the pages that show the account and the numbers.", n, lim.MaxPages))
	default:
		return n, nil
	}
}

const (
	damagedPDF   = "The PDF could not be read: it is damaged or not really a PDF. Save or scan it again and upload the new file."
	encryptedPDF = "The PDF is password-protected or encrypted: save a copy without a password and upload that."
)

func inflatesTooFar(bound int64) string {
	return fmt.Sprintf("The PDF's content unpacks to more than %s, far more than a bill or letter needs: print it to a new PDF, or scan the paper copy, and upload that.", megabytes(bound))
}

func encryptedError(err error) bool {
	if errors.Is(err, pdfcpu.ErrWrongPassword) {
		return true
	}
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "password") || strings.Contains(msg, "encrypt")
}
