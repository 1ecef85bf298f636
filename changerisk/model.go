package changerisk

import (
	"math"
	"slices"
)

// Model is a logistic regression on standardized features: the probability
// that a change is bug-inducing is 1/(1+exp(-(Intercept + Σ Coef[i]·z[i])))
// where z[i] is feature i (log1p for counts) standardized by the
// repository's own mean and standard deviation.
type Model struct {
	// Name says where the coefficients come from.
	Name      string
	Intercept float64
	// Coef is indexed like featureNames.
	Coef []float64
}

// Scaler standardizes raw feature vectors with a repository's own
// distribution, so that coefficients carry from one repository to another.
type Scaler struct {
	Mean, Std []float64
}

func newScaler(xs [][]float64) Scaler {
	d := len(featureNames)
	s := Scaler{Mean: make([]float64, d), Std: make([]float64, d)}
	if len(xs) == 0 {
		for i := range s.Std {
			s.Std[i] = 1
		}
		return s
	}
	for _, x := range xs {
		for i, v := range x {
			s.Mean[i] += v
		}
	}
	for i := range s.Mean {
		s.Mean[i] /= float64(len(xs))
	}
	for _, x := range xs {
		for i, v := range x {
			s.Std[i] += (v - s.Mean[i]) * (v - s.Mean[i])
		}
	}
	for i := range s.Std {
		s.Std[i] = math.Sqrt(s.Std[i] / float64(len(xs)))
		if s.Std[i] < 1e-9 {
			s.Std[i] = 1 // a constant feature contributes nothing
		}
	}
	return s
}

func (s Scaler) apply(x []float64) []float64 {
	z := make([]float64, len(x))
	for i, v := range x {
		z[i] = (v - s.Mean[i]) / s.Std[i]
	}
	return z
}

// priorFeatures are flags whose risk SZZ cannot observe: it traces bugs
// through deleted source lines, so a change to a pipeline, Terraform, a
// dependency manifest, a migration or a prompt can never be labelled
// bug-inducing, and a fit would learn that such changes are safe. They are
// kept out of every fit and given a fixed prior effect instead, in log-odds
// per unit of the raw flag: 0.3 multiplies the odds by 1.35. Changes written
// with an AI assistant are too rare in public histories to learn from; they
// are reported beside the score (the AI-authored share) with no weight in it.
var priorFeatures = map[string]float64{
	"ci": 0.3, "iac": 0.3, "deps": 0.3, "migration": 0.3, "ai": 0.3, "ai_authored": 0,
}

// learnMask marks the features a fit may learn.
func learnMask() []bool {
	m := make([]bool, len(featureNames))
	for i, n := range featureNames {
		_, prior := priorFeatures[n]
		m[i] = !prior
	}
	return m
}

// withPriors returns m with the prior features' coefficients set for the
// scaler s: coefficients act on standardized values, so a raw effect b
// becomes b·std.
func withPriors(m *Model, s Scaler) *Model {
	out := *m
	out.Coef = slices.Clone(m.Coef)
	for i, n := range featureNames {
		if b, ok := priorFeatures[n]; ok {
			out.Coef[i] = b * s.Std[i]
		}
	}
	return &out
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// logit returns the model's linear predictor for standardized z.
func (m *Model) logit(z []float64) float64 {
	s := m.Intercept
	for i, c := range m.Coef {
		s += c * z[i]
	}
	return s
}

// Prob returns the modelled probability that a change is bug-inducing.
func (m *Model) Prob(z []float64) float64 { return sigmoid(m.logit(z)) }

// fitLogistic fits an L2-penalized logistic regression by Newton's method
// (iteratively reweighted least squares). The intercept is not penalized.
// mask, when non-nil, keeps only the features whose entry is true.
func fitLogistic(zs [][]float64, y []bool, lambda float64, mask []bool, name string) *Model {
	d := len(featureNames)
	idx := []int{}
	for i := 0; i < d; i++ {
		if mask == nil || mask[i] {
			idx = append(idx, i)
		}
	}
	p := len(idx) + 1
	w := make([]float64, p)
	pos := 0
	for _, v := range y {
		if v {
			pos++
		}
	}
	if pos == 0 || pos == len(y) {
		m := &Model{Name: name, Coef: make([]float64, d)}
		if pos == 0 {
			m.Intercept = -5
		} else {
			m.Intercept = 5
		}
		return m
	}
	w[0] = math.Log(float64(pos) / float64(len(y)-pos))
	row := make([]float64, p)
	for iter := 0; iter < 50; iter++ {
		g := make([]float64, p)
		H := make([]float64, p*p)
		for n, z := range zs {
			row[0] = 1
			for k, i := range idx {
				row[k+1] = z[i]
			}
			s := 0.0
			for k := range row {
				s += w[k] * row[k]
			}
			pr := sigmoid(s)
			t := 0.0
			if y[n] {
				t = 1
			}
			r := pr - t
			wt := math.Max(pr*(1-pr), 1e-9)
			for a := 0; a < p; a++ {
				g[a] += r * row[a]
				ra := wt * row[a]
				for b := a; b < p; b++ {
					H[a*p+b] += ra * row[b]
				}
			}
		}
		for a := 1; a < p; a++ {
			g[a] += lambda * w[a]
			H[a*p+a] += lambda
		}
		for a := 0; a < p; a++ {
			for b := 0; b < a; b++ {
				H[a*p+b] = H[b*p+a]
			}
		}
		step := solve(H, g, p)
		if step == nil {
			break
		}
		delta := 0.0
		for k := range w {
			w[k] -= step[k]
			delta = math.Max(delta, math.Abs(step[k]))
		}
		if delta < 1e-7 {
			break
		}
	}
	m := &Model{Name: name, Intercept: w[0], Coef: make([]float64, d)}
	for k, i := range idx {
		m.Coef[i] = w[k+1]
	}
	return m
}

// solve solves A x = b by Gaussian elimination with partial pivoting; nil
// when A is singular.
func solve(A, b []float64, n int) []float64 {
	a := slices.Clone(A)
	x := slices.Clone(b)
	for c := 0; c < n; c++ {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r*n+c]) > math.Abs(a[piv*n+c]) {
				piv = r
			}
		}
		if math.Abs(a[piv*n+c]) < 1e-12 {
			return nil
		}
		if piv != c {
			for k := 0; k < n; k++ {
				a[c*n+k], a[piv*n+k] = a[piv*n+k], a[c*n+k]
			}
			x[c], x[piv] = x[piv], x[c]
		}
		for r := c + 1; r < n; r++ {
			f := a[r*n+c] / a[c*n+c]
			if f == 0 {
				continue
			}
			for k := c; k < n; k++ {
				a[r*n+k] -= f * a[c*n+k]
			}
			x[r] -= f * x[c]
		}
	}
	for c := n - 1; c >= 0; c-- {
		s := x[c]
		for k := c + 1; k < n; k++ {
			s -= a[c*n+k] * x[k]
		}
		x[c] = s / a[c*n+c]
	}
	return x
}
