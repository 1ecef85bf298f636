package report

import (
	"slices"

	"github.com/tollgate-dev/tollgate/finding"
)

// Comparison is set in pull-request mode: how the head's findings compare
// with the base's, by fingerprint.
type Comparison struct {
	// Base is the commit the head was compared with: the merge base of the
	// requested base and the head, as a pull request's diff shows it.
	Base string `json:"base"`
	// BaseRef is the base as the user named it ("origin/main").
	BaseRef string `json:"base_ref,omitempty"`
	Head    string `json:"head"`
	// New, Existing and Fixed count active findings by fingerprint: new are
	// in the head only, existing in both, fixed in the base only.
	New      int `json:"new"`
	Existing int `json:"existing"`
	Fixed    int `json:"fixed"`
	// NewFingerprints lists the fingerprints of the findings new in the
	// head, sorted, one entry per new finding: a fingerprint that occurs
	// twice in the head and once in the base is listed once.
	NewFingerprints []string `json:"new_fingerprints,omitempty"`
	// FixedFindings are the base's active findings that the head no longer
	// has, as the base reported them.
	FixedFindings []finding.Finding `json:"fixed_findings,omitempty"`
	// Policy says which policy judged both sides: "base" (the base
	// commit's policy file), "defaults" (the base has none) or "flag" (a
	// file the user named). The pull request's own policy file never does.
	Policy string `json:"policy,omitempty"`
	// Unknown lists the domains whose comparison is unknown: the domain
	// failed, or loaded only in part, on one side. Their head findings that
	// the base does not also have are counted neither new nor existing, and
	// their base findings missing from the head are not counted fixed.
	Unknown []UnknownDomain `json:"unknown,omitempty"`
}

// UnknownDomain is a domain whose findings could not be compared.
type UnknownDomain struct {
	Name string `json:"name"`
	// Side is "base", "head" or "both": where the domain failed.
	Side string `json:"side"`
	// Reason says in one line what failed.
	Reason string `json:"reason"`
	// Findings counts the head's active findings of the domain that could
	// not be classified as new or existing.
	Findings int `json:"findings"`
	// Blocking is true when the unknown could hide a finding that fails
	// the gate: the head side failed, or an unclassified finding is at or
	// above the gate's severity.
	Blocking bool `json:"blocking"`
}

// Compare diffs the active findings of a base and a head scan by
// fingerprint, as multisets: a fingerprint present n times in the base and
// m times in the head counts min(n, m) existing, m-n new or n-m fixed.
func Compare(base, head []finding.Finding) Comparison {
	inBase := map[string]int{}
	for _, f := range base {
		if f.Suppressed == nil {
			inBase[f.Fingerprint]++
		}
	}
	var c Comparison
	left := map[string]int{}
	for fp, n := range inBase {
		left[fp] = n
	}
	for _, f := range head {
		if f.Suppressed != nil {
			continue
		}
		if left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			c.Existing++
			continue
		}
		c.New++
		c.NewFingerprints = append(c.NewFingerprints, f.Fingerprint)
	}
	for _, f := range base {
		if f.Suppressed == nil && left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			c.Fixed++
			c.FixedFindings = append(c.FixedFindings, f)
		}
	}
	slices.Sort(c.NewFingerprints)
	finding.Sort(c.FixedFindings)
	return c
}

// Split divides the report's active findings into those new in the head and
// those that already existed in the base. Without a comparison every active
// finding is new.
func (r *Report) Split() (newF, existing []finding.Finding) {
	active := r.Active()
	if r.Comparison == nil {
		return active, nil
	}
	want := map[string]int{}
	for _, fp := range r.Comparison.NewFingerprints {
		want[fp]++
	}
	// When a fingerprint repeats, the last occurrences in report order are
	// the new ones: lines added below existing twins.
	seen := map[string]int{}
	total := map[string]int{}
	for _, f := range active {
		total[f.Fingerprint]++
	}
	for _, f := range active {
		seen[f.Fingerprint]++
		if total[f.Fingerprint]-seen[f.Fingerprint] < want[f.Fingerprint] {
			newF = append(newF, f)
		} else {
			existing = append(existing, f)
		}
	}
	return newF, existing
}
