package scan

import (
	"context"
	"fmt"

	"github.com/tollgate-dev/tollgate/mlops"
	"github.com/tollgate-dev/tollgate/pipeline"
	"github.com/tollgate-dev/tollgate/report"
)

func init() { Register(mlopsDomain{}) }

// mlopsDomain adapts the mlops package. It owns the CI files (parsed into
// the pipeline model, where training jobs, their triggers, evaluation gates
// and model deploys are found), reads the rest of the tree by names, sizes
// and small files, and opens the git repository read-only for HEAD's tree
// and the model cards' history.
type mlopsDomain struct{}

// maxEvidence is how many places the report names per signal.
const maxEvidence = 5

func (mlopsDomain) Name() string { return "mlops" }
func (mlopsDomain) Owns(p string) bool {
	return pipeline.KindOf(p) != "" || pipeline.IsCloudBuild(p) || pipeline.MaybeCloudBuild(p)
}
func (mlopsDomain) Analyze(ctx context.Context, in *Input) (*Result, error) {
	tree := make([]mlops.File, len(in.Tree))
	for i, f := range in.Tree {
		tree[i] = mlops.File(f)
	}
	opts := mlops.Options{}
	if len(in.Files) > 0 {
		// One parse gives both the model (training jobs and their
		// triggers) and the gate inventory (evaluation gates and model
		// deploys), with no rule run; the pipeline domain reports the
		// pipelines' own findings.
		pres, err := pipeline.Model(ctx, in.FS, in.Files)
		if err != nil {
			return nil, fmt.Errorf("read pipelines: %w", err)
		}
		opts.Pipelines, opts.Gates = pres.Pipelines, pres.Gates
	}
	if in.Root != "" {
		// A repository go-git cannot open is scanned as a plain
		// directory: artifacts from the work tree, no card history.
		repo, _ := mlops.OpenRepo(in.Root)
		opts.Repo = repo
	}
	res, err := mlops.Analyze(ctx, in.FS, tree, opts)
	if err != nil {
		return nil, err
	}
	sec := &report.MLOps{Level: res.Level, Stage: mlops.LevelName(res.Level), Cards: res.Cards,
		Levels: res.Levels, Cap: res.Cap, Tools: res.Tools, CardFreshness: res.CardFreshness,
		ArtifactsFrom: res.ArtifactsFrom, HistoryTruncated: res.HistoryTruncated}
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
