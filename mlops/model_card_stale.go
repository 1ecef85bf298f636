package mlops

import "github.com/tollgate-dev/tollgate/finding"

// ModelCardStale reports a model card older than the model it documents.
var ModelCardStale = finding.Rule{
	ID:      "mlops/model-card-stale",
	Title:   "Model card older than the model's inputs",
	Default: finding.Low,
	Doc: `The model card's last change is older than later commits that changed what makes the
model: training code (` + "`*train*.py`" + `), data versioning files (` + "`*.dvc`, `dvc.lock`, `dvc.yaml`" + `),
parameters (` + "`params.yaml`" + `), the DVC stages' dependencies, or the model file itself. Inputs
are matched to the card whose directory is their closest ancestor, or to every card when
no card's directory holds them.

The check reads git history: first-parent commits from HEAD back, at most 2,000 of them,
following the card through pure renames (a rename with no content change is not a
change; neither is a pure rename of an input). A card whose last change lies beyond the
walk is judged on the commits walked and its message says so. In a shallow clone the walk
stops where the history does.

Why it matters: a card describes a model. When the data, parameters or training code
changed afterwards, its intended use, limitations and evaluation describe a model that
no longer exists (EU AI Act Art. 11 asks that technical documentation be kept up to date).

Fix: review the card against the current model and commit the update; update the card in
the same change as the training inputs.`,
	Controls: []string{"ISO42001:A.6.2.7", "EU-AI-Act:Art.11", "NIST-AI-RMF:MANAGE-4.1"},
}

func init() { finding.Register(ModelCardStale) }
