// Package mlops answers "do we do MLOps, or only have its tools?": it finds
// the machine-learning assets of a repository (model and data artifacts,
// model cards, pipeline and tracking configurations), judges how they are
// versioned and documented, and places the repository on the MLOps maturity
// levels of Google Cloud's "MLOps: continuous delivery and automation
// pipelines in machine learning" (level 0 manual, level 1 ML pipeline
// automation, level 2 CI/CD pipeline automation), with the evidence for
// each signal.
//
// It reads file names, sizes and small files only; it never loads a model.
package mlops
