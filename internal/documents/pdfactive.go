package documents

import (
	"maps"
	"slices"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// A PDF is forwarded to carriers whose staff open it: it must be a document, not a program.
// These keys and action types run something, fetch something or carry other files. pdfcpu
// decodes name escapes (/J#61vaScript is /JavaScript) before we see the names.
var (
	activeKeys = map[string]string{
		"JS":            "JavaScript",
		"JavaScript":    "JavaScript",
		"AA":            "actions that run on their own",
		"Launch":        "an action that starts a program",
		"EmbeddedFiles": "embedded files",
		"EF":            "embedded files",
		"XFA":           "an XFA form, which can run scripts",
		"RichMedia":     "embedded media",
	}
	activeActions = map[string]string{
		"JavaScript":       "JavaScript",
		"Launch":           "an action that starts a program",
		"ImportData":       "an action that imports data",
		"SubmitForm":       "an action that sends data",
		"GoToE":            "a link into an embedded file",
		"RichMediaExecute": "embedded media",
		"Rendition":        "an action that plays media",
		"Sound":            "an action that plays sound",
		"Movie":            "an action that plays a movie",
	}
	activeTypes = map[string]string{
		"EmbeddedFile":   "embedded files",
		"FileAttachment": "an attached file",
		"RichMedia":      "embedded media",
	}
)

// maxPDFDepth bounds the walk of nested direct objects; pdfcpu bounds its own recursion too.
const maxPDFDepth = 100

// activeContent reports what, if anything, in the PDF would act rather than be read. It looks
// at every object in the file, referenced or not, since a viewer may find one we do not.
func activeContent(ctx *model.Context) string {
	for _, e := range ctx.XRefTable.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		if what := activeIn(e.Object, 0); what != "" {
			return what
		}
	}
	if ctx.XRefTable.RootDict != nil {
		if what := activeIn(ctx.XRefTable.RootDict, 0); what != "" {
			return what
		}
	}
	return ""
}

func activeIn(o types.Object, depth int) string {
	if depth > maxPDFDepth {
		return "objects nested too deeply to be checked"
	}
	switch o := o.(type) {
	case types.Dict:
		return activeInDict(o, depth)
	case types.StreamDict:
		return activeInDict(o.Dict, depth)
	case types.ObjectStreamDict:
		return activeInDict(o.Dict, depth)
	case types.XRefStreamDict:
		return activeInDict(o.Dict, depth)
	case types.Array:
		for _, v := range o {
			if what := activeIn(v, depth+1); what != "" {
				return what
			}
		}
	}
	return ""
}

func activeInDict(d types.Dict, depth int) string {
	// The entry itself first, then what it holds, then an open action that is not a
	// destination: the most telling name wins (an open action running JavaScript is named
	// JavaScript), in the same order every time.
	keys := slices.Sorted(maps.Keys(d))
	for _, k := range keys {
		if what, ok := activeKeys[k]; ok {
			return what
		}
		n, _ := d[k].(types.Name)
		switch k {
		case "S":
			if what, ok := activeActions[string(n)]; ok {
				return what
			}
		case "Type", "Subtype":
			if what, ok := activeTypes[string(n)]; ok {
				return what
			}
		}
	}
	for _, k := range keys {
		if what := activeIn(d[k], depth+1); what != "" {
			return what
		}
	}
	// A destination (an array: which page, what zoom) only opens the document at a page; a
	// dictionary, or a reference to one, is an action.
	if v, ok := d["OpenAction"]; ok {
		if _, dest := v.(types.Array); !dest {
			return "an action that runs when the document opens"
		}
	}
	return ""
}
