package mlops

import "github.com/tollgate-dev/tollgate/finding"

// DataNotVersioned reports a large dataset committed to git as is.
var DataNotVersioned = finding.Rule{
	ID:      "mlops/data-not-versioned",
	Title:   "Dataset committed to git as is",
	Default: finding.Low,
	Doc: `A dataset file of 10 MiB or more (` + "`.csv`, `.parquet`, `.jsonl`, `.npy`, `.tfrecord`" + `...)
is committed straight into git, outside Git LFS and DVC.

Why it matters: training data provenance — which data, which version, made a model —
is a requirement of data governance (EU AI Act Art. 10, ISO/IEC 42001 A.7). Raw
blobs in git have versions but no lineage, and bloat every clone.

Fix: ` + "`dvc add data/train.parquet`" + ` (or Git LFS), and reference the dataset version from
the training pipeline.`,
	Controls: []string{"ISO42001:A.7.5", "EU-AI-Act:Art.10"},
}

func init() { finding.Register(DataNotVersioned) }
