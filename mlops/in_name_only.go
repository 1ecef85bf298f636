package mlops

import "github.com/tollgate-dev/tollgate/finding"

// InNameOnly reports MLOps tools with no MLOps practice around them.
var InNameOnly = finding.Rule{
	ID:      "mlops/in-name-only",
	Title:   "MLOps tools present, MLOps stage low",
	Default: finding.Low,
	Doc: `The repository has MLOps tools — DVC, MLflow, W&B, Kubeflow, TFX, a model registry,
a feature store, a monitoring library, or only their packages in a manifest — but its
MLOps stage is 1 or lower: nothing retrains the model on a trigger, no deploy waits for a
blocking evaluation, nothing watches the model in production. The stage comes from
relationships between the pieces, never from tool names (see
docs/mlops.md for the five stages).

Why it matters: "MLOps in name only" is the failure mode the tools are bought to avoid —
the vocabulary is there, the controls are not. Governance frameworks ask for the
practice: change control of models (ISO/IEC 42001 A.6.2.5), validation before release
(A.6.2.4), monitoring in operation (NIST AI RMF MANAGE 4.1).

Fix: follow the report's "missing" line for the next level: a CI trigger that retrains,
an evaluation gate the deploy depends on, monitoring wired to alerts or retraining.`,
	Controls: []string{"NIST-AI-RMF:MANAGE-4.1", "ISO42001:A.6.2.4", "ISO42001:A.6.2.5"},
}

func init() { finding.Register(InNameOnly) }
