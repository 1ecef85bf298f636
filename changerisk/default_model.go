package changerisk

// DefaultModelName identifies the shipped coefficients.
const DefaultModelName = "tollgate-default/2026.11.2"

// defaultCoef are the shipped coefficients, on standardized log1p features
// (flags standardized too), in featureNames order.
//
// How they were derived: a logistic regression with an L2 penalty of 20
// (the refit's), fitted on 9,610 non-merge commits pooled from six public Go
// repositories, each standardized with its own mean and deviation and
// labelled by this package's SZZ: gin-gonic/gin @dcaa4296d111,
// spf13/viper @528f7416c4b5, urfave/cli @1305a08200f7,
// sirupsen/logrus @87434bb3a736, rhysd/actionlint @011a6d15e749 and
// k8sgpt-ai/k8sgpt @05247a851ba9 (1,232 bug-inducing commits). The
// repositories docs/change-risk.md evaluates on, spf13/cobra and go-git/go-git, were
// left out, so their figures are out of sample. Rerun with
//
//	TOLLGATE_RISK_EVAL=<dir>,<dir>,... go test ./changerisk -run TestEvaluateRepos -v
//
// The prior features (priorFeatures) are not fitted; their entries are 0
// here and set per repository by withPriors.
var defaultCoef = map[string]float64{
	"la": 0.894, "ld": 0.138, "lt": 0.037, "nf": 0.130, "nd": -0.290, "ns": -0.003, "entropy": 0.398,
	"ndev": -0.310, "age": -0.029, "nuc": 0.414, "exp": -0.625, "rexp": 0.143, "sexp": 0.299,
	"fix": 0.182, "no_tests": 0.779, "revert": -0.063,
}

// defaultIntercept puts the average change at about a 6.5% chance of being
// bug-inducing: the pooled repositories' SZZ labels, seen through the
// logistic curve (most changes are small and score below the mean rate).
const defaultIntercept = -2.659

// DefaultModel returns the shipped coefficients, used until a repository
// has enough labelled history of its own for a refit.
func DefaultModel() *Model {
	m := &Model{Name: DefaultModelName, Intercept: defaultIntercept, Coef: make([]float64, len(featureNames))}
	for i, n := range featureNames {
		m.Coef[i] = defaultCoef[n]
	}
	return m
}
