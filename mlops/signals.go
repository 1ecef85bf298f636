package mlops

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"path"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// manifest reports whether a path is a dependency manifest whose package
// names are listed as tools. A package name alone never raises the stage:
// an installed library is not a practice.
func manifest(p string) bool {
	base := path.Base(p)
	return strings.HasPrefix(base, "requirements") && strings.HasSuffix(base, ".txt") ||
		base == "pyproject.toml" || base == "setup.cfg" || base == "setup.py" || base == "Pipfile" ||
		base == "environment.yml" || base == "environment.yaml" || base == "conda.yaml" ||
		strings.HasPrefix(base, "conda_dependencies") && strings.HasSuffix(base, ".yml")
}

// packageTools maps package names found in manifests to tools and roles.
var packageTools = []struct {
	re         *lazyre.Regexp
	tool, role string
}{
	{lazyre.New(`(?im)^[\s"'-]*(mlflow|mlflow-skinny)\b`), "mlflow", "tracking"},
	{lazyre.New(`(?im)^[\s"'-]*wandb\b`), "wandb", "tracking"},
	{lazyre.New(`(?im)^[\s"'-]*(neptune(-client)?|comet[-_]ml|clearml)\b`), "tracking", "tracking"},
	{lazyre.New(`(?im)^[\s"'-]*dvc(\[|\b)`), "dvc", "versioning"},
	{lazyre.New(`(?im)^[\s"'-]*gto\b`), "gto", "registry"},
	{lazyre.New(`(?im)^[\s"'-]*kfp\b`), "kubeflow", "pipeline"},
	{lazyre.New(`(?im)^[\s"'-]*tfx\b`), "tfx", "pipeline"},
	{lazyre.New(`(?im)^[\s"'-]*(zenml|metaflow|apache-airflow|prefect|flytekit)\b`), "orchestrator", "pipeline"},
	{lazyre.New(`(?im)^[\s"'-]*(sagemaker)\b`), "sagemaker", "pipeline"},
	{lazyre.New(`(?im)^[\s"'-]*(google-cloud-aiplatform)\b`), "vertex-ai", "pipeline"},
	{lazyre.New(`(?im)^[\s"'-]*(azureml-\w+|azure-ai-ml)\b`), "azureml", "pipeline"},
	{lazyre.New(`(?im)^[\s"'-]*feast\b`), "feast", "feature-store"},
	{lazyre.New(`(?im)^[\s"'-]*openlineage-\w+`), "openlineage", "lineage"},
	{lazyre.New(`(?im)^[\s"'-]*(evidently|whylogs|alibi-detect|nannyml|deepchecks)\b`), "monitoring", "monitoring"},
	{lazyre.New(`(?im)^[\s"'-]*(bentoml|seldon-core|kserve|mlserver)\b`), "serving", "serving"},
}

func manifestTools(src []byte, p string) []toolHit {
	var out []toolHit
	for _, pt := range packageTools {
		if loc := pt.re.FindIndex(src); loc != nil {
			what := strings.Trim(strings.TrimSpace(string(src[loc[0]:loc[1]])), `"'- `)
			out = append(out, toolHit{Tool: pt.tool, Role: pt.role, Where: finding.Location{Path: p, StartLine: lineOf(src, loc[0])}, What: "package " + what})
		}
	}
	return out
}

// trainCmd finds a command that trains a model or runs an ML pipeline.
var trainCmd = lazyre.New(`\b(dvc (repro|exp run)|mlflow run|kfp run|zenml pipeline run|python3? (-m )?\S*train\S*(\.py)?|accelerate launch|torchrun|deepspeed|sagemaker\S* [^#]*?(training|pipeline)|gcloud ai custom-jobs create|az ml job create)\b`)

// pythonRun finds the Python file or module a command runs.
var pythonRun = lazyre.New(`\bpython[0-9.]*\s+(?:-u\s+)?(?:-m\s+([\w.]+)|([\w./-]+\.py))`)
