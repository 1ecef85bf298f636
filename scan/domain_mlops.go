package scan

import (
	"context"

	"github.com/tollgate-dev/tollgate/mlops"
	"github.com/tollgate-dev/tollgate/pipeline"
	"github.com/tollgate-dev/tollgate/report"
)

func init() { Register(mlopsDomain{}) }

// mlopsDomain adapts the mlops package. It owns the CI files (read for
// training, evaluation and deployment commands) and judges the rest of the
// tree by names and sizes.
type mlopsDomain struct{}

// maxEvidence is how many places the report names per signal.
const maxEvidence = 5

func (mlopsDomain) Name() string       { return "mlops" }
func (mlopsDomain) Owns(p string) bool { return pipeline.KindOf(p) != "" }
func (mlopsDomain) Analyze(ctx context.Context, in *Input) (*Result, error) {
	tree := make([]mlops.File, len(in.Tree))
	for i, f := range in.Tree {
		tree[i] = mlops.File(f)
	}
	res, err := mlops.Analyze(ctx, in.FS, tree, mlops.Options{CIFiles: in.Files})
	if err != nil {
		return nil, err
	}
	sec := &report.MLOps{Level: res.Level, Stage: mlops.LevelName(res.Level), Cards: res.Cards}
	for _, a := range res.Artifacts {
		sec.Artifacts = append(sec.Artifacts, report.MLArtifact{Path: a.Path, Kind: string(a.Kind), Size: a.Size, Storage: a.Storage})
	}
	for _, name := range mlops.SignalOrder {
		s := report.MLOpsSignal{Name: name}
		for _, e := range res.Evidence {
			if e.Signal != name {
				continue
			}
			s.Present = true
			if len(s.Evidence) < maxEvidence {
				s.Evidence = append(s.Evidence, report.MLOpsEvidence{Location: e.Where, What: e.What})
			}
		}
		sec.Signals = append(sec.Signals, s)
	}
	return &Result{Findings: res.Findings, Fill: func(r *report.Report) { r.MLOps = sec }}, nil
}
