package changerisk

// DefaultModelName identifies the shipped coefficients.
const DefaultModelName = "tollgate-default/2026.11"

// defaultCoef are the shipped coefficients, on standardized log1p features
// (flags standardized too), in featureNames order.
//
// How they were derived: a logistic regression with an L2 penalty of 20
// (the refit's), fitted on 9,610 non-merge commits pooled from six public Go
// repositories, each standardized with its own mean and deviation and
// labelled by this package's SZZ: gin-gonic/gin @dcaa4296d111,
// spf13/viper @528f7416c4b5, urfave/cli @1305a08200f7,
// sirupsen/logrus @87434bb3a736, rhysd/actionlint @011a6d15e749 and
// k8sgpt-ai/k8sgpt @05247a851ba9 (893 bug-inducing commits). The
// repositories the README evaluates on, spf13/cobra and go-git/go-git, were
// left out, so their figures are out of sample. Rerun with
//
//	TOLLGATE_RISK_EVAL=<dir>,<dir>,... go test ./changerisk -run TestEvaluateRepos -v
//
// The prior features (priorFeatures) are not fitted; their entries are 0
// here and set per repository by withPriors.
var defaultCoef = map[string]float64{
	"la": 0.867, "ld": 0.141, "lt": 0.126, "nf": 0.137, "nd": -0.214, "ns": 0.068, "entropy": 0.349,
	"ndev": -0.213, "age": 0.002, "nuc": 0.180, "exp": -0.485, "rexp": 0.248, "sexp": 0.112,
	"fix": 0.141, "no_tests": 0.745, "revert": -0.083,
}

// defaultIntercept puts the average change at about a 4.5% chance of being
// bug-inducing, the pooled repositories' SZZ base rate after standardization.
const defaultIntercept = -3.056

// DefaultModel returns the shipped coefficients, used until a repository
// has enough labelled history of its own for a refit.
func DefaultModel() *Model {
	m := &Model{Name: DefaultModelName, Intercept: defaultIntercept, Coef: make([]float64, len(featureNames))}
	for i, n := range featureNames {
		m.Coef[i] = defaultCoef[n]
	}
	return m
}
