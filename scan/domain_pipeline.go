package scan

import (
	"context"

	"github.com/tollgate-dev/tollgate/pipeline"
)

func init() { Register(pipelineDomain{}) }

// pipelineDomain adapts the pipeline package.
type pipelineDomain struct{}

func (pipelineDomain) Name() string       { return "pipeline" }
func (pipelineDomain) Owns(p string) bool { return pipeline.KindOf(p) != "" }
func (pipelineDomain) Analyze(ctx context.Context, in *Input) (*Result, error) {
	res, err := pipeline.Analyze(ctx, in.FS, in.Files, pipeline.Options{})
	if err != nil {
		return nil, err
	}
	return &Result{Findings: res.Findings}, nil
}
