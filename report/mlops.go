package report

import "github.com/tollgate-dev/tollgate/finding"

// MLOps is the machine-learning operations section: where the repository
// stands on the MLOps maturity levels, and the evidence.
type MLOps struct {
	// Level is -1 when no machine-learning assets were found, else 0, 1 or 2.
	Level int `json:"level"`
	// Stage describes the level in words.
	Stage string `json:"stage"`
	// Signals lists every maturity signal, present or not.
	Signals []MLOpsSignal `json:"signals"`
	// Artifacts are the model and dataset files found.
	Artifacts []MLArtifact `json:"artifacts,omitempty"`
	// Cards are the model cards found.
	Cards []string `json:"cards,omitempty"`
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
