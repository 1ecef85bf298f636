package iac

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"golang.org/x/sync/semaphore"

	"github.com/tollgate-dev/tollgate/finding"
)

// Owns reports whether a root-relative path is a Terraform file: a
// configuration file or a variable-values file.
func Owns(p string) bool {
	return strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json") ||
		strings.HasSuffix(p, ".tfvars") || strings.HasSuffix(p, ".tfvars.json")
}

// File is one parsed Terraform file. Its syntax tree is not kept: the
// modules hold the parts of it the analysis reads.
type File struct {
	Path string
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
	// caller's context: cycles, nesting over 32 deep, past 5,000 module
	// instances, or past maxCallWork.
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
	// Tags is the verdict on the tags the call passes: pass, fail or
	// unknown; "" when not judged (no required tags, or the module's code
	// was loaded from .terraform/modules and judged resource by resource).
	Tags string
	// TagsWhy says, for an unknown verdict, what is not known.
	TagsWhy string
}

// ProviderCount counts resource verdicts for one provider.
type ProviderCount struct {
	Provider            string
	Pass, Fail, Unknown int
}

// parseBudget bounds the bytes of source being parsed at once. Parsing
// costs several times the source's size in transient memory (tokens, then
// the syntax tree before it is pruned), so the number of cores must not
// multiply it; a file bigger than the budget is parsed alone.
const parseBudget = 4 << 20

// Analyze parses the given Terraform files, builds the module tree, resolves
// the tags of every resource and runs the tf/ rules. Each syntax error
// becomes a parse/error finding at its position; the parser's partial result
// is kept, so the rest of a file with one bad block is still analysed.
//
// Memory stays proportional to the input: files are parsed a few at a time
// (parseBudget), each file's syntax tree is reduced to what the analysis
// reads as soon as it is parsed, and the trees are not kept in the Result.
func Analyze(ctx context.Context, fsys fs.FS, files []string, opts Options) (*Result, error) {
	res := &Result{}
	// Parsing is most of the work and each file is independent: parse on
	// every core, then load in file order so the output does not depend
	// on scheduling.
	type parsed struct {
		findings []finding.Finding
		frag     *Module
		weight   int64
		done     chan struct{}
	}
	out := make([]parsed, len(files))
	for i := range out {
		out[i].done = make(chan struct{})
	}
	budget := semaphore.NewWeighted(parseBudget)
	procs := make(chan struct{}, runtime.GOMAXPROCS(0))
	go func() {
		i := 0
		defer func() {
			for ; i < len(files); i++ {
				close(out[i].done)
			}
		}()
		for ; i < len(files); i++ {
			p := files[i]
			if ctx.Err() != nil {
				return
			}
			src, err := fs.ReadFile(fsys, p)
			if err != nil {
				out[i].findings = []finding.Finding{finding.FileUnreadable.New(finding.Location{Path: p}, "cannot read %q: %v", p, err)}
				close(out[i].done)
				continue
			}
			w := min(int64(len(src)), parseBudget)
			procs <- struct{}{}
			_ = budget.Acquire(context.Background(), w) // cannot fail without a deadline
			o := &out[i]
			o.weight = w
			go func() {
				defer func() { <-procs; close(o.done) }()
				frag, diags := readFile(p, src)
				o.findings = DiagFindings(diags)
				o.frag = frag
			}()
		}
	}()
	ld := newLoader()
	for i := range out {
		<-out[i].done
		res.Findings = append(res.Findings, out[i].findings...)
		if frag := out[i].frag; frag != nil {
			res.Files = append(res.Files, &File{Path: files[i]})
			ld.add(files[i], frag)
			out[i].frag = nil
		}
		budget.Release(out[i].weight)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Findings = append(res.Findings, ld.loadInstalled(fsys)...)
	res.Modules = ld.finish()
	for _, m := range res.Modules {
		if _, err := fs.Stat(fsys, path.Join(m.Dir, ".terraform.lock.hcl")); err == nil {
			m.LockFile = true
		}
		if _, err := fs.Stat(fsys, path.Join(m.Dir, "terragrunt.hcl")); err == nil {
			m.Terragrunt = true
		}
	}
	a := &analysis{fsys: fsys, opts: opts, res: res}
	if err := a.run(ctx); err != nil {
		return nil, err
	}
	dropInstalled(res)
	// Not sorted: parse errors stay in the parser's order, the first of a
	// file first, which the scan keeps; the scan sorts the rest.
	return res, nil
}

// Parse parses one Terraform file, native or JSON syntax by its name, into
// one hcl.File. A file nested deeper than tollgate's limits is refused
// before parsing (see shape.go); a big native file is parsed in pieces.
func Parse(p string, src []byte) (*hcl.File, hcl.Diagnostics) {
	var body *hclsyntax.Body
	var only hcl.Body
	n := 0
	diags := parseEach(p, src, chunkSize, func(b hcl.Body) {
		n++
		only = b
		sb, ok := b.(*hclsyntax.Body)
		if !ok {
			return
		}
		if body == nil {
			body = &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: sb.SrcRange}
		}
		for name, a := range sb.Attributes {
			if _, dup := body.Attributes[name]; !dup {
				body.Attributes[name] = a
			}
		}
		body.Blocks = append(body.Blocks, sb.Blocks...)
		body.SrcRange.End, body.EndRange = sb.SrcRange.End, sb.EndRange
	})
	switch {
	case n == 0:
		return nil, diags
	case n == 1:
		return &hcl.File{Body: only, Bytes: src}, diags
	}
	return &hcl.File{Body: body, Bytes: src}, diags
}

// parseEach parses one Terraform file and hands its body to yield: in
// pieces of top-level blocks for a big native file, so that the parser's
// tokens and the pieces' syntax trees are garbage as soon as yield has read
// them, or whole; pieces are at least chunk bytes long. Nothing is yielded for a file refused before parsing.
//
// The pieces are cut where the lexical pass saw a top-level line. A cut in
// the wrong place (inside a heredoc, say) leaves the piece before it with an
// unterminated construct, which hcl reports; so from the first piece with
// errors on, the rest of the file is parsed in one, and the diagnostics are
// those of parsing the file whole.
func parseEach(p string, src []byte, chunk int, yield func(hcl.Body)) hcl.Diagnostics {
	r := hcl.Range{Filename: p, Start: hcl.InitialPos, End: hcl.InitialPos}
	if bytes.IndexByte(src, 0) >= 0 {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Binary file", Detail: "The file holds NUL bytes; it is not Terraform source.", Subject: &r}}
	}
	json := strings.HasSuffix(p, ".json")
	if json {
		chunk = 0
	}
	sh := scanShape(src, chunk)
	if sh.depth > maxNesting {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Nesting too deep",
			Detail: fmt.Sprintf("Brackets nest %d deep, over tollgate's limit of %d; the file was not parsed.", sh.depth, maxNesting), Subject: &r}}
	}
	if sh.chain > maxChain {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Expression too deep",
			Detail: fmt.Sprintf("An expression chains %d operators, over tollgate's limit of %d; the file was not parsed.", sh.chain, maxChain), Subject: &r}}
	}
	if json {
		f, diags := hcljson.Parse(src, p)
		if f != nil {
			yield(f.Body)
		}
		return diags
	}
	var all hcl.Diagnostics
	seen := map[string]*hclsyntax.Attribute{} // top-level attributes, as the parser checks them
	start := hcl.InitialPos
	for i := 0; i <= len(sh.cuts); i++ {
		end := len(src)
		if i < len(sh.cuts) {
			end = sh.cuts[i]
		}
		f, diags := hclsyntax.ParseConfig(src[start.Byte:end], p, start)
		if diags.HasErrors() && end < len(src) {
			f, diags = hclsyntax.ParseConfig(src[start.Byte:], p, start)
			end, i = len(src), len(sh.cuts)
		}
		all = append(all, diags...)
		b := f.Body.(*hclsyntax.Body)
		for _, name := range sortedKeys(b.Attributes) {
			a := b.Attributes[name]
			if prev, dup := seen[name]; dup {
				all = append(all, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Attribute redefined",
					Detail:  fmt.Sprintf("The argument %q was already set at %s. Each argument may be set only once.", name, prev.NameRange.String()),
					Subject: &a.NameRange})
				delete(b.Attributes, name)
				continue
			}
			seen[name] = a
		}
		yield(b)
		start.Line += bytes.Count(src[start.Byte:end], []byte{'\n'})
		start.Byte = end
	}
	return all
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
