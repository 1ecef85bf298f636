package prgate

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/policy"
)

// Byte caps of the files read from the base tree and the head's work tree.
const (
	maxPolicyBytes   = policy.MaxPolicySize
	maxBaselineBytes = safefs.DefaultMax
)

// version is one side's copy of a file.
type version struct {
	data    []byte
	missing bool
	err     error // set when the file exists but cannot be read safely
}

func (v version) digest() string {
	switch {
	case v.missing:
		return "absent"
	case v.err != nil:
		return "unreadable"
	}
	sum := sha256.Sum256(v.data)
	return hex.EncodeToString(sum[:])
}

func readVersion(read func() ([]byte, error)) version {
	b, err := read()
	switch {
	case err == nil:
		return version{data: b}
	case errors.Is(err, fs.ErrNotExist):
		return version{missing: true}
	}
	return version{err: err}
}

// watched is a file whose change in the pull request is reported.
type watched struct {
	path string
	what string // "policy" or "baseline"
	max  int64
}

// watchedFiles returns the files a pull request must not change unseen:
// the policy file, and every baseline a policy names, the base's, the
// trusted one's and the head's (a head pointing the baseline at a new
// file changes what would be accepted once it lands).
func watchedFiles(basePol, trusted, headPol *policy.Policy) []watched {
	out := []watched{{path: policy.FileName, what: "policy", max: maxPolicyBytes}}
	seen := map[string]bool{policy.FileName: true}
	for _, p := range []*policy.Policy{basePol, trusted, headPol} {
		if p == nil || p.Baseline == "" {
			continue
		}
		c := path.Clean(strings.ReplaceAll(p.Baseline, `\`, "/"))
		if !fs.ValidPath(c) || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, watched{path: c, what: "baseline", max: maxBaselineBytes})
	}
	return out
}

// policyChanges compares each watched file of the base tree with the
// head's work tree and returns a policy/changed-in-pr finding for each
// one the pull request changes, with a bounded diff. pol (the policy that
// judges the run, trusted) may turn the rule off, change its severity or
// ignore it; judge names it in the message.
func policyChanges(base *treeFS, head *safefs.Root, files []watched, pol *policy.Policy, judge string) []finding.Finding {
	rule := finding.PolicyChangedInPR
	if !pol.Enabled(rule.ID) {
		return nil
	}
	var out []finding.Finding
	for _, w := range files {
		b := readVersion(func() ([]byte, error) { return base.readFile(w.path, w.max) })
		h := readVersion(func() ([]byte, error) { return head.ReadFileMax(w.path, w.max) })
		if b.missing && h.missing {
			continue
		}
		if b.err == nil && h.err == nil && !b.missing && !h.missing && string(b.data) == string(h.data) {
			continue
		}
		loc := finding.Location{Path: w.path}
		var msg, diff string
		verb := "changes"
		switch {
		case h.err == nil && b.err == nil && b.missing:
			verb = "adds"
		case h.err == nil && b.err == nil && h.missing:
			verb = "removes"
		}
		msg = fmt.Sprintf("pull request %s %s file %q", verb, w.what, w.path)
		switch {
		case h.err != nil:
			msg += fmt.Sprintf(", unreadable in the head (%v)", h.err)
		case b.err != nil:
			msg += fmt.Sprintf(", unreadable in the base (%v)", b.err)
		}
		if w.what == "policy" {
			msg += "; " + judge + " judges it"
		} else {
			msg += "; the base's baseline applies"
		}
		if b.err == nil && h.err == nil {
			var first int
			diff, first = unifiedDiff(w.path, b.data, h.data)
			if !h.missing {
				loc.StartLine = max(first, 1)
			}
		}
		f := rule.New(loc, "%s", msg)
		f.Severity = pol.SeverityOf(rule.ID, rule.Default)
		f.Evidence = map[string]string{"base_sha256": b.digest(), "head_sha256": h.digest()}
		f.Detail = "`tollgate pr` judges a pull request with the base commit's policy and baseline, " +
			"never with its own: this change does not apply to this pull request. " +
			"A maintainer reviews it and lands it on its own; it applies from the next pull request on."
		if diff != "" {
			f.Evidence["diff"] = diff
			fence := strings.Repeat("`", max(3, longestRun(diff, '`')+1))
			f.Detail += "\n\n" + fence + "diff\n" + diff + fence
		}
		f.Fingerprint = finding.Fingerprint(rule.ID, w.path, b.digest()+".."+h.digest())
		for i := range pol.Ignores {
			ig := &pol.Ignores[i]
			if ig.Matches(f.Rule, f.Location.Path) {
				f.Suppressed = &finding.Suppression{Kind: "policy", Reason: ig.Reason, Location: ig.Location}
				break
			}
		}
		out = append(out, f)
	}
	return out
}

// longestRun returns the length of the longest run of c in s, so that a
// Markdown fence longer than it cannot be closed by the content.
func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}
