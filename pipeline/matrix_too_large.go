package pipeline

import (
	"github.com/tollgate-dev/tollgate/finding"
)

var matrixTooLarge = finding.Rule{
	ID:      "ci/matrix-too-large",
	Title:   "Matrix expands to too many jobs",
	Default: finding.Medium,
	Doc: "The job's `strategy.matrix` (GitLab: `parallel: matrix`), counted with its `include` and\n" +
		"`exclude` entries, expands to more jobs than the policy allows (default 64). Every\n" +
		"combination is a billed runner for every push. Above 256 GitHub refuses the workflow\n" +
		"(GitLab's limit is 200): that is reported as high.\n\n" +
		"Test the corners, not the product: use `include:` for the combinations that matter, run\n" +
		"the full matrix nightly. Threshold: `pipelines { max_matrix = 100 }`. Matrices from\n" +
		"`fromJSON(...)` count each dynamic dimension as one.",
	Controls: []string{"SOC2:A1.1"},
}

func init() { register(matrixTooLarge, checkMatrixTooLarge) }

func checkMatrixTooLarge(a *analysis) {
	for _, p := range a.workflows() {
		hard := 256
		if p.Kind == GitLab {
			hard = 200
		}
		for _, j := range p.Jobs {
			if j.Matrix == nil || j.Matrix.Size <= a.opts.MaxMatrix {
				continue
			}
			if j.Matrix.Size > hard {
				f := a.report(matrixTooLarge, j.Matrix.Pos, ev("size", itoa(j.Matrix.Size)), "matrix of job %q expands to %d jobs, over the platform's limit of %d", j.ID, j.Matrix.Size, hard)
				f.Severity = finding.High
				continue
			}
			a.report(matrixTooLarge, j.Matrix.Pos, ev("size", itoa(j.Matrix.Size)), "matrix of job %q expands to %d jobs (limit %d)", j.ID, j.Matrix.Size, a.opts.MaxMatrix)
		}
	}
}
