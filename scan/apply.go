package scan

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/lineindex"
	"github.com/tollgate-dev/tollgate/policy"
)

// directiveFile reports whether path is of a kind that carries suppression
// directives.
func directiveFile(path string) bool {
	for _, ext := range []string{".go", ".yml", ".yaml", ".tf", ".hcl", ".tfvars"} {
		if strings.HasSuffix(path, ext) {
			return true
		}
	}
	return false
}

// sourceCache holds the files whose lines fingerprints quote, read once:
// the directive pass below reads a cached file from here rather than from
// the repository again. It starts with the files the domains already read
// whole (Result.Sources), so those are not read a second time.
type sourceCache struct {
	fsys  fs.FS
	files map[string]*source
}

type source struct {
	b       []byte
	starts  lineindex.Index // once indexed
	indexed bool
	err     error
}

// newSourceCache returns a cache of fsys holding, of known (the contents
// of files already read, by path), those of the scanned files: a file the
// walk left out (over the size limit) is read, and refused, as before.
func newSourceCache(fsys fs.FS, known map[string][]byte, scanned []file) *sourceCache {
	c := &sourceCache{fsys: fsys, files: make(map[string]*source, len(known))}
	if len(known) == 0 {
		return c
	}
	for _, sf := range scanned {
		if b, ok := known[sf.Path]; ok {
			c.files[sf.Path] = &source{b: b}
		}
	}
	return c
}

func (c *sourceCache) get(path string) *source {
	s, ok := c.files[path]
	if !ok {
		b, err := fs.ReadFile(c.fsys, path)
		s = &source{b: b, err: err}
		c.files[path] = s
	}
	if !s.indexed && s.err == nil {
		s.indexed = true
		s.starts = lineindex.New(s.b)
	}
	return s
}

// read returns the contents of path: the cached copy when a fingerprint
// needed the file, else a fresh read that is not kept.
func (c *sourceCache) read(path string) ([]byte, error) {
	if s, ok := c.files[path]; ok {
		return s.b, s.err
	}
	return fs.ReadFile(c.fsys, path)
}

// line returns line n (from 1) of path without its newline, "" when the
// file cannot be read or has no such line.
func (c *sourceCache) line(path string, n int) string {
	s := c.get(path)
	if s.err != nil {
		return ""
	}
	return string(s.starts.Line(s.b, n))
}

// apply applies the policy to raw findings: drops disabled rules, applies
// severity overrides, fills fingerprints, applies inline directives and
// policy ignores, and adds the findings about directives themselves.
// fsys reads the repository (the scan's safefs root), known holds files
// the domains read already (see Result.Sources); scanned lists the
// files the domains were given; owned tells whether a selected domain
// analysed a path, so directives elsewhere are not judged.
func apply(pol *policy.Policy, fsys fs.FS, known map[string][]byte, scanned []file, owned func(string) bool, complete bool, raw []finding.Finding) []finding.Finding {
	src := newSourceCache(fsys, known, scanned)
	parsed := firstParseErrors(raw)
	var out []finding.Finding
	if len(parsed) > 0 {
		out = make([]finding.Finding, 0, len(parsed))
	}
	for _, f := range parsed {
		if !pol.Enabled(f.Rule) {
			continue
		}
		f.Severity = pol.SeverityOf(f.Rule, f.Severity)
		if f.Fingerprint == "" {
			snippet := f.Message
			if f.Location.StartLine > 0 {
				snippet = src.line(f.Location.Path, f.Location.StartLine)
			}
			f.Fingerprint = finding.Fingerprint(f.Rule, f.Location.Path, snippet)
		}
		out = append(out, f)
	}

	// Inline directives.
	type dir struct {
		policy.Directive
		path string
		used bool
	}
	byPath := map[string][]*dir{}
	var all []*dir
	for _, sf := range scanned {
		if !directiveFile(sf.Path) || !owned(sf.Path) {
			continue
		}
		b, err := src.read(sf.Path)
		if err != nil {
			continue
		}
		if strings.HasSuffix(sf.Path, ".go") {
			b = goDirectiveComments(b)
		}
		for _, d := range policy.ParseDirectives(b) {
			dd := &dir{Directive: d, path: sf.Path}
			byPath[sf.Path] = append(byPath[sf.Path], dd)
			all = append(all, dd)
		}
	}
	for i := range out {
		f := &out[i]
		if f.Location.StartLine <= 0 {
			continue
		}
		for _, d := range byPath[f.Location.Path] {
			if d.Reason == "" || (d.Line != f.Location.StartLine && d.Line != f.Location.StartLine-1) || !matchRule(d.Rules, f.Rule) {
				continue
			}
			d.used = true
			if f.Suppressed == nil {
				f.Suppressed = &finding.Suppression{Kind: "directive", Reason: d.Reason,
					Location: finding.Location{Path: d.path, StartLine: d.Line, StartCol: d.Col}}
			}
		}
	}
	for _, d := range all {
		loc := finding.Location{Path: d.path, StartLine: d.Line, StartCol: d.Col}
		switch {
		case len(d.Rules) == 0 || d.Reason == "":
			f := finding.DirectiveMissingReason.New(loc, "suppression directive %q needs a rule and a reason", d.Text)
			f.Detail = "Write `tollgate:ignore <rule> <reason>`; a directive without both suppresses nothing."
			out = append(out, withFingerprint(f, d.Text))
		case !d.used:
			msg := fmt.Sprintf("directive %q suppresses no finding", d.Text)
			for _, r := range d.Rules {
				if _, ok := finding.Lookup(r); !ok && !strings.ContainsAny(r, "*?[") {
					msg = fmt.Sprintf("directive %q names unknown rule %q", d.Text, r)
					break
				}
			}
			out = append(out, withFingerprint(finding.UnusedDirective.New(loc, "%s", msg), d.Text))
		}
	}

	// Policy ignores.
	used := make([]bool, len(pol.Ignores))
	for i := range out {
		f := &out[i]
		for j := range pol.Ignores {
			ig := &pol.Ignores[j]
			if !ig.Matches(f.Rule, f.Location.Path) {
				continue
			}
			used[j] = true
			if f.Suppressed == nil {
				f.Suppressed = &finding.Suppression{Kind: "policy", Reason: ig.Reason, Location: ig.Location}
			}
		}
	}
	// The baseline accepts what remains, one finding per accepted entry.
	if pol.BaselineData != nil {
		left := pol.BaselineData.Counts()
		for i := range out {
			f := &out[i]
			if f.Suppressed != nil || left[f.Fingerprint] == 0 {
				continue
			}
			left[f.Fingerprint]--
			f.Suppressed = &finding.Suppression{Kind: "baseline", Reason: "accepted in the baseline " + pol.Baseline,
				Location: finding.Location{Path: pol.Baseline}}
		}
	}
	if complete {
		for j, u := range used {
			if !u {
				ig := pol.Ignores[j]
				f := finding.UnusedIgnore.New(ig.Location, "ignore of %s suppresses no finding", strings.Join(quoteAll(ig.Rules), ", "))
				out = append(out, withFingerprint(f, strings.Join(ig.Rules, ",")+"|"+strings.Join(ig.Paths, ",")))
			}
		}
	}
	finding.Sort(out)
	return out
}

func withFingerprint(f finding.Finding, snippet string) finding.Finding {
	f.Fingerprint = finding.Fingerprint(f.Rule, f.Location.Path, snippet)
	return f
}

func matchRule(patterns []string, rule string) bool {
	for _, p := range patterns {
		if policy.MatchRule(p, rule) {
			return true
		}
	}
	return false
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// firstParseErrors keeps one parse/error finding per file, the first by
// the parser emitted: its later errors in the same file mostly cascade from the
// first, and one line per broken file is what a reader can act on. The
// number of others is kept as evidence.
func firstParseErrors(raw []finding.Finding) []finding.Finding {
	// Most scans have at most one parse error per file: then raw is the
	// answer as it is (callers only read it).
	seen := map[string]bool{}
	dup := false
	for i := range raw {
		if raw[i].Rule == finding.ParseError.ID {
			if seen[raw[i].Location.Path] {
				dup = true
				break
			}
			seen[raw[i].Location.Path] = true
		}
	}
	if !dup {
		return raw
	}
	first := map[string]int{}
	more := map[string]int{}
	var out []finding.Finding
	for _, f := range raw {
		if f.Rule != finding.ParseError.ID {
			out = append(out, f)
			continue
		}
		if _, seen := first[f.Location.Path]; !seen {
			first[f.Location.Path] = len(out)
			out = append(out, f)
			continue
		}
		more[f.Location.Path]++
	}
	for p, n := range more {
		f := &out[first[p]]
		ev := make(map[string]string, len(f.Evidence)+1)
		for k, v := range f.Evidence {
			ev[k] = v
		}
		ev["more_errors"] = fmt.Sprint(n)
		f.Evidence = ev
	}
	return out
}
