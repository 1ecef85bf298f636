package iac

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"

	"github.com/tollgate-dev/tollgate/finding"
)

// Owns reports whether a root-relative path is a Terraform file: a
// configuration file or a variable-values file.
func Owns(p string) bool {
	return strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json") ||
		strings.HasSuffix(p, ".tfvars") || strings.HasSuffix(p, ".tfvars.json")
}

// File is one parsed Terraform file.
type File struct {
	Path string
	HCL  *hcl.File
}

// Options configures Analyze. The zero value means the defaults: no
// required tags (only the checks that need none run).
type Options struct {
	// Required lists the tag keys every taggable resource must carry.
	Required []string
	// Values constrains the values of some keys.
	Values []ValueRule
	// ProviderCoverage asks that every aws and google provider
	// configuration carries the required keys in its default tags/labels.
	ProviderCoverage bool
}

// ValueRule constrains the value of one tag key.
type ValueRule struct {
	Key     string
	Pattern *regexp.Regexp // nil: any
	Allowed []string       // empty: any
}

// Result is what Analyze returns.
type Result struct {
	Findings []finding.Finding
	Files    []*File
	Modules  []*Module
	// Instances counts module instances evaluated (a module called from
	// three places counts three times).
	Instances int
	// Resources is the tag verdict of every resource block, all
	// instances folded together.
	Resources []ResourceStatus
	// CallsNotFollowed counts local module calls not evaluated in their
	// caller's context: cycles, nesting over 32 deep, or past 5,000 module
	// instances.
	CallsNotFollowed int
	// NotCreated counts resource blocks whose count or for_each is known
	// to create nothing in every instance (count = 0, for_each = {}).
	NotCreated int
	// Inventory lists AI and GPU infrastructure.
	Inventory []AIResource
	// External lists module calls whose source is not in the repository
	// (registry, git, archives): recorded, never fetched.
	External []ExternalModule
	// Coverage counts verdicts per provider.
	Coverage []ProviderCount
}

// ResourceStatus is the tag verdict of one resource block.
type ResourceStatus struct {
	Location finding.Location
	Address  string
	Type     string
	Provider string
	// Status is pass, fail, unknown, or n/a for types that take no tags.
	Status string
}

// AIResource is one piece of AI or GPU infrastructure.
type AIResource struct {
	Location  finding.Location
	Address   string
	Type      string
	Module    string // module directory, and instance address when called
	Kind      string // "ai-service" or "gpu"
	Why       string
	TagStatus string
}

// ExternalModule is a module call with a source outside the repository.
type ExternalModule struct {
	Location finding.Location
	Name     string
	Source   string
	Kind     string // "registry", "git" or "other"
	Version  string // the version constraint when constant, else ""
}

// ProviderCount counts resource verdicts for one provider.
type ProviderCount struct {
	Provider            string
	Pass, Fail, Unknown int
}

// Analyze parses the given Terraform files, builds the module tree, resolves
// the tags of every resource and runs the tf/ rules. Each syntax error
// becomes a parse/error finding at its position; the parser's partial result
// is kept, so the rest of a file with one bad block is still analysed.
func Analyze(ctx context.Context, fsys fs.FS, files []string, opts Options) (*Result, error) {
	res := &Result{}
	// Parsing is most of the work and each file is independent: parse on
	// every core, then gather in file order so the output does not depend
	// on scheduling.
	type parsed struct {
		findings []finding.Finding
		file     *File
	}
	out := make([]parsed, len(files))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, p := range files {
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			src, err := fs.ReadFile(fsys, p)
			if err != nil {
				out[i].findings = []finding.Finding{finding.FileUnreadable.New(finding.Location{Path: p}, "cannot read %q: %v", p, err)}
				return
			}
			f, diags := Parse(p, src)
			out[i].findings = DiagFindings(diags)
			if f != nil {
				out[i].file = &File{Path: p, HCL: f}
			}
		}()
	}
	wg.Wait()
	for _, o := range out {
		res.Findings = append(res.Findings, o.findings...)
		if o.file != nil {
			res.Files = append(res.Files, o.file)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Modules = load(res.Files)
	a := &analysis{opts: opts, res: res}
	if err := a.run(ctx); err != nil {
		return nil, err
	}
	// Not sorted: parse errors stay in the parser's order, the first of a
	// file first, which the scan keeps; the scan sorts the rest.
	return res, nil
}

// maxNesting is the deepest bracket nesting parsed; deeper files are refused
// before parsing, so hostile input costs linear time.
const maxNesting = 256

// Parse parses one Terraform file, native or JSON syntax by its name.
func Parse(p string, src []byte) (*hcl.File, hcl.Diagnostics) {
	r := hcl.Range{Filename: p, Start: hcl.InitialPos, End: hcl.InitialPos}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Binary file", Detail: "The file holds NUL bytes; it is not Terraform source.", Subject: &r}}
	}
	if d := syntaxDepth(src); d > maxNesting {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Nesting too deep",
			Detail: fmt.Sprintf("Brackets nest %d deep, over tollgate's limit of %d; the file was not parsed.", d, maxNesting), Subject: &r}}
	}
	if strings.HasSuffix(p, ".json") {
		return json.Parse(src, p)
	}
	return hclsyntax.ParseConfig(src, p, hcl.InitialPos)
}

// DiagFindings turns error diagnostics into parse/error findings.
func DiagFindings(diags hcl.Diagnostics) []finding.Finding {
	var out []finding.Finding
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		loc := finding.Location{}
		if d.Subject != nil {
			loc = rangeLoc(*d.Subject)
		}
		msg := d.Summary
		if msg != "" {
			msg = strings.ToLower(msg[:1]) + msg[1:]
		}
		if d.Detail != "" {
			msg += ": " + strings.TrimSuffix(d.Detail, ".")
		}
		f := finding.ParseError.New(loc, "%s", oneLine(msg))
		out = append(out, f)
	}
	return out
}

func rangeLoc(r hcl.Range) finding.Location {
	return finding.Location{Path: r.Filename, StartLine: r.Start.Line, StartCol: r.Start.Column,
		EndLine: r.End.Line, EndCol: r.End.Column}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
