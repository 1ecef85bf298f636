package mlops

import "github.com/tollgate-dev/tollgate/finding"

// ModelNotVersioned reports model weights committed to git as is.
var ModelNotVersioned = finding.Rule{
	ID:      "mlops/model-not-versioned",
	Title:   "Model artifact committed to git as is",
	Default: finding.Medium,
	Doc: `A model file of 1 MiB or more (` + "`.pt`, `.onnx`, `.safetensors`, `.gguf`, `.h5`" + `, a
` + "`.pkl`/`.bin`" + ` under a model directory...) is committed straight into git: no
` + "`filter=lfs`" + ` attribute covers it and it is not a Git LFS pointer.

Why it matters: git keeps every version of the blob forever, clones grow with each
retrain, and nothing ties the weights to the data, code and parameters that made
them. Model versioning — which model is deployed, made from what — is what
auditors ask for first.

Fix: track it with DVC (` + "`dvc add models/model.onnx`" + `, commit the ` + "`.dvc`" + ` file) or
Git LFS (` + "`git lfs track \"*.onnx\"`" + `), or publish it to a model registry and keep
only its reference in the repository.`,
	Controls: []string{"ISO42001:A.6.2.7", "EU-AI-Act:Art.11", "NIST-AI-RMF:MANAGE-4.1"},
}

func init() { finding.Register(ModelNotVersioned) }
