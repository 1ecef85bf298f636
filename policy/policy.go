// Package policy reads `.tollgate.hcl`, the policy file that sets gates,
// severity overrides, ignores and each domain's settings, and parses the
// inline `tollgate:ignore` suppression directives.
package policy

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// FileName is the policy file looked for at the repository root.
const FileName = ".tollgate.hcl"

// DefaultMaxFileSize is the largest file a domain reads unless the policy says otherwise.
const DefaultMaxFileSize = 4 << 20

// MaxPolicySize is the largest policy file read: a policy is a few
// kilobytes, and a bigger file is a mistake or an attack.
const MaxPolicySize = 1 << 20

// Policy is the decoded policy file with defaults applied. The zero value is
// not ready to use; call Default or Load.
type Policy struct {
	// Path is the file it was read from, empty for the defaults.
	Path string
	// Digest is the hex SHA-256 of the file's bytes (of nothing for the defaults).
	Digest string

	// FailOn is the lowest severity that fails the run.
	FailOn finding.Severity
	// MaxChangeRisk fails a change whose risk score is above it; 0 disables the gate.
	MaxChangeRisk int
	// Exclude lists doublestar globs of paths that are not scanned at all.
	Exclude []string
	// MaxFileSize is the largest file, in bytes, that a domain reads.
	MaxFileSize int64
	// Baseline is the root-relative path of the baseline file whose
	// findings are accepted; empty means none.
	Baseline string
	// BaselineData is the loaded baseline; the engine reads it from
	// Baseline when nil.
	BaselineData *Baseline

	// Rules holds per-rule overrides, keyed by rule ID.
	Rules map[string]RuleOverride
	// Ignores are the policy-level suppressions, in file order.
	Ignores []Ignore

	// Domain blocks, nil when absent from the file.
	Tags      *Tags
	Licenses  *Licenses
	AI        *AI
	Pipelines *Pipelines
	Risk      *Risk
	Go        *Go
	Templates *Templates
}

// RuleOverride changes one rule's severity or turns it off.
type RuleOverride struct {
	Severity *finding.Severity
	Enabled  bool
}

// Ignore suppresses findings of matching rules in matching paths.
type Ignore struct {
	// Rules are rule IDs or globs ("tf/*").
	Rules []string
	// Paths are doublestar globs; empty means every path.
	Paths  []string
	Reason string
	// Location is where the block stands in the policy file.
	Location finding.Location
}

// MatchRule reports whether a rule pattern of the policy names rule: the
// rule ID itself, a glob within an area ("tf/*", "ci/ai-*"), or "*" (or
// "**") for every rule. Rule IDs are not paths: a lone "*" means all rules,
// as a user writing `rule = "*"` expects, although a path glob's "*" would
// not cross the "/" in "tf/missing-cost-tags".
func MatchRule(pattern, rule string) bool {
	if pattern == rule || pattern == "*" || pattern == "**" {
		return true
	}
	m, _ := doublestar.Match(pattern, rule)
	return m
}

// Matches reports whether the ignore applies to a finding of rule at path.
func (ig *Ignore) Matches(rule, path string) bool {
	ok := false
	for _, r := range ig.Rules {
		if MatchRule(r, rule) {
			ok = true
			break
		}
	}
	if !ok {
		return false
	}
	if len(ig.Paths) == 0 {
		return true
	}
	for _, p := range ig.Paths {
		if m, _ := doublestar.Match(p, path); m {
			return true
		}
	}
	return false
}

// Default returns the policy used when the repository has no policy file.
func Default() *Policy {
	sum := sha256.Sum256(nil)
	return &Policy{
		Digest:      hex.EncodeToString(sum[:]),
		FailOn:      finding.High,
		MaxFileSize: DefaultMaxFileSize,
		Rules:       map[string]RuleOverride{},
	}
}

// Excluded reports whether path matches an exclude glob.
func (p *Policy) Excluded(path string) bool {
	for _, g := range p.Exclude {
		if m, _ := doublestar.Match(g, path); m {
			return true
		}
	}
	return false
}

// Enabled reports whether the rule is on.
func (p *Policy) Enabled(rule string) bool {
	o, ok := p.Rules[rule]
	return !ok || o.Enabled
}

// SeverityOf returns the severity the policy gives a rule whose default is def.
func (p *Policy) SeverityOf(rule string, def finding.Severity) finding.Severity {
	if o, ok := p.Rules[rule]; ok && o.Severity != nil {
		return *o.Severity
	}
	return def
}

// Error is a policy file problem with its position. Its message reads
// "file:line:col: summary: detail", one per line for several.
type Error struct {
	Diags hcl.Diagnostics
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, d := range e.Diags {
		if i > 0 {
			b.WriteByte('\n')
		}
		// A policy is repository content: its values (a baseline path, a
		// rule name) reach the terminal only without control characters.
		if d.Subject != nil {
			fmt.Fprintf(&b, "%s:%d:%d: ", cleanLine(d.Subject.Filename), d.Subject.Start.Line, d.Subject.Start.Column)
		}
		b.WriteString(cleanLine(d.Summary))
		if d.Detail != "" {
			b.WriteString(": ")
			b.WriteString(cleanLine(d.Detail))
		}
	}
	return b.String()
}

// Load reads the policy file in dir, or returns the defaults when there is
// none. A malformed file is an *Error naming file:line:col. dir is the
// scanned repository: the file is read inside it (a symbolic link out of
// it, a device, a FIFO or a file over MaxPolicySize is an *Error, and is
// not read).
func Load(dir string) (*Policy, error) {
	src, err := safefs.ReadFile(dir, FileName, MaxPolicySize)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, &Error{Diags: hcl.Diagnostics{{Severity: hcl.DiagError,
			Summary: fmt.Sprintf("Policy file %q not read", FileName), Detail: why(err)}}}
	}
	return Parse(FileName, src)
}

// LoadFile reads the policy at an explicit path, one the user named: any
// path, but a regular file of at most MaxPolicySize bytes.
func LoadFile(path string) (*Policy, error) {
	src, err := safefs.ReadTrusted(path, MaxPolicySize)
	if err != nil {
		return nil, fmt.Errorf("read policy: %w", err)
	}
	return Parse(path, src)
}

// why says in a sentence why a file of the repository was not read.
func why(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, safefs.ErrOutside):
		return "it leads outside the repository (an absolute path, \"..\" or a symbolic link out of it); tollgate reads only files inside the repository it scans."
	case errors.As(err, &pe) && (errors.Is(err, safefs.ErrNotRegular) || errors.Is(err, safefs.ErrTooLarge)):
		return "it is " + strings.TrimPrefix(pe.Err.Error(), "file ") + "."
	case errors.As(err, &pe):
		return pe.Err.Error() + "."
	}
	return err.Error() + "."
}

// outside reports whether a root-relative path names a place outside the
// root by its text alone (an absolute path or one that climbs out with "..").
func outside(p string) bool {
	if path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "" || strings.HasPrefix(p, `\`) {
		return true
	}
	c := path.Clean(strings.ReplaceAll(p, `\`, "/"))
	return c == ".." || strings.HasPrefix(c, "../")
}

// file is the HCL shape of the policy file.
type file struct {
	Gate        *gateBlock    `hcl:"gate,block"`
	Exclude     []string      `hcl:"exclude,optional"`
	MaxFileSize *int64        `hcl:"max_file_size,optional"`
	Baseline    *string       `hcl:"baseline,optional"`
	Rules       []ruleBlock   `hcl:"rule,block"`
	Ignores     []ignoreBlock `hcl:"ignore,block"`
	Tags        *Tags         `hcl:"tags,block"`
	Licenses    *Licenses     `hcl:"licenses,block"`
	AI          *AI           `hcl:"ai,block"`
	Pipelines   *Pipelines    `hcl:"pipelines,block"`
	Risk        *Risk         `hcl:"risk,block"`
	Go          *Go           `hcl:"go,block"`
	Templates   *Templates    `hcl:"templates,block"`
}

type gateBlock struct {
	FailOn        hcl.Expression `hcl:"fail_on,optional"`
	MaxChangeRisk *int           `hcl:"max_change_risk,optional"`
}

type ruleBlock struct {
	ID       string         `hcl:"id,label"`
	Severity hcl.Expression `hcl:"severity,optional"`
	Enabled  *bool          `hcl:"enabled,optional"`
}

type ignoreBlock struct {
	Rule   hcl.Expression `hcl:"rule"`
	Paths  []string       `hcl:"paths,optional"`
	Reason *string        `hcl:"reason,optional"`
}

// Parse decodes policy source. filename is used in error positions.
func Parse(filename string, src []byte) (*Policy, error) {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, &Error{diags}
	}
	var raw file
	if diags := gohcl.DecodeBody(f.Body, nil, &raw); diags.HasErrors() {
		return nil, &Error{diags}
	}
	p := Default()
	p.Path = filename
	sum := sha256.Sum256(src)
	p.Digest = hex.EncodeToString(sum[:])
	p.Tags, p.Licenses, p.AI, p.Pipelines, p.Risk, p.Go = raw.Tags, raw.Licenses, raw.AI, raw.Pipelines, raw.Risk, raw.Go
	p.Templates = raw.Templates
	p.Exclude = raw.Exclude
	if raw.Baseline != nil {
		p.Baseline = *raw.Baseline
	}

	var errs hcl.Diagnostics
	if outside(p.Baseline) {
		errs = append(errs, attrDiag(f.Body, "baseline", "Baseline outside the repository",
			fmt.Sprintf("baseline %q leads outside the repository; name a file inside it, relative to the root.", p.Baseline)))
	}
	errs = append(errs, raw.Tags.Validate()...)
	errs = append(errs, validateLicenses(raw.Licenses, filename)...)
	errs = append(errs, validateTemplates(raw.Templates, f.Body)...)
	for _, g := range raw.Exclude {
		if !doublestar.ValidatePattern(g) {
			errs = append(errs, attrDiag(f.Body, "exclude", "Invalid glob", fmt.Sprintf("%q is not a valid path pattern.", g)))
		}
	}
	if raw.MaxFileSize != nil {
		if *raw.MaxFileSize <= 0 {
			errs = append(errs, attrDiag(f.Body, "max_file_size", "Invalid size", "max_file_size must be a positive number of bytes."))
		}
		p.MaxFileSize = *raw.MaxFileSize
	}
	if g := raw.Gate; g != nil {
		if s, d := severityExpr(g.FailOn); d != nil {
			errs = append(errs, d)
		} else if s != nil {
			p.FailOn = *s
		}
		if g.MaxChangeRisk != nil {
			if *g.MaxChangeRisk < 0 || *g.MaxChangeRisk > 100 {
				errs = append(errs, blockAttrDiag(f.Body, "gate", 0, "max_change_risk", "Invalid risk threshold", "max_change_risk must be between 0 and 100."))
			}
			p.MaxChangeRisk = *g.MaxChangeRisk
		}
	}
	for i, r := range raw.Rules {
		o := RuleOverride{Enabled: true}
		if r.Enabled != nil {
			o.Enabled = *r.Enabled
		}
		s, d := severityExpr(r.Severity)
		if d != nil {
			errs = append(errs, d)
		}
		o.Severity = s
		if _, known := finding.Lookup(r.ID); !known && len(finding.Rules()) > 0 {
			d := blockDiag(f.Body, "rule", i, "Unknown rule", fmt.Sprintf("No rule has the ID %q; `tollgate rules` lists them.", r.ID))
			d.Detail += suggest(r.ID)
			errs = append(errs, d)
		}
		if _, dup := p.Rules[r.ID]; dup {
			errs = append(errs, blockDiag(f.Body, "rule", i, "Duplicate rule block", fmt.Sprintf("Rule %q is configured twice.", r.ID)))
		}
		p.Rules[r.ID] = o
	}
	for i, ig := range raw.Ignores {
		rules, d := stringOrList(ig.Rule)
		if d != nil {
			errs = append(errs, d)
		}
		loc := blockLocation(f.Body, "ignore", i)
		if ig.Reason == nil || strings.TrimSpace(*ig.Reason) == "" {
			d := blockDiag(f.Body, "ignore", i, "Ignore without a reason", `Every ignore block needs reason = "..." saying why these findings are accepted; auditors read it.`)
			errs = append(errs, d)
			continue
		}
		for _, g := range append(slicesClone(rules), ig.Paths...) {
			if !doublestar.ValidatePattern(g) {
				errs = append(errs, blockDiag(f.Body, "ignore", i, "Invalid glob", fmt.Sprintf("%q is not a valid pattern.", g)))
			}
		}
		p.Ignores = append(p.Ignores, Ignore{Rules: rules, Paths: ig.Paths, Reason: strings.TrimSpace(*ig.Reason), Location: loc})
	}
	if errs.HasErrors() {
		return nil, &Error{errs}
	}
	return p, nil
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// severityExpr evaluates an optional severity attribute.
func severityExpr(e hcl.Expression) (*finding.Severity, *hcl.Diagnostic) {
	if e == nil {
		return nil, nil
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		return nil, diags[0]
	}
	if v.IsNull() {
		return nil, nil
	}
	if v.Type() != cty.String || !v.IsKnown() {
		r := e.Range()
		return nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid severity", Detail: "severity must be a string: info, low, medium, high or critical.", Subject: &r}
	}
	s, err := finding.ParseSeverity(v.AsString())
	if err != nil {
		r := e.Range()
		return nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid severity", Detail: err.Error() + ".", Subject: &r}
	}
	return &s, nil
}

// stringOrList reads an attribute that is a string or a list of strings.
func stringOrList(e hcl.Expression) ([]string, *hcl.Diagnostic) {
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		return nil, diags[0]
	}
	r := e.Range()
	bad := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid rule", Detail: `rule must be a rule ID or glob, or a list of them.`, Subject: &r}
	switch {
	case v.IsNull() || !v.IsKnown():
		return nil, bad
	case v.Type() == cty.String:
		return []string{v.AsString()}, nil
	case v.Type().IsTupleType() || v.Type().IsListType():
		var out []string
		for it := v.ElementIterator(); it.Next(); {
			_, el := it.Element()
			if el.Type() != cty.String || el.IsNull() {
				return nil, bad
			}
			out = append(out, el.AsString())
		}
		if len(out) == 0 {
			return nil, bad
		}
		return out, nil
	}
	return nil, bad
}

// nthBlock returns the i-th top-level block of the given type.
func nthBlock(body hcl.Body, typ string, i int) *hclsyntax.Block {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	n := 0
	for _, b := range sb.Blocks {
		if b.Type == typ {
			if n == i {
				return b
			}
			n++
		}
	}
	return nil
}

func blockLocation(body hcl.Body, typ string, i int) finding.Location {
	b := nthBlock(body, typ, i)
	if b == nil {
		return finding.Location{}
	}
	r := b.DefRange()
	return finding.Location{Path: r.Filename, StartLine: r.Start.Line, StartCol: r.Start.Column, EndLine: r.End.Line, EndCol: r.End.Column}
}

func blockDiag(body hcl.Body, typ string, i int, summary, detail string) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail}
	if b := nthBlock(body, typ, i); b != nil {
		r := b.DefRange()
		d.Subject = &r
	}
	return d
}

func blockAttrDiag(body hcl.Body, typ string, i int, attr, summary, detail string) *hcl.Diagnostic {
	d := blockDiag(body, typ, i, summary, detail)
	if b := nthBlock(body, typ, i); b != nil {
		if a, ok := b.Body.Attributes[attr]; ok {
			r := a.SrcRange
			d.Subject = &r
		}
	}
	return d
}

func attrDiag(body hcl.Body, attr, summary, detail string) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail}
	if sb, ok := body.(*hclsyntax.Body); ok {
		if a, ok := sb.Attributes[attr]; ok {
			r := a.SrcRange
			d.Subject = &r
		}
	}
	return d
}

// suggest returns a did-you-mean sentence for a mistyped rule ID.
func suggest(id string) string {
	best, bestD := "", 4
	for _, r := range finding.Rules() {
		if d := distance(id, r.ID); d < bestD {
			best, bestD = r.ID, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
