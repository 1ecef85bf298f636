package mlops

import "github.com/tollgate-dev/tollgate/finding"

// NoEvalGate reports a pipeline that trains or deploys a model without
// evaluating it.
var NoEvalGate = finding.Rule{
	ID:      "mlops/no-eval-gate",
	Title:   "Pipeline trains or deploys a model without an evaluation step",
	Default: finding.Medium,
	Doc: `A CI pipeline file runs model training (` + "`dvc repro`, `mlflow run`, `python train.py`,\n`torchrun`" + `, a SageMaker or Vertex training job...) or deploys a model (` + "`mlflow models\nserve`" + `, a SageMaker endpoint, ` + "`gcloud ai endpoints deploy-model`" + `, an upload to the
Hugging Face hub...) and nowhere in the same file evaluates one (` + "`dvc metrics diff`,\n`mlflow.evaluate`, `promptfoo`, `deepeval`, `lm_eval`, `ragas`" + `, an ` + "`eval*.py`" + ` script, CML
reports).

Why it matters: an evaluation gate — the new model must meet its metrics before it
ships — is what separates continuous delivery of models from continuous delivery of
regressions (MLOps level 2).

Fix: add an evaluation step that fails the job when metrics regress, before the
deployment step or job. The check reads the file's commands; an evaluation that
lives in another file called from this one is not seen.`,
	Controls: []string{"ISO42001:A.6.2.4", "EU-AI-Act:Art.15", "NIST-AI-RMF:MEASURE-2.1"},
}

func init() { finding.Register(NoEvalGate) }
