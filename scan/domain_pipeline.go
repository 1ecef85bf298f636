package scan

import (
	"context"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/pipeline"
	"github.com/tollgate-dev/tollgate/report"
)

func init() { Register(pipelineDomain{}) }

// pipelineDomain adapts the pipeline package.
type pipelineDomain struct{}

func (pipelineDomain) Name() string { return "pipeline" }
func (pipelineDomain) Owns(p string) bool {
	return pipeline.KindOf(p) != "" || pipeline.IsCloudBuild(p) || pipeline.MaybeCloudBuild(p)
}
func (pipelineDomain) Analyze(ctx context.Context, in *Input) (*Result, error) {
	var opts pipeline.Options
	if ai := in.Policy.AI; ai != nil {
		opts.ApprovedActions = ai.ApprovedActions
		opts.ApprovedModels = ai.ApprovedModels
		opts.ApprovedEndpoints = ai.ApprovedEndpoints
	}
	if pl := in.Policy.Pipelines; pl != nil {
		opts.AllowedActions = pl.AllowedActions
		opts.MaxLines, opts.MaxJobs, opts.MaxSteps = pl.MaxLines, pl.MaxJobs, pl.MaxSteps
		opts.MaxMatrix, opts.MaxNeedsDepth = pl.MaxMatrix, pl.MaxNeedsDepth
		opts.MinRepeatFiles, opts.MaxInstallJobs = pl.MinRepeatFiles, pl.MaxInstallJobs
	}
	if t := in.Policy.Templates; t != nil {
		opts.ApprovedTemplates = t.Approved
	}
	res, err := pipeline.Analyze(ctx, in.FS, in.Files, opts)
	if err != nil {
		return nil, err
	}
	var steps []report.AIStep
	for _, s := range res.AISteps {
		steps = append(steps, report.AIStep{
			Location: finding.Location{Path: s.Pos.Path, StartLine: s.Pos.Line, StartCol: s.Pos.Col},
			Workflow: s.Workflow, Job: s.Job, Step: s.Step, Provider: s.Provider, Model: s.Model, Via: s.Via,
			Triggers: s.Triggers, Permissions: s.Permissions, Secrets: s.Secrets,
		})
	}
	var pls *report.Pipelines
	if len(res.Metrics) > 0 {
		pls = &report.Pipelines{}
		for _, m := range res.Metrics {
			pls.Workflows = append(pls.Workflows, report.WorkflowMetrics{
				Path: m.Path, Kind: string(m.Kind), Lines: m.Lines, Jobs: m.Jobs, Steps: m.Steps,
				MaxMatrix: m.MaxMatrix, RunnerMinutes: m.RunnerMinutes, UntimedJobs: m.Untimed,
				Generated: m.Generated, AISteps: m.AISteps,
			})
			pls.TotalRunnerMinutes += m.RunnerMinutes
		}
	}
	fill := func(r *report.Report) {
		if len(steps) > 0 {
			if r.AI == nil {
				r.AI = &report.AI{}
			}
			r.AI.Pipeline = steps
		}
		if pls != nil {
			r.Pipelines = pls
		}
		if res.Gates != nil {
			if r.Governance == nil {
				r.Governance = &report.Governance{}
			}
			r.Governance.Gates = res.Gates
		}
		if res.Templates != nil {
			if r.Governance == nil {
				r.Governance = &report.Governance{}
			}
			r.Governance.Templates = res.Templates
		}
	}
	// The workflows were read whole to be parsed: the policy pass reuses
	// them.
	sources := make(map[string][]byte, len(res.Files))
	for _, f := range res.Files {
		if f != nil && f.Src != nil {
			sources[f.Path] = f.Src
		}
	}
	return &Result{Findings: res.Findings, Fill: fill, Sources: sources}, nil
}
