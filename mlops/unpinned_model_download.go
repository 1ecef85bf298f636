package mlops

import "github.com/tollgate-dev/tollgate/finding"

// UnpinnedModelDownload reports a model fetched from the Hugging Face hub
// without a pinned revision.
var UnpinnedModelDownload = finding.Rule{
	ID:      "mlops/unpinned-model-download",
	Title:   "Model downloaded from the hub without a pinned revision",
	Default: finding.Medium,
	Doc: `A Python file downloads a model from the Hugging Face hub —
` + "`from_pretrained(\"org/model\")`, `hf_hub_download(repo_id=…)`, `snapshot_download(…)`" + `, or
` + "`transformers.pipeline(model=\"org/model\")`" + ` — without ` + "`revision=`" + `, or with a
branch (` + "`main`, `master`" + `) as the revision. Only string literals that look like hub ids
are judged; a variable or a local path (` + "`./models/x`, `/opt/m`" + `) is not.

Why it matters: the repository's owner can replace the weights behind a name at any
time; an unpinned download runs whatever is there today — a different model from
the one that was evaluated, or a poisoned one. Pinning is the model equivalent of
pinning a dependency (NIST AI RMF GOVERN 6.1, third-party risk).

Fix: pass ` + "`revision=\"<40-hex commit sha>\"`" + ` (or a tag you control), and update it deliberately.`,
	Controls: []string{"NIST-AI-RMF:GOVERN-6.1", "NIST-AI-RMF:MAP-4.1", "ISO42001:A.10.3", "SOC2:CC8.1"},
}

func init() { finding.Register(UnpinnedModelDownload) }
