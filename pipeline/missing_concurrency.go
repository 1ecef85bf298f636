package pipeline

import (
	"slices"

	"github.com/tollgate-dev/tollgate/finding"
)

var missingConcurrency = finding.Rule{
	ID:      "ci/missing-concurrency",
	Title:   "Push or pull-request workflow without concurrency",
	Default: finding.Low,
	Doc: "The workflow runs on `push` or `pull_request` and has no `concurrency:` group, so every\n" +
		"push to a pull request starts a full new run while the previous one, already outdated,\n" +
		"keeps its runners. 75% of real workflows have none.\n\n" +
		"```yaml\nconcurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n  cancel-in-progress: ${{ github.event_name == 'pull_request' }}\n```\n\n" +
		"GitLab: mark jobs `interruptible: true` (in `default:`) so a newer pipeline cancels the\n" +
		"older one, or set `workflow: auto_cancel`. Workflows whose push trigger only fires on tags are\n" +
		"not flagged: a release is not superseded by the next push.\n\n" +
		"Judged by cost: the rule keeps its severity (low) when a superseded run is expensive — a\n" +
		"pull-request trigger, or a job with a matrix, an AI step or a self-hosted or large runner —\n" +
		"and reports the others (a push-only workflow of small jobs) at info, the pedantic level.",
	Controls: []string{"SOC2:A1.1"},
}

func init() { register(missingConcurrency, checkMissingConcurrency) }

func checkMissingConcurrency(a *analysis) {
	for _, p := range a.workflows() {
		if p.Concurrency != nil || len(p.Jobs) == 0 {
			continue
		}
		if p.Kind == GitLab {
			for _, j := range p.Jobs {
				if j.Interruptible {
					goto next
				}
			}
			f := a.report(missingConcurrency, p.Pos, nil, "pipeline has no interruptible job and no workflow:auto_cancel; outdated pipelines keep running")
			a.costSeverity(f, p)
			continue
		}
		{
			evs := p.EffectiveTriggers()
			if !slices.Contains(evs, "push") && !slices.Contains(evs, "pull_request") {
				continue
			}
			// A tag push is not superseded by the next one.
			if !slices.Contains(evs, "pull_request") && tagPushOnly(p) {
				continue
			}
			for _, j := range p.Jobs {
				if j.Concurrency == nil {
					pos := p.TriggersPos
					if pos.IsZero() {
						pos = p.Pos
					}
					f := a.report(missingConcurrency, pos, nil, "workflow runs on push or pull_request without a concurrency group")
					a.costSeverity(f, p)
					break
				}
			}
		}
	next:
	}
}

// costSeverity lowers a workflow-level finding to info when no job of the
// workflow is costly.
func (a *analysis) costSeverity(f *finding.Finding, p *Pipeline) {
	for _, j := range p.Jobs {
		if why := a.costReason(j); why != "" {
			f.Evidence = ev("cost", why+" (job "+j.ID+")")
			return
		}
	}
	f.Severity = finding.Info
	f.Evidence = ev("cost", "none (no matrix, AI step, pull-request trigger or large runner)")
	finding.MarkPedantic(f)
}

// tagPushOnly reports whether the workflow's push trigger only fires on tags.
func tagPushOnly(p *Pipeline) bool {
	for _, t := range p.Triggers {
		if t.Event == "push" {
			return t.TagsOnly
		}
	}
	return false
}
