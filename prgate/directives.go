package prgate

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/policy"
)

// maxDirectiveFile caps the bytes read of a file that holds a directive.
const maxDirectiveFile = safefs.DefaultMax

// addedDirectives judges the head as if the suppression directives the pull
// request adds were not there: a head finding suppressed by a directive
// whose line the base's copy of the file does not hold (anywhere, after
// trimming white space) becomes active again, and each such directive is
// reported once (policy/directive-added-in-pr). A directive the base
// already has keeps suppressing, and so does any directive over a finding
// the base has too (active or suppressed): the pull request did not bring
// that finding, so what hides it is not judged here. The base's policy may turn the rule off,
// lower it or ignore it, as for policy/changed-in-pr; the findings stay
// active whatever it says of the rule.
func addedDirectives(fs, baseFindings []finding.Finding, base *treeFS, head *safefs.Root, pol *policy.Policy) []finding.Finding {
	inBase := map[string]bool{}
	for _, f := range baseFindings {
		inBase[f.Fingerprint] = true
	}
	type directive struct {
		loc   finding.Location
		text  string
		rules []string
	}
	headLines := map[string][]string{}
	baseLines := map[string]map[string]bool{}
	linesOf := func(b []byte) []string {
		return strings.Split(string(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))), "\n")
	}
	byLoc := map[string]*directive{}
	var order []string
	for i := range fs {
		f := &fs[i]
		s := f.Suppressed
		if s == nil || s.Kind != "directive" || s.Location.Path == "" || s.Location.StartLine <= 0 || inBase[f.Fingerprint] {
			continue
		}
		p := s.Location.Path
		hl, ok := headLines[p]
		if !ok {
			if b, err := head.ReadFileMax(p, maxDirectiveFile); err == nil {
				hl = linesOf(b)
			}
			headLines[p] = hl
		}
		if s.Location.StartLine > len(hl) {
			continue // the directive is not where the scan saw it: leave it be
		}
		text := strings.TrimSpace(hl[s.Location.StartLine-1])
		bl, ok := baseLines[p]
		if !ok {
			bl = map[string]bool{}
			if b, err := base.readFile(p, maxDirectiveFile); err == nil {
				for _, l := range linesOf(b) {
					bl[strings.TrimSpace(l)] = true
				}
			}
			baseLines[p] = bl
		}
		if bl[text] {
			continue
		}
		key := fmt.Sprintf("%s:%d", p, s.Location.StartLine)
		d := byLoc[key]
		if d == nil {
			d = &directive{loc: finding.Location{Path: p, StartLine: s.Location.StartLine}, text: text}
			byLoc[key] = d
			order = append(order, key)
		}
		if !slices.Contains(d.rules, f.Rule) {
			d.rules = append(d.rules, f.Rule)
		}
		if f.Evidence == nil {
			f.Evidence = map[string]string{}
		}
		f.Evidence["suppression_added_in_pr"] = key
		f.Suppressed = nil
	}
	rule := finding.DirectiveAddedInPR
	if !pol.Enabled(rule.ID) {
		return nil
	}
	var out []finding.Finding
	for _, key := range order {
		d := byLoc[key]
		slices.Sort(d.rules)
		f := rule.New(d.loc, "pull request adds a directive that suppresses %s; it does not count for this pull request", quoteList(d.rules))
		f.Severity = pol.SeverityOf(rule.ID, rule.Default)
		f.Detail = "`tollgate pr` judges a pull request as if the suppression directives it adds were not there: " +
			"the findings this directive would hide stay active here. Once merged, the directive applies."
		f.Evidence = map[string]string{"rules": strings.Join(d.rules, ",")}
		f.Fingerprint = finding.Fingerprint(rule.ID, d.loc.Path, d.text)
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

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
