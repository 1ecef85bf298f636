package finding

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Location is a span in a file of the scanned repository. Path is
// slash-separated and relative to the repository root; lines and columns are
// 1-based, and zero means unknown (a whole-file or repository-level finding).
type Location struct {
	Path      string `json:"path"`
	StartLine int    `json:"start_line"`
	StartCol  int    `json:"start_col"`
	EndLine   int    `json:"end_line"`
	EndCol    int    `json:"end_col"`
}

// String formats the location as path:line:col, leaving out unknown parts.
func (l Location) String() string {
	switch {
	case l.StartLine <= 0:
		return l.Path
	case l.StartCol <= 0:
		return fmt.Sprintf("%s:%d", l.Path, l.StartLine)
	}
	return fmt.Sprintf("%s:%d:%d", l.Path, l.StartLine, l.StartCol)
}

// Suppression records why a finding was accepted instead of reported.
type Suppression struct {
	// Kind is how it was suppressed: "directive", "policy" or "baseline".
	Kind string `json:"kind"`
	// Reason is the justification its author wrote.
	Reason string `json:"reason"`
	// Location is where the directive or policy entry stands.
	Location Location `json:"location"`
}

// Finding is one problem or fact a rule reports about the repository.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Message is one lowercase line with no final period.
	Message string `json:"message"`
	// Detail optionally explains why it matters and how to fix it, in Markdown.
	Detail   string   `json:"detail,omitempty"`
	Location Location `json:"location"`
	// Evidence holds the facts the message rests on.
	Evidence map[string]string `json:"evidence,omitempty"`
	// Fingerprint identifies the finding across line moves; see Fingerprint.
	Fingerprint string       `json:"fingerprint"`
	Suppressed  *Suppression `json:"suppressed,omitempty"`
}

// Active reports whether the finding counts: it has not been suppressed.
func (f *Finding) Active() bool { return f.Suppressed == nil }

// Fingerprint returns a stable identity for a finding: the SHA-256 of the rule,
// the path and the flagged text with its whitespace normalized. It does not
// change when the finding only moves to another line.
func Fingerprint(rule, path, snippet string) string {
	h := sha256.New()
	h.Write([]byte(rule))
	h.Write([]byte{0})
	h.Write([]byte(path))
	h.Write([]byte{0})
	h.Write([]byte(NormalizeSnippet(snippet)))
	return hex.EncodeToString(h.Sum(nil))
}

// NormalizeSnippet collapses every run of white space to one space and trims
// the ends, so re-indentation does not change a fingerprint.
func NormalizeSnippet(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Compare orders findings by path, line, column, rule and message: the order
// of every output.
func Compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Location.Path, b.Location.Path),
		cmp.Compare(a.Location.StartLine, b.Location.StartLine),
		cmp.Compare(a.Location.StartCol, b.Location.StartCol),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Fingerprint, b.Fingerprint),
	)
}

// Sort sorts findings in output order.
func Sort(fs []Finding) { slices.SortStableFunc(fs, Compare) }
