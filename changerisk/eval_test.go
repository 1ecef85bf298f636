package changerisk

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestEvaluateRepos prints the evaluation of each repository named in
// TOLLGATE_RISK_EVAL (comma-separated directories) and the logistic fit
// pooled over all of them: how the shipped coefficients are derived. It is
// skipped without the variable.
func TestEvaluateRepos(t *testing.T) {
	env := os.Getenv("TOLLGATE_RISK_EVAL")
	if env == "" {
		t.Skip("TOLLGATE_RISK_EVAL not set")
	}
	var zs [][]float64
	var ys []bool
	for _, dir := range strings.Split(env, ",") {
		a, err := Analyze(context.Background(), dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ev := a.Evaluate(200)
		t.Logf("%s: %d eligible commits, %d bug-inducing (%d fixes traced); model: %s", dir, ev.Commits, ev.Bugs, a.Labels.Fixes, a.ModelNote)
		for _, r := range ev.Rows {
			t.Logf("  %-22s AUC %.3f [%.3f, %.3f]  R@20%% %.3f [%.3f, %.3f]  Popt %.3f [%.3f, %.3f]", r.Model,
				r.AUC.Value, r.AUC.Low, r.AUC.High, r.RecallAt20.Value, r.RecallAt20.Low, r.RecallAt20.High, r.Popt.Value, r.Popt.Low, r.Popt.High)
		}
		for _, n := range ev.Notes {
			t.Logf("  note: %s", n)
		}
		for _, i := range a.Eligible {
			zs = append(zs, a.Scaler.apply(a.Features[i].vector()))
			ys = append(ys, a.Labels.Inducing[i])
		}
	}
	m := fitLogistic(zs, ys, refitLambda, learnMask(), "pooled")
	var b strings.Builder
	fmt.Fprintf(&b, "pooled fit on %d commits: intercept %.3f\n", len(zs), m.Intercept)
	for i, c := range m.Coef {
		fmt.Fprintf(&b, "  %-12s %+.3f\n", featureNames[i], c)
	}
	t.Log(b.String())
}
