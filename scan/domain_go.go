package scan

import (
	"context"
	"strings"

	"github.com/tollgate-dev/tollgate/analyzers/driver"
	"github.com/tollgate-dev/tollgate/report"
)

func init() { Register(goDomain{}) }

// goDomain adapts the Go analyzers (package analyzers/driver). It owns every
// .go file, so tollgate:ignore directives in Go code are judged.
type goDomain struct{}

func (goDomain) Name() string       { return "go" }
func (goDomain) Owns(p string) bool { return strings.HasSuffix(p, ".go") }
func (goDomain) Analyze(ctx context.Context, in *Input) (*Result, error) {
	opts := driver.Options{Fast: in.Mode == "check"}
	if in.Policy != nil {
		if in.Policy.AI != nil {
			opts.Wrappers = in.Policy.AI.Wrappers
		}
		if in.Policy.Go != nil && in.Policy.Go.Fast != nil {
			opts.Fast = *in.Policy.Go.Fast
		}
	}
	if in.Progress != nil {
		in.Progress("go", "loading packages", 0, len(in.Files))
	}
	res, err := driver.Analyze(ctx, in.Root, in.Files, opts)
	if err != nil {
		return nil, err
	}
	calls := make([]report.AICall, len(res.Calls))
	for i, c := range res.Calls {
		calls[i] = report.AICall{Location: c.Location, Provider: c.Provider, SDK: c.SDK, Method: c.Method,
			Model: c.Model, Streaming: c.Streaming, Function: c.Function, Via: c.Via}
	}
	return &Result{Findings: res.Findings, Fill: func(r *report.Report) {
		if len(calls) == 0 {
			return
		}
		if r.AI == nil {
			r.AI = &report.AI{}
		}
		r.AI.Code = calls
	}}, nil
}
