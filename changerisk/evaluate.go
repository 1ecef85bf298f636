package changerisk

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// EvalRow is one model's figures on the evaluation folds.
type EvalRow struct {
	Model string
	AUC   Interval
	// RecallAt20 is Recall@20%Effort.
	RecallAt20 Interval
	Popt       Interval
}

// Evaluation is the honest ranking performance of the score on this
// repository's own history.
type Evaluation struct {
	Commits, Bugs, Folds, Tested int
	Rows                         []EvalRow
	Notes                        []string
}

// evalFolds is the number of time-ordered chunks: each of chunks 2..5 is
// predicted by a model fitted on the chunks before it.
const evalFolds = 5

// Evaluate measures, with time-ordered folds, how well the score ranks this
// repository's SZZ-labelled bug-inducing commits: AUC, Recall@20%Effort and
// Popt, each with a 95% bootstrap interval, beside lines added alone and a
// random ranking.
func (a *Analysis) Evaluate(rounds int) *Evaluation {
	if rounds <= 0 {
		rounds = 1000
	}
	ev := &Evaluation{Commits: len(a.Eligible), Folds: evalFolds - 1}
	n := len(a.Eligible)
	xs := make([][]float64, n)
	y := make([]bool, n)
	effort := make([]float64, n)
	for k, i := range a.Eligible {
		xs[k] = a.Features[i].vector()
		y[k] = a.Labels.Inducing[i]
		effort[k] = a.Features[i].LA + a.Features[i].LD
		if y[k] {
			ev.Bugs++
		}
	}
	if n < evalFolds*10 || ev.Bugs < 10 {
		ev.Notes = append(ev.Notes, fmt.Sprintf("too little labelled history to evaluate: %d commits, %d bug-inducing", n, ev.Bugs))
		return ev
	}
	laMask := make([]bool, len(featureNames))
	laMask[0] = true
	names := []string{"tollgate (as used)", "shipped coefficients", "refit per fold", "lines added only", "random ranking"}
	var folds []evalFold
	refitUsed, sizeUsed := 0, 0
	for f := 1; f < evalFolds; f++ {
		lo, hi := n*f/evalFolds, n*(f+1)/evalFolds
		train, test := xs[:lo], xs[lo:hi]
		sc := newScaler(train)
		ztr, zte := scaleAll(sc, train), scaleAll(sc, test)
		def := withPriors(DefaultModel(), sc)
		ref := withPriors(fitLogistic(ztr, y[:lo], refitLambda, learnMask(), "refit"), sc)
		la := fitLogistic(ztr, y[:lo], 0, laMask, "la")
		// What Analyze would pick, knowing only the training commits.
		used := def
		switch validate(train, y[:lo], a.minRefit, a.noRefit).Chosen {
		case ModelRefit:
			used = ref
			refitUsed++
		case ModelSize:
			used = la
			sizeUsed++
		}
		fd := evalFold{y: y[lo:hi], effort: effort[lo:hi]}
		for _, model := range []*Model{used, def, ref, la} {
			fd.scores = append(fd.scores, probs(model, zte))
		}
		// The floor every figure is read against: a ranking by chance
		// (a fixed seed per fold keeps the output reproducible).
		rnd := rand.New(rand.NewPCG(uint64(f), 20261204))
		random := make([]float64, len(zte))
		for k := range random {
			random[k] = rnd.Float64()
		}
		fd.scores = append(fd.scores, random)
		folds = append(folds, fd)
		ev.Tested += hi - lo
	}
	for m, name := range names {
		ev.Rows = append(ev.Rows, EvalRow{
			Model:      name,
			AUC:        foldBootstrap(folds, m, func(s, _ []float64, y []bool) float64 { return AUC(s, y) }, rounds),
			RecallAt20: foldBootstrap(folds, m, RecallAt20, rounds),
			Popt:       foldBootstrap(folds, m, Popt, rounds),
		})
	}
	ev.Notes = append(ev.Notes, fmt.Sprintf("the refit was chosen in %d of %d folds, lines added alone in %d", refitUsed, evalFolds-1, sizeUsed))
	if math.IsNaN(ev.Rows[0].AUC.Value) {
		ev.Notes = append(ev.Notes, "no bug-inducing commit in some tested fold")
	}
	return ev
}

// evalFold is one tested chunk: labels, efforts and each model's scores.
type evalFold struct {
	y      []bool
	effort []float64
	scores [][]float64
}

// foldBootstrap returns the mean over folds of a metric of model m, with a
// 95% interval from resampling each fold's commits (a fixed seed keeps the
// output reproducible). Metrics are computed within folds and averaged, so
// that models fitted on different folds need not be calibrated alike.
func foldBootstrap(folds []evalFold, m int, metric func(s, e []float64, y []bool) float64, rounds int) Interval {
	mean := func(get func(fd evalFold) ([]float64, []float64, []bool)) float64 {
		sum, k := 0.0, 0
		for _, fd := range folds {
			s, e, y := get(fd)
			if v := metric(s, e, y); !math.IsNaN(v) {
				sum += v
				k++
			}
		}
		if k == 0 {
			return math.NaN()
		}
		return sum / float64(k)
	}
	iv := Interval{Value: mean(func(fd evalFold) ([]float64, []float64, []bool) { return fd.scores[m], fd.effort, fd.y })}
	r := rand.New(rand.NewPCG(20261126, 8))
	vals := make([]float64, 0, rounds)
	for b := 0; b < rounds; b++ {
		v := mean(func(fd evalFold) ([]float64, []float64, []bool) {
			n := len(fd.y)
			s, e, y := make([]float64, n), make([]float64, n), make([]bool, n)
			for i := range n {
				k := r.IntN(n)
				s[i], e[i], y[i] = fd.scores[m][k], fd.effort[k], fd.y[k]
			}
			return s, e, y
		})
		if !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		iv.Low, iv.High = math.NaN(), math.NaN()
		return iv
	}
	slices.Sort(vals)
	iv.Low = vals[int(0.025*float64(len(vals)))]
	iv.High = vals[min(len(vals)-1, int(0.975*float64(len(vals))))]
	return iv
}

// RecallAt20 is Recall@20%Effort.
func RecallAt20(score, effort []float64, y []bool) float64 {
	return RecallAtEffort(score, effort, y, 0.2)
}
