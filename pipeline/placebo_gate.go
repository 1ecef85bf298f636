package pipeline

import (
	"github.com/tollgate-dev/tollgate/finding"
)

var placeboGate = finding.Rule{
	ID:      "ci/placebo-gate",
	Title:   "Quality gate that cannot fail",
	Default: finding.Medium,
	Doc: "A quality gate — tests, a security or license scan, an evaluation threshold, a fairness\n" +
		"check — is wired so that it cannot fail the pipeline: `continue-on-error: true`,\n" +
		"GitLab `allow_failure: true`, `|| true` (`|| exit 0`, `|| echo`), a pipe into `tee`\n" +
		"without pipefail, `set +e`, a literal metric (`echo \"accuracy: 0.95\"`, a threshold\n" +
		"compared with a number written in the same script, an evaluation step that only\n" +
		"echoes), or a deploy job that runs `if: always()` whatever the gate did. The gate is\n" +
		"documented, the dashboard is green, and nothing is blocked: \"gates that pass quietly are\n" +
		"documented; gates that fail block deployment\".\n\n" +
		"Tools that report without failing by default (trivy without `--exit-code`, grype without\n" +
		"`--fail-on`, `semgrep scan` without `--error`, trufflehog without `--fail`, CodeQL's\n" +
		"upload, `dvc metrics diff`, a script that computes metrics with no threshold, GitLab's\n" +
		"security templates) are reported only when a deploy depends on them and no real gate of\n" +
		"the same kind runs in the same job.\n\n" +
		"Let the gate fail, and make the deploy need it:\n\n" +
		"```yaml\n- run: trivy fs --exit-code 1 --severity HIGH,CRITICAL .\n- run: python evaluate.py --min-accuracy 0.9   # exits 1 below the threshold\n```",
	Controls: []string{"SOC2:CC8.1", "SOC2:CC7.1", "ISO42001:A.6.2.4", "NIST-AI-RMF:MANAGE-1.1", "EU-AI-Act:Art.15"},
}

func init() { register(placeboGate, checkPlaceboGate) }

func checkPlaceboGate(a *analysis) {
	g := a.gateInventory()
	deployPipes := map[*Pipeline]bool{}
	for _, d := range g.deploys {
		deployPipes[d.Job.Pipeline] = true
	}
	// A soft placebo beside a real gate of the same kind in the same job
	// (a metrics report next to a threshold check) pretends nothing.
	real := map[string]bool{}
	for _, gu := range g.gates {
		if gu.Placebo == "" && gu.Job != nil {
			real[gu.Pipeline+"\x00"+gu.JobID+"\x00"+gu.Kind] = true
		}
	}
	for _, gu := range g.gates {
		if gu.Soft && real[gu.Pipeline+"\x00"+gu.JobID+"\x00"+gu.Kind] {
			continue
		}
		if gu.Placebo == "" || gu.Signal || gu.Kind == "approval" {
			continue
		}
		if gu.Job != nil && (gu.Job.Pipeline.Kind == CloudBuild || gu.Job.Pipeline.Kind == Action) {
			continue
		}
		if gu.Soft {
			reached := gu.Guards > 0
			if gu.Job == nil {
				for _, p := range a.pipelines {
					if p.Path == gu.Pipeline && deployPipes[p] {
						reached = true
					}
				}
			}
			if !reached {
				continue
			}
		}
		a.report(placeboGate, gu.Pos, ev("kind", gu.Kind, "tool", gu.Tool, "placebo", gu.Placebo, "job", gu.JobID),
			"%s gate %q cannot fail: %s", gu.Kind, gu.Tool, gu.Placebo)
	}
}
