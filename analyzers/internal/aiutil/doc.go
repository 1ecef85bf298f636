package aiutil

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtractDoc returns the documentation of the named analyzer from the
// package comment of a doc.go file: the text after a line "# Analyzer name",
// up to the next heading. It panics when there is none, so a missing doc is
// caught by the first test.
func MustExtractDoc(src, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic(fmt.Sprintf("doc.go of analyzer %s: no package comment", name))
	}
	text := f.Doc.Text()
	_, after, ok := strings.Cut(text, "# Analyzer "+name+"\n")
	if !ok {
		panic(fmt.Sprintf("doc.go: no \"# Analyzer %s\" heading", name))
	}
	if i := strings.Index(after, "\n# "); i >= 0 {
		after = after[:i]
	}
	return strings.TrimSpace(after)
}

var _ = ast.Inspect
