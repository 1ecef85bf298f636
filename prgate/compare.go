package prgate

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/scan"
)

// areaDomain maps a rule area to the domain that reports its rules. Rules
// of the areas in pathAreas are attributed to the domains that own the
// file they stand on; those of other areas (policy, pr) belong to no
// domain and are compared as they are.
var areaDomain = map[string]string{
	"ci":    "pipeline",
	"tf":    "iac",
	"go":    "go",
	"lic":   "licenses",
	"mlops": "mlops",
	"risk":  "risk",
}

// pathAreas are the areas of rules that any domain's files can raise.
var pathAreas = map[string]bool{"parse": true, "scan": true}

// domainFailures are the rules that say a domain saw only part of its
// input as a whole (a module missing from the cache leaves out every
// package that imports it): its findings on that side cannot be trusted to
// be complete anywhere.
var domainFailures = map[string]bool{
	"go/module-not-cached":  true,
	"go/package-not-loaded": true,
	"lic/graph-error":       true,
}

// fileFailures are the rules that say one file was not analysed: only
// the findings at that path are in doubt.
var fileFailures = map[string]bool{
	"parse/error":          true,
	"scan/file-unreadable": true,
	"scan/file-too-large":  true,
}

func loadFailure(rule string) bool { return domainFailures[rule] || fileFailures[rule] }

// headOnly are the domains that run on the head only, by design: the
// change risk of base..head has no base side to compare with.
var headOnly = map[string]bool{"risk": true}

// domainsOf returns the domains a finding belongs to.
func domainsOf(f finding.Finding, ds []scan.Domain) []string {
	area := finding.Area(f.Rule)
	if d, ok := areaDomain[area]; ok {
		return []string{d}
	}
	if !pathAreas[area] || f.Location.Path == "" {
		return nil
	}
	var out []string
	for _, d := range ds {
		if d.Owns(f.Location.Path) {
			out = append(out, d.Name())
		}
	}
	return out
}

// scope is what cannot be compared, and why.
type scope struct {
	side    string // "base", "head" or "both"
	reasons []string
}

func (s *scope) add(side, reason string) {
	if s.side == "" {
		s.side = side
	} else if s.side != side {
		s.side = "both"
	}
	if len(s.reasons) < 3 {
		s.reasons = append(s.reasons, reason)
	} else if len(s.reasons) == 3 {
		s.reasons = append(s.reasons, "and more")
	}
}

// unknowns are the parts of a run whose comparison is unknown: whole
// domains, and single files.
type unknowns struct {
	domains map[string]*scope
	files   map[string]*scope // by path
	// fileDomains lists, for each domain, the paths of files unknown in it.
	fileDomains map[string]map[string]bool
}

// findUnknowns finds what cannot be compared. A domain is unknown when it
// could not run on a side, or a domain-wide load failure (a module not in
// the cache, a package that did not load, a module graph not read) stands
// on one side only; a file is unknown when a file-level load failure (it
// did not parse, could not be read, is too large) stands on one side only.
// A load failure present on both sides, by fingerprint, leaves the sides
// comparable: both missed the same part. Suppressed findings count too: a
// suppressed parse error still means the file was not analysed.
func findUnknowns(base, head *report.Report, ds []scan.Domain) *unknowns {
	u := &unknowns{domains: map[string]*scope{}, files: map[string]*scope{}, fileDomains: map[string]map[string]bool{}}
	markDomain := func(name, side, reason string) {
		if headOnly[name] {
			return
		}
		if u.domains[name] == nil {
			u.domains[name] = &scope{}
		}
		u.domains[name].add(side, reason)
	}
	ran := map[string]map[string]bool{"base": {}, "head": {}}
	for _, side := range []struct {
		name string
		r    *report.Report
	}{{"base", base}, {"head", head}} {
		for _, d := range side.r.Domains {
			ran[side.name][d.Name] = true
			if d.Error != "" {
				markDomain(d.Name, side.name, fmt.Sprintf("the domain failed on the %s: %s", side.name, oneLine(d.Error)))
			}
		}
	}
	for _, pair := range [][2]string{{"head", "base"}, {"base", "head"}} {
		for _, name := range slices.Sorted(maps.Keys(ran[pair[0]])) {
			if !ran[pair[1]][name] {
				markDomain(name, pair[1], "the domain did not run on the "+pair[1])
			}
		}
	}
	count := func(fs []finding.Finding) map[string]int {
		m := map[string]int{}
		for _, f := range fs {
			if loadFailure(f.Rule) {
				m[f.Fingerprint]++
			}
		}
		return m
	}
	inBase, inHead := count(base.Findings), count(head.Findings)
	oneSided := func(side string, fs []finding.Finding, other map[string]int) {
		left := maps.Clone(other)
		for _, f := range fs {
			if !loadFailure(f.Rule) {
				continue
			}
			if left[f.Fingerprint] > 0 {
				left[f.Fingerprint]--
				continue
			}
			reason := fmt.Sprintf("%s on the %s only: %s", f.Rule, side, oneLine(f.Message))
			if domainFailures[f.Rule] {
				for _, d := range domainsOf(f, ds) {
					markDomain(d, side, reason)
				}
				continue
			}
			p := f.Location.Path
			if p == "" {
				continue
			}
			if u.files[p] == nil {
				u.files[p] = &scope{}
			}
			u.files[p].add(side, reason)
			for _, d := range domainsOf(f, ds) {
				if u.fileDomains[d] == nil {
					u.fileDomains[d] = map[string]bool{}
				}
				u.fileDomains[d][p] = true
			}
		}
	}
	oneSided("base", base.Findings, inHead)
	oneSided("head", head.Findings, inBase)
	return u
}

// of returns the domains in which a finding cannot be compared, nil when
// it can. Load failures themselves always can: they are facts of each side.
func (u *unknowns) of(f finding.Finding, ds []scan.Domain) []string {
	if loadFailure(f.Rule) {
		return nil
	}
	doms := domainsOf(f, ds)
	var out []string
	for _, d := range doms {
		if u.domains[d] != nil {
			out = append(out, d)
		}
	}
	if len(out) > 0 {
		return out
	}
	if s := u.files[f.Location.Path]; s != nil {
		if len(doms) == 0 {
			// A finding of no domain on an unknown file: name the
			// domains that own the file.
			for _, d := range ds {
				if d.Owns(f.Location.Path) {
					doms = append(doms, d.Name())
				}
			}
		}
		if len(doms) == 0 {
			doms = []string{"scan"}
		}
		return doms
	}
	return nil
}

// oneLine keeps the first line of an error, cut to 300 bytes.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}

// compare diffs the base's and the head's active findings as
// report.Compare does, except where the comparison is unknown: there a
// head finding the base also has is still existing, but one it has not is
// counted unknown (in its domain's Findings) rather than new, and a base
// finding the head has not is not counted fixed. failOn decides which
// unknowns block. An unknown domain is listed when the whole domain is
// unknown, or when an unknown file holds a finding it could not classify.
func compare(base, head []finding.Finding, u *unknowns, ds []scan.Domain, failOn finding.Severity) report.Comparison {
	var baseK, headK, baseU, headU []finding.Finding
	for _, f := range base {
		if len(u.of(f, ds)) > 0 {
			baseU = append(baseU, f)
		} else {
			baseK = append(baseK, f)
		}
	}
	for _, f := range head {
		if len(u.of(f, ds)) > 0 {
			headU = append(headU, f)
		} else {
			headK = append(headK, f)
		}
	}
	c := report.Compare(baseK, headK)
	// Where it is unknown only matches count. A fingerprint names its rule
	// and path, so twins always fall in the same part.
	cu := report.Compare(baseU, headU)
	c.Existing += cu.Existing
	unclassified := map[string]int{}
	for _, fp := range cu.NewFingerprints {
		unclassified[fp]++
	}
	out := map[string]*report.UnknownDomain{}
	entry := func(d string) *report.UnknownDomain {
		if out[d] == nil {
			out[d] = &report.UnknownDomain{Name: d}
		}
		return out[d]
	}
	for _, f := range headU {
		if f.Suppressed != nil || unclassified[f.Fingerprint] == 0 {
			continue
		}
		unclassified[f.Fingerprint]--
		for _, d := range u.of(f, ds) {
			e := entry(d)
			e.Findings++
			if f.Severity >= failOn {
				e.Blocking = true
			}
		}
	}
	for d, s := range u.domains {
		e := entry(d)
		if s.side != "base" {
			e.Blocking = true // the head may hide what it failed to see
		}
	}
	for _, name := range slices.Sorted(maps.Keys(out)) {
		e := out[name]
		s := &scope{}
		if ds := u.domains[name]; ds != nil {
			s.side, s.reasons = ds.side, slices.Clone(ds.reasons)
		}
		for _, p := range slices.Sorted(maps.Keys(u.fileDomains[name])) {
			fs := u.files[p]
			for _, r := range fs.reasons {
				s.add(fs.side, r)
			}
		}
		if name == "scan" {
			for _, p := range slices.Sorted(maps.Keys(u.files)) {
				for _, r := range u.files[p].reasons {
					s.add(u.files[p].side, r)
				}
			}
		}
		e.Side = s.side
		e.Reason = strings.Join(s.reasons, "; ")
		c.Unknown = append(c.Unknown, *e)
	}
	return c
}

// unknownFindings returns one pr/comparison-unknown finding per unknown
// domain. One that blocks has at least the gate's severity, so the
// findings gate fails on it; one that does not (the base side failed and
// nothing it could not classify reaches the gate) is info. The trusted
// policy may turn the rule off or set its severity.
func unknownFindings(us []report.UnknownDomain, enabled func(string) bool, severityOf func(string, finding.Severity) finding.Severity, failOn finding.Severity) []finding.Finding {
	rule := finding.ComparisonUnknown
	if !enabled(rule.ID) {
		return nil
	}
	var out []finding.Finding
	for _, u := range us {
		f := rule.New(finding.Location{}, "comparison unknown for domain %q (%s): %d finding(s) of the head counted neither new nor existing", u.Name, u.Reason, u.Findings)
		if u.Blocking {
			f.Severity = severityOf(rule.ID, max(rule.Default, failOn))
		} else {
			f.Severity = finding.Info
		}
		f.Evidence = map[string]string{"domain": u.Name, "side": u.Side, "unclassified": fmt.Sprint(u.Findings)}
		f.Detail = "The " + u.Name + " domain failed, or loaded only part of its files, on the " + u.Side +
			" side, so its findings cannot be compared: an old finding would look new, or a new one could hide. " +
			"`tollgate explain " + rule.ID + "` says how to make both sides load."
		f.Fingerprint = finding.Fingerprint(rule.ID, "", u.Name+"|"+u.Side)
		out = append(out, f)
	}
	return out
}

// newOnlyGate rewrites the findings gate to count only the findings the
// change adds: in a pull request, debt already on the base does not block.
// Findings of unknown domains are not counted new; the
// pr/comparison-unknown findings stand for them.
func newOnlyGate(r *report.Report, failOn finding.Severity) {
	newF, existing := r.Split()
	n, old := 0, 0
	for _, f := range newF {
		if f.Severity >= failOn {
			n++
		}
	}
	for _, f := range existing {
		if f.Severity >= failOn {
			old++
		}
	}
	detail := fmt.Sprintf("%d new active finding(s) of severity %s or higher; %d such finding(s) already on the base are not counted", n, failOn, old)
	observed := fmt.Sprint(n)
	if cmp := r.Comparison; cmp != nil && len(cmp.Unknown) > 0 {
		var names []string
		for _, u := range cmp.Unknown {
			names = append(names, fmt.Sprintf("%q", u.Name))
		}
		detail += "; comparison unknown for " + strings.Join(names, ", ")
		observed += " (comparison unknown for " + strings.Join(names, ", ") + ")"
	}
	for i, g := range r.Gates {
		if g.Name != "findings" {
			continue
		}
		r.Gates[i] = report.Gate{
			Name:      "findings",
			Passed:    n == 0,
			Threshold: fmt.Sprintf("no new active finding at or above %s", failOn),
			Observed:  observed,
			Detail:    detail,
		}
	}
}
