package documents

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// errInflatesTooFar is a PDF whose streams decode to more than the bound: a few megabytes of
// deflate can claim gigabytes, and every viewer that opens the file pays for them.
var errInflatesTooFar = errors.New("the PDF's streams decode past the bound")

// inflatedSize decodes every stream in the PDF, counting the bytes each filter chain yields
// and discarding them, and fails with errInflatesTooFar as soon as the total passes bound:
// no more than bound bytes are ever decoded, and no decoded stream is held whole in memory
// when it is deflate (the usual bomb). Image codecs (DCT, JPX, JBIG2, CCITT) are not run:
// what feeds them is counted, and their pixels are bounded by the viewer's page.
func inflatedSize(ctx *model.Context, bound int64) (int64, error) {
	var total int64
	for _, e := range ctx.XRefTable.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		var sd types.StreamDict
		switch o := e.Object.(type) {
		case types.StreamDict:
			sd = o
		case types.ObjectStreamDict:
			sd = o.StreamDict
		case types.XRefStreamDict:
			sd = o.StreamDict
		default:
			continue
		}
		n, err := decodedLength(sd, bound-total)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// decodedLength counts what sd's filters yield from its raw bytes, up to limit; past limit
// it answers errInflatesTooFar.
func decodedLength(sd types.StreamDict, limit int64) (int64, error) {
	var r io.Reader = bytes.NewReader(sd.Raw)
	for _, f := range sd.FilterPipeline {
		next, ok, err := decodeStep(f, r, limit)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		r = next
	}
	n, err := io.Copy(io.Discard, io.LimitReader(r, limit+1))
	if n > limit {
		return n, errInflatesTooFar
	}
	if errors.Is(err, errInflatesTooFar) {
		return n, err
	}
	// A stream that stops decoding early is damaged, not a bomb: viewers show what they
	// can, and pdfcpu's validation judges readability.
	return n, nil
}

// decodeStep returns a reader of what filter f decodes from r; ok is false for filters that
// are not run (image codecs, names we do not know).
func decodeStep(f types.PDFFilter, r io.Reader, limit int64) (io.Reader, bool, error) {
	switch f.Name {
	case filter.Flate:
		zr, err := zlib.NewReader(r)
		if err != nil {
			return nil, false, nil
		}
		return zr, true, nil
	case filter.ASCII85, filter.ASCIIHex, filter.RunLength, filter.LZW:
		// pdfcpu's decoders read their input whole and write their output whole, so both
		// are bounded by limit: input past it is itself too much (these filters are rare
		// after the first, and none shrinks its input by more than 2:1 when decoding).
		in, err := io.ReadAll(io.LimitReader(r, limit+1))
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, false, nil
		}
		if int64(len(in)) > limit {
			return nil, false, errInflatesTooFar
		}
		dec, err := filter.NewFilter(f.Name, intParms(f.DecodeParms), limit+1)
		if err != nil {
			return nil, false, nil
		}
		out, err := dec.Decode(bytes.NewReader(in))
		if errors.Is(err, filter.ErrDecodeLimitExceeded) {
			return nil, false, errInflatesTooFar
		}
		if err != nil || out == nil {
			return nil, false, nil
		}
		return out, true, nil
	}
	return nil, false, nil
}

// intParms is the integer decode parameters pdfcpu's filters take.
func intParms(d types.Dict) map[string]int {
	if d == nil {
		return nil
	}
	m := map[string]int{}
	for k, v := range d {
		switch v := v.(type) {
		case types.Integer:
			m[k] = v.Value()
		case types.Boolean:
			if v.Value() {
				m[k] = 1
			} else {
				m[k] = 0
			}
		}
	}
	return m
}
