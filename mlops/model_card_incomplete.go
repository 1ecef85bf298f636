package mlops

import "github.com/tollgate-dev/tollgate/finding"

// ModelCardIncomplete reports a card that lacks a required section.
var ModelCardIncomplete = finding.Rule{
	ID:      "mlops/model-card-incomplete",
	Title:   "Model card lacks required sections",
	Default: finding.Low,
	Doc: `A model card has no heading for one of the four parts every card needs: intended
use (or "uses", "out-of-scope"), limitations (or "risks", "bias", "caveats"), training
data (or "training details", "dataset"), and evaluation (or "metrics", "results").

Why it matters: these are the parts reviewers and auditors read; a card that only
describes the architecture documents nothing about fitness for use.

Fix: add the missing sections, each under its own Markdown heading.`,
	Controls: []string{"ISO42001:A.6.2.7", "EU-AI-Act:Art.11"},
}

func init() { finding.Register(ModelCardIncomplete) }
