package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/tollgate-dev/tollgate/finding"
)

// Kind is the CI system a file belongs to.
type Kind string

// The CI systems tollgate reads.
const (
	GitHub Kind = "github"
	GitLab Kind = "gitlab"
)

// KindOf returns the CI system of a root-relative, slash-separated path, or
// "" when the file is not a pipeline file.
func KindOf(p string) Kind {
	switch {
	case path.Dir(p) == ".github/workflows" && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")):
		return GitHub
	case p == ".gitlab-ci.yml":
		return GitLab
	}
	return ""
}

// File is one parsed pipeline file.
type File struct {
	Path string
	Kind Kind
	// Root is the document's mapping node; nil when the file is empty.
	Root *yaml.Node
	// Lines is the number of lines of the file.
	Lines int
}

// Options configures Analyze. The zero value means the defaults.
type Options struct{}

// Result is what Analyze returns besides findings.
type Result struct {
	Findings []finding.Finding
	Files    []*File
}

// Analyze parses the given pipeline files from fsys. A file that cannot be
// parsed becomes a parse/error finding and the others go on.
func Analyze(ctx context.Context, fsys fs.FS, files []string, opts Options) (*Result, error) {
	res := &Result{}
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		kind := KindOf(p)
		if kind == "" {
			continue
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			res.Findings = append(res.Findings, finding.FileUnreadable.New(finding.Location{Path: p}, "cannot read %q: %v", p, err))
			continue
		}
		f, perr := Parse(p, kind, src)
		if perr != nil {
			res.Findings = append(res.Findings, parseFinding(p, perr))
			continue
		}
		res.Files = append(res.Files, f)
	}
	return res, nil
}

// ParseError is a YAML syntax error with its position.
type ParseError struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

func parseFinding(p string, err error) finding.Finding {
	var pe *ParseError
	loc := finding.Location{Path: p}
	msg := err.Error()
	if errors.As(err, &pe) {
		loc.StartLine, loc.StartCol = pe.Line, pe.Col
		msg = pe.Msg
	}
	f := finding.ParseError.New(loc, "cannot parse %s: %s", p, msg)
	return f
}

// Parse reads one pipeline file. The error is a *ParseError.
func Parse(p string, kind Kind, src []byte) (*File, error) {
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, &ParseError{Path: p, Line: 1, Col: 1, Msg: "binary file, not YAML"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(p, err)
	}
	f := &File{Path: p, Kind: kind, Lines: bytes.Count(src, []byte("\n")) + 1}
	if len(src) > 0 && src[len(src)-1] == '\n' {
		f.Lines--
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return f, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &ParseError{Path: p, Line: root.Line, Col: root.Column, Msg: "the top level of a pipeline file must be a mapping"}
	}
	f.Root = root
	return f, nil
}

func yamlError(p string, err error) error {
	pe := &ParseError{Path: p, Line: 1, Col: 1, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	var le *yaml.LoadError
	if errors.As(err, &le) {
		pe.Msg = le.Message
		if le.Mark.Line > 0 {
			pe.Line = le.Mark.Line
			pe.Col = max(le.Mark.Column, 1)
		}
	}
	return pe
}
