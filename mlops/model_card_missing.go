package mlops

import "github.com/tollgate-dev/tollgate/finding"

// ModelCardMissing reports models with no card.
var ModelCardMissing = finding.Rule{
	ID:      "mlops/model-card-missing",
	Title:   "Model without a model card",
	Default: finding.Low,
	Doc: `A directory holds a model (weights of 1 MiB or more, in git or Git LFS) and neither it
nor any directory above it has a model card: ` + "`MODEL_CARD.md`, `model_card.md`" + `, or a
` + "`README.md`" + ` with Hugging Face model-card front matter (` + "`pipeline_tag`, `library_name`,\n`model-index`, `base_model`" + `).

Why it matters: a model card says what the model is for, what it must not be used
for, what it was trained and evaluated on, and how well it does — the technical
documentation the EU AI Act (Art. 11) and ISO/IEC 42001 (A.6.2.7) ask for.

Fix: add a card next to the model; the Hugging Face template or Mitchell et al.,
"Model Cards for Model Reporting" (2019), give the sections.`,
	Controls: []string{"ISO42001:A.6.2.7", "EU-AI-Act:Art.11", "NIST-AI-RMF:MAP-2.2"},
}

func init() { finding.Register(ModelCardMissing) }
