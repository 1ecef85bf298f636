package mlops

import (
	"path"
	"regexp"
	"strings"
)

// Signal names, in the order the report lists them.
const (
	SigVersioning = "data and model versioning"
	SigPipeline   = "ML pipeline definition"
	SigTracking   = "experiment tracking"
	SigRegistry   = "model registry"
	SigTrainCI    = "training or ML pipeline run in CI"
	SigEvalCI     = "evaluation gate in CI"
	SigDeployCI   = "automated model deployment in CI"
	SigMonitoring = "model monitoring"
)

// SignalOrder lists every signal.
var SignalOrder = []string{SigVersioning, SigPipeline, SigTracking, SigRegistry, SigTrainCI, SigEvalCI, SigDeployCI, SigMonitoring}

// fileSignals are files whose presence is a signal by name.
func fileSignal(p string) string {
	base := path.Base(p)
	switch {
	case base == "dvc.yaml" || base == "dvc.lock" || strings.HasPrefix(p, ".dvc/") || strings.HasSuffix(base, ".dvc"):
		if base == "dvc.yaml" {
			return SigPipeline
		}
		return SigVersioning
	case base == "MLproject" || base == "kfp.yaml" || base == "zenml.yaml":
		return SigPipeline
	}
	return ""
}

// manifest reports whether a path is a dependency manifest whose package
// names are signals.
func manifest(p string) bool {
	base := path.Base(p)
	return strings.HasPrefix(base, "requirements") && strings.HasSuffix(base, ".txt") ||
		base == "pyproject.toml" || base == "setup.cfg" || base == "setup.py" || base == "Pipfile" ||
		base == "environment.yml" || base == "environment.yaml" || base == "conda.yaml" || base == "go.mod" ||
		base == "package.json"
}

// packageSignals maps package names found in manifests to signals.
var packageSignals = []struct {
	re  *regexp.Regexp
	sig string
	tag string
}{
	{regexp.MustCompile(`(?im)^[\s"']*(mlflow|mlflow-skinny)\b`), SigTracking, "mlflow"},
	{regexp.MustCompile(`(?im)^[\s"']*(wandb|neptune(-client)?|comet[-_]ml|clearml|aim)\b`), SigTracking, "tracking client"},
	{regexp.MustCompile(`(?im)^[\s"']*(dvc)(\[|\b)`), SigVersioning, "dvc"},
	{regexp.MustCompile(`(?im)^[\s"']*(kfp|zenml|metaflow|apache-airflow|prefect|flytekit|sagemaker|google-cloud-aiplatform|azure-ai-ml)\b`), SigPipeline, "pipeline sdk"},
	{regexp.MustCompile(`(?im)^[\s"']*(evidently|whylogs|alibi-detect|nannyml|arize)\b`), SigMonitoring, "monitoring library"},
	{regexp.MustCompile(`(?im)^[\s"']*(bentoml|seldon-core|kserve|mlserver)\b`), SigRegistry, "model serving/registry"},
}

// ciPattern is a command in a CI file that is a signal.
type ciPattern struct {
	re  *regexp.Regexp
	sig string
}

var ciPatterns = []ciPattern{
	{regexp.MustCompile(`\b(dvc (repro|exp run)|mlflow run|kfp run|zenml pipeline run|python3? \S*train\S*\.py|accelerate launch|torchrun|deepspeed|sagemaker\S* [^#]*?(training|pipeline)|gcloud ai custom-jobs create|az ml job create)\b`), SigTrainCI},
	{regexp.MustCompile(`\b(dvc (metrics|plots) (diff|show)|promptfoo|deepeval|lm_eval|lm-eval|ragas|inspect eval|openai evals|mlflow\.evaluate|python3? \S*eval\S*\.py|pytest \S*evals?\b|cml (comment|send-comment))`), SigEvalCI},
	{regexp.MustCompile(`\b(mlflow models serve|mlflow deployments|sagemaker\S* [^#]*?(deploy|create-endpoint|update-endpoint)|gcloud ai (models upload|endpoints deploy-model)|az ml online-deployment|bentoml (deploy|containerize)|kubectl apply [^#]*?(inference|serving|kserve)|huggingface-cli upload|hf upload)\b`), SigDeployCI},
}
