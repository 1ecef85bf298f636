package iac

import (
	"bytes"
	"context"
	"io/fs"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"

	"github.com/tollgate-dev/tollgate/finding"
)

// Owns reports whether a root-relative path is a Terraform file.
func Owns(p string) bool {
	return strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json")
}

// File is one parsed Terraform file.
type File struct {
	Path string
	HCL  *hcl.File
}

// Options configures Analyze. The zero value means the defaults.
type Options struct{}

// Result is what Analyze returns.
type Result struct {
	Findings []finding.Finding
	Files    []*File
}

// Analyze parses the given Terraform files. Each syntax error becomes a
// parse/error finding at its position; the parser's partial result is kept,
// so the rest of a file with one bad block is still analysed.
func Analyze(ctx context.Context, fsys fs.FS, files []string, opts Options) (*Result, error) {
	res := &Result{}
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			res.Findings = append(res.Findings, finding.FileUnreadable.New(finding.Location{Path: p}, "cannot read %q: %v", p, err))
			continue
		}
		f, diags := Parse(p, src)
		res.Findings = append(res.Findings, DiagFindings(diags)...)
		if f != nil {
			res.Files = append(res.Files, &File{Path: p, HCL: f})
		}
	}
	return res, nil
}

// Parse parses one Terraform file, native or JSON syntax by its name.
func Parse(p string, src []byte) (*hcl.File, hcl.Diagnostics) {
	if bytes.IndexByte(src, 0) >= 0 {
		r := hcl.Range{Filename: p, Start: hcl.InitialPos, End: hcl.InitialPos}
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Binary file", Detail: "The file holds NUL bytes; it is not Terraform source.", Subject: &r}}
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
			loc = finding.Location{Path: d.Subject.Filename, StartLine: d.Subject.Start.Line, StartCol: d.Subject.Start.Column,
				EndLine: d.Subject.End.Line, EndCol: d.Subject.End.Column}
		}
		msg := strings.ToLower(d.Summary[:1]) + d.Summary[1:]
		if d.Detail != "" {
			msg += ": " + strings.TrimSuffix(d.Detail, ".")
		}
		f := finding.ParseError.New(loc, "%s", oneLine(msg))
		out = append(out, f)
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
