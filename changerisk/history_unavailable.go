package changerisk

import "github.com/tollgate-dev/tollgate/finding"

// HistoryUnavailable is reported when the change-risk domain cannot read
// the repository's history, or reads only part of it.
var HistoryUnavailable = finding.Rule{
	ID:      "risk/history-unavailable",
	Title:   "Git history unavailable or incomplete for change risk",
	Default: finding.Info,
	Controls: []string{
		"NIST-AI-RMF:MEASURE-2.7", "SOC2:CC8.1",
	},
	Doc: `The change-risk score is learned from the repository's own git history. This
finding says that the history could not be read at all (a damaged object
store) or only in part (a shallow clone, a partial clone with
missing objects, damaged objects), so the score was not computed or rests on
less history. A damaged object — present but unreadable: corrupt, truncated,
malformed — is named with its hash; ` + "`git fsck`" + ` tells more.

**Why it matters.** A score calibrated on a cut history ranks changes less well
and its level (low / medium / high) is relative to fewer commits.

**Fix.** Scan a full clone: in CI, fetch the whole history, for example
` + "`actions/checkout`" + ` with ` + "`fetch-depth: 0`" + `, or ` + "`git fetch --unshallow`" + `. For a damaged object, clone the repository
again or restore the object from another copy.

Example messages:

    the git history is cut (a shallow clone): change risk rests on the commits present
    object 3f2a… is damaged: zlib: invalid header: its files were left out of change risk`,
}

func init() { finding.Register(HistoryUnavailable) }
