package scan

import (
	"context"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/tollgate-dev/tollgate/analyzers/driver"
	"github.com/tollgate-dev/tollgate/finding"
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
	// The go command opens every Go input of a package itself: it would
	// block on a FIFO and follow a link out of the repository. The walk
	// refused those; the go domain does not run the go command on them.
	if bad := refusedGoInputs(in.Refused); len(bad) > 0 {
		var fs []finding.Finding
		for _, p := range bad {
			f := driver.PackageNotLoaded.New(finding.Location{Path: p},
				"Go analysis skipped: %q is a link out of the repository or not a regular file, and the go command would open it", p)
			f.Severity = finding.High
			fs = append(fs, f)
		}
		return &Result{Findings: fs}, nil
	}
	if in.Progress != nil {
		in.Progress("go", "loading packages", 0, len(in.Files))
	}
	// A cold build cache makes the first load take minutes: say so every few
	// seconds, as plain lines on stderr when no progress display is set up
	// (output piped, CI).
	opts.Progress = func(msg string) { fmt.Fprintf(os.Stderr, "tollgate: go: %s\n", msg) }
	if in.Progress != nil {
		opts.Progress = func(msg string) { in.Progress("go", msg, 0, 0) }
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

// refusedGoInputs returns the refused paths the go command would open.
func refusedGoInputs(refused []string) []string {
	var out []string
	for _, p := range refused {
		switch base := path.Base(p); {
		case strings.HasSuffix(base, ".go"), base == "go.mod", base == "go.sum", base == "go.work", base == "go.work.sum", p == "vendor/modules.txt":
			out = append(out, p)
		}
	}
	return out
}
