package changerisk

import (
	"fmt"
	"math"
)

// ModelKind names the model that scores a repository's changes.
type ModelKind string

// The models a repository's changes may be scored with.
const (
	// ModelShipped: the shipped coefficients.
	ModelShipped ModelKind = "shipped"
	// ModelRefit: coefficients fitted on the repository's own labels.
	ModelRefit ModelKind = "refit"
	// ModelSize: lines added alone, when neither the shipped coefficients
	// nor a refit ranked this history better than size did.
	ModelSize ModelKind = "lines added"
)

// Validation is the check of the scoring model on the repository's own
// history, time-ordered: every model is fitted on the earliest 70% of the
// eligible commits and ranks the latest 30%.
type Validation struct {
	// Checked is false when the history has fewer SZZ-labelled
	// bug-inducing commits than the check needs, or the latest 30% has no
	// bug-inducing or no clean commit; the shipped coefficients are then
	// used unchecked.
	Checked bool
	// BugInducing counts the labelled bug-inducing commits; Tested and
	// TestedBugs the commits ranked and the bug-inducing among them.
	BugInducing, Tested, TestedBugs int
	// AUC of each candidate on the tested commits; RefitAUC is NaN when a
	// refit was not allowed.
	ShippedAUC, RefitAUC, SizeAUC float64
	// Chosen is the model that scores; AUC is its AUC above, with a 95%
	// bootstrap interval [Low, High].
	Chosen         ModelKind
	AUC, Low, High float64
}

// validateCut is the share of eligible commits the validation fits on.
const validateCut = 0.7

// refitMargin is how much better than the shipped coefficients a refit must
// rank the tested commits to replace them.
const refitMargin = 0.005

// validate checks the shipped coefficients, and unless noRefit a refit, on
// the latest 30% of the history against lines added alone, and chooses the
// model to score with. A model must rank strictly better than lines added to
// be used: when none does, the score is lines added.
func validate(xs [][]float64, y []bool, minBugs int, noRefit bool) Validation {
	v := Validation{Chosen: ModelShipped, ShippedAUC: math.NaN(), RefitAUC: math.NaN(), SizeAUC: math.NaN(),
		AUC: math.NaN(), Low: math.NaN(), High: math.NaN()}
	for _, b := range y {
		if b {
			v.BugInducing++
		}
	}
	if v.BugInducing < minBugs || len(xs) < 10 {
		return v
	}
	cut := int(float64(len(xs)) * validateCut)
	yva := y[cut:]
	v.Tested = len(yva)
	for _, b := range yva {
		if b {
			v.TestedBugs++
		}
	}
	if v.TestedBugs == 0 || v.TestedBugs == v.Tested {
		return v
	}
	v.Checked = true
	sc := newScaler(xs[:cut])
	ztr, zva := scaleAll(sc, xs[:cut]), scaleAll(sc, xs[cut:])
	size := make([]float64, len(zva))
	for k, x := range xs[cut:] {
		size[k] = x[0] // lines added, raw: the same order as any increasing function of it
	}
	ship := probs(withPriors(DefaultModel(), sc), zva)
	v.ShippedAUC, v.SizeAUC = AUC(ship, yva), AUC(size, yva)
	var refit []float64
	if !noRefit {
		refit = probs(withPriors(fitLogistic(ztr, y[:cut], refitLambda, learnMask(), "refit"), sc), zva)
		v.RefitAUC = AUC(refit, yva)
	}
	better := func(a, b float64) bool { return !math.IsNaN(a) && (math.IsNaN(b) || a > b) }
	scores := size
	switch {
	case better(v.RefitAUC, v.ShippedAUC+refitMargin) && better(v.RefitAUC, v.SizeAUC):
		v.Chosen, v.AUC, scores = ModelRefit, v.RefitAUC, refit
	case better(v.ShippedAUC, v.SizeAUC):
		v.Chosen, v.AUC, scores = ModelShipped, v.ShippedAUC, ship
	case better(v.RefitAUC, v.SizeAUC):
		v.Chosen, v.AUC, scores = ModelRefit, v.RefitAUC, refit
	default:
		v.Chosen, v.AUC = ModelSize, v.SizeAUC
	}
	v.Low, v.High = aucInterval(scores, yva, validateRounds)
	return v
}

// validateRounds is the number of bootstrap rounds of the validation AUC's
// interval: few, since the tested commits of a large history are many.
const validateRounds = 200

// aucInterval is a 95% bootstrap interval of the AUC of s on y, from a fixed
// seed so the output is reproducible. A large history gets fewer rounds
// (down to 50): its interval is narrow, and a score should not wait on it.
func aucInterval(s []float64, y []bool, rounds int) (lo, hi float64) {
	rounds = max(50, min(rounds, 2_000_000/max(len(y), 1)))
	iv := foldBootstrap([]evalFold{{y: y, effort: make([]float64, len(y)), scores: [][]float64{s}}}, 0,
		func(s, _ []float64, y []bool) float64 { return AUC(s, y) }, rounds)
	return iv.Low, iv.High
}

// note says in words which model scores and why.
func (v Validation) note(minBugs int) string {
	auc := func(x float64) string {
		if math.IsNaN(x) {
			return "n/a"
		}
		return fmt.Sprintf("%.3f", x)
	}
	if !v.Checked {
		if v.BugInducing < minBugs {
			return fmt.Sprintf("shipped coefficients (%s), not validated on this history: SZZ found %d bug-inducing commits, a validation needs %d",
				DefaultModelName, v.BugInducing, minBugs)
		}
		return fmt.Sprintf("shipped coefficients (%s), not validated on this history: the latest 30%% of it has no bug-inducing or no clean commit", DefaultModelName)
	}
	on := fmt.Sprintf("on the latest %d commits of this history (%d bug-inducing)", v.Tested, v.TestedBugs)
	switch v.Chosen {
	case ModelRefit:
		return fmt.Sprintf("refitted on this repository's %d SZZ-labelled bug-inducing commits: validation AUC %s [%s, %s] %s, against %s for the shipped coefficients and %s for lines added alone",
			v.BugInducing, auc(v.RefitAUC), auc(v.Low), auc(v.High), on, auc(v.ShippedAUC), auc(v.SizeAUC))
	case ModelSize:
		s := fmt.Sprintf("lines added (the shipped model ranked worse than size alone on this history: AUC %s vs %s", auc(v.ShippedAUC), auc(v.SizeAUC))
		if !math.IsNaN(v.RefitAUC) {
			s += fmt.Sprintf("; a refit reached %s", auc(v.RefitAUC))
		}
		return s + fmt.Sprintf(", %s)", on)
	}
	return fmt.Sprintf("shipped coefficients (%s), validated on this history: AUC %s [%s, %s] %s, against %s for lines added alone",
		DefaultModelName, auc(v.ShippedAUC), auc(v.Low), auc(v.High), on, auc(v.SizeAUC))
}

// sizeMask keeps lines added alone.
func sizeMask() []bool {
	m := make([]bool, len(featureNames))
	m[0] = true
	return m
}
