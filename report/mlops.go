package report

import "github.com/tollgate-dev/tollgate/finding"

// MLOps is the machine-learning operations section: where the repository
// stands on the MLOps maturity levels, and the evidence.
type MLOps struct {
	// Level is -1 when no machine-learning assets were found, else the
	// maturity stage 0 to 4 (schema v2; v1 had 0 to 2).
	Level int `json:"level"`
	// Stage describes the level in words.
	Stage string `json:"stage"`
	// Levels explains the stage: for each level from 1 to 4, whether it is
	// reached, the relationships that reach it and what is missing.
	Levels []MLOpsLevel `json:"levels,omitempty"`
	// Cap names what holds the stage below what the tools suggest, for
	// example a placebo evaluation gate; empty when nothing does.
	Cap string `json:"cap,omitempty"`
	// Tools lists the MLOps tools found (MLflow, DVC, W&B, Kubeflow,
	// Feast, OpenLineage, model registries, GTO…), with where.
	Tools []MLTool `json:"tools,omitempty"`
	// CardFreshness compares each model card's last change with later
	// changes to the model's inputs, from git history.
	CardFreshness []CardFreshness `json:"card_freshness,omitempty"`
	// Signals lists every maturity signal, present or not.
	Signals []MLOpsSignal `json:"signals"`
	// Artifacts are the model and dataset files found.
	Artifacts []MLArtifact `json:"artifacts,omitempty"`
	// Cards are the model cards found.
	Cards []string `json:"cards,omitempty"`
	// ArtifactsFrom says where Artifacts were listed from: "git" (HEAD's
	// tree, so only committed files, force-added ignored ones included)
	// or "work-tree" (not a git repository: the files on disk).
	ArtifactsFrom string `json:"artifacts_from,omitempty"`
	// HistoryTruncated is true when the card freshness walk stopped at its
	// cap (2,000 first-parent commits) or at a shallow clone's end.
	HistoryTruncated bool `json:"history_truncated,omitempty"`
}

// MLOpsSignal is one sign of MLOps practice.
type MLOpsSignal struct {
	Name    string `json:"name"`
	Present bool   `json:"present"`
	// Evidence lists where it was seen (at most a few places).
	Evidence []MLOpsEvidence `json:"evidence,omitempty"`
}

// MLOpsEvidence is one place a signal was seen.
type MLOpsEvidence struct {
	Location finding.Location `json:"location"`
	What     string           `json:"what"`
}

// MLArtifact is a model or dataset file.
type MLArtifact struct {
	Path string `json:"path"`
	// Kind is "model" or "data".
	Kind string `json:"kind"`
	Size int64  `json:"size"`
	// Storage is "git", "lfs" or "lfs-pointer".
	Storage string `json:"storage"`
}

// MLOpsLevel is one maturity level and why it is or is not reached.
type MLOpsLevel struct {
	Level   int    `json:"level"`
	Name    string `json:"name"`
	Reached bool   `json:"reached"`
	// Evidence lists the relationships that reach the level.
	Evidence []MLOpsEvidence `json:"evidence,omitempty"`
	// Missing says in one sentence what the level still needs.
	Missing string `json:"missing,omitempty"`
}

// MLTool is an MLOps tool found in the repository.
type MLTool struct {
	// Name is the tool, for example "mlflow", "dvc", "wandb", "kubeflow",
	// "feast", "openlineage", "gto".
	Name string `json:"name"`
	// Role is what the tool does: "tracking", "versioning", "pipeline",
	// "registry", "feature-store", "lineage", "monitoring", "serving".
	Role     string          `json:"role"`
	Evidence []MLOpsEvidence `json:"evidence,omitempty"`
}

// CardFreshness is the history of one model card beside the model's inputs.
type CardFreshness struct {
	Card string `json:"card"`
	// CardCommit is the last commit that changed the card, empty when the
	// card is not committed.
	CardCommit string `json:"card_commit,omitempty"`
	// Stale is true when the model's inputs changed after the card.
	Stale bool `json:"stale"`
	// ChangedAfter lists the inputs changed after the card (at most a few).
	ChangedAfter []string `json:"changed_after,omitempty"`
	// CommitsAfter is the number of later commits that changed the inputs.
	CommitsAfter int `json:"commits_after,omitempty"`
}
