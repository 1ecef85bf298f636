package aiutil

import (
	"fmt"
	"go/token"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/tollgate-dev/tollgate/finding"
)

// Report is one diagnostic with the facts it rests on, kept so the tollgate
// driver can turn it into a finding with evidence; go vet and analysistest
// see the plain diagnostic.
type Report struct {
	Pos, End token.Pos
	Rule     string
	Message  string
	Evidence map[string]string
}

// Reports is the result type of every rule analyzer.
type Reports struct{ List []Report }

// ReportsType is the reflect type of *Reports, for Analyzer.ResultType.
var ReportsType = reflect.TypeFor[*Reports]()

// Add reports a diagnostic of rule at node and records it.
func (rs *Reports) Add(pass *analysis.Pass, rule finding.Rule, pos, end token.Pos, ev map[string]string, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	rs.List = append(rs.List, Report{Pos: pos, End: end, Rule: rule.ID, Message: msg, Evidence: ev})
	pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: rule.ID, Message: msg,
		URL: "https://github.com/tollgate-dev/tollgate#go-code-at-the-ai-boundary"})
}

// RuleAnalyzer builds a rule analyzer on the inventory analyzer inv: it
// requires inv (and any extra analyzers), takes its doc from the package's
// doc.go source, returns *Reports, and runs run on inv's result of type R.
func RuleAnalyzer[R any](name, docSrc string, inv *analysis.Analyzer, run func(*analysis.Pass, R) (any, error), extra ...*analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       name,
		Doc:        MustExtractDoc(docSrc, name),
		URL:        "https://github.com/tollgate-dev/tollgate#go-code-at-the-ai-boundary",
		Requires:   append([]*analysis.Analyzer{inv}, extra...),
		ResultType: ReportsType,
		Run: func(pass *analysis.Pass) (any, error) {
			return run(pass, pass.ResultOf[inv].(R))
		},
	}
}
