package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"
	"golang.org/x/sync/errgroup"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// Kind is the CI system a file belongs to.
type Kind string

// The CI systems tollgate reads.
const (
	GitHub Kind = "github"
	GitLab Kind = "gitlab"
	// Action is a GitHub action metadata file (action.yml); composite
	// actions have steps.
	Action Kind = "action"
)

// MaxFileSize is the largest pipeline file read: 10 MB. Real workflows are
// under 100 KB; anything this large is generated or hostile.
const MaxFileSize = 10 << 20

// KindOf returns the CI system of a root-relative, slash-separated path, or
// "" when the file is not a pipeline file. Files under a test-fixture
// directory (`testdata/`, `test-data/`, `fixtures/`, `__fixtures__/`) are test inputs, not
// the repository's pipelines, and are not pipeline files; a workflow that
// references one still has it read.
func KindOf(p string) Kind {
	if isFixturePath(p) {
		return ""
	}
	return kindOf(p)
}

// fixtureDirs are directory names whose files are test inputs.
var fixtureDirs = []string{"testdata", "test-data", "fixtures", "__fixtures__", "test-fixtures"}

func isFixturePath(p string) bool {
	for _, seg := range strings.Split(path.Dir(p), "/") {
		if slices.Contains(fixtureDirs, seg) {
			return true
		}
	}
	return false
}

// kindOf classifies a path by its name alone.
func kindOf(p string) Kind {
	base := path.Base(p)
	switch {
	case path.Dir(p) == ".github/workflows" && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")):
		return GitHub
	case p == ".gitlab-ci.yml":
		return GitLab
	case base == "action.yml" || base == "action.yaml":
		return Action
	}
	return ""
}

// File is one parsed pipeline file.
type File struct {
	Path string
	Kind Kind
	// Root is the document's mapping node; nil when the file is empty, and
	// in the Files of a Result (Analyze frees the trees once the model is
	// built).
	Root *yaml.Node
	// Lines is the number of lines of the file.
	Lines int
	// Src is the file's content.
	Src []byte
}

// Result is what Analyze returns besides findings.
type Result struct {
	Findings []finding.Finding
	Files    []*File
	// Pipelines are the normalized pipelines, sorted by path.
	Pipelines []*Pipeline
	// AISteps is the inventory of AI steps, sorted by position.
	AISteps []AIStep
	// Metrics describe every workflow and GitLab pipeline, sorted by path.
	Metrics []Metrics
	// Gates is the gate inventory: quality gates, deploys and which gate
	// blocks which deploy, sorted by position; nil when there is no
	// pipeline.
	Gates *report.GateInventory
	// Templates is the template coverage of the AI and deploy jobs, nil
	// when there are none.
	Templates *report.TemplateCoverage
}

// Analyze parses the given pipeline files from fsys, resolves local
// composite actions, reusable workflows and GitLab includes (read from fsys
// too), and runs the pipeline rules. A file that cannot be parsed becomes a
// parse/error finding and the others go on.
func Analyze(ctx context.Context, fsys fs.FS, files []string, opts Options) (*Result, error) {
	res, _, err := analyze(ctx, fsys, files, opts)
	return res, err
}

// analyze is Analyze, also returning the work it did.
func analyze(ctx context.Context, fsys fs.FS, files []string, opts Options) (*Result, workStats, error) {
	ld := newLoader(ctx, fsys)
	res := &Result{}
	var todo []string
	for _, p := range files {
		if KindOf(p) != "" || IsCloudBuild(p) || MaybeCloudBuild(p) {
			todo = append(todo, p)
		}
	}
	// Reading and parsing is most of the work and independent per file:
	// do it on every core, then build the model in order.
	type parsed struct {
		f   *File
		fnd *finding.Finding
	}
	out := make([]parsed, len(todo))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range todo {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			f, fnd := readParse(fsys, p)
			out[i] = parsed{f, fnd}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, ld.stats, err
	}
	var roots, actions []string
	var extra []*Pipeline
	for i, p := range todo {
		if MaybeCloudBuild(p) && (out[i].fnd != nil || !looksLikeCloudBuild(out[i].f)) {
			continue // another YAML file kept beside the builds
		}
		if out[i].fnd != nil {
			ld.failed[p] = true
			res.Findings = append(res.Findings, *out[i].fnd)
			continue
		}
		if KindOf(p) == "" {
			// Cloud Build: read for the gate inventory only.
			extra = append(extra, buildCloudBuild(out[i].f, ld.budget(p)))
			continue
		}
		ld.files[p] = out[i].f
		if KindOf(p) == Action && path.Dir(p) != "." {
			// An action.yml is a pipeline file when a workflow uses it;
			// the one at the root is the repository's published action.
			actions = append(actions, p)
			continue
		}
		res.Files = append(res.Files, out[i].f)
		roots = append(roots, p)
	}
	out = nil
	m := ld.build(roots)
	if len(actions) > 0 {
		for _, p := range actions {
			if pl := ld.built[p]; pl != nil {
				res.Files = append(res.Files, ld.files[p])
				m = append(m, pl)
			}
		}
		slices.SortFunc(m, func(a, b *Pipeline) int { return strings.Compare(a.Path, b.Path) })
	}
	ld.release()
	res.Findings = append(res.Findings, ld.findings...)
	res.Pipelines = m
	a := newAnalysis(fsys, m, opts)
	a.cycles, a.limits = ld.cycles, ld.limits
	a.gi().extra = extra
	if opts.inventoryOnly {
		if len(m) > 0 || len(extra) > 0 {
			res.Gates = a.gateInventory().report()
		}
		return res, ld.stats, ctx.Err()
	}
	for _, c := range checks {
		if err := ctx.Err(); err != nil {
			return nil, ld.stats, err
		}
		c.run(a)
	}
	// Findings in generated files name their source, where the fix goes.
	gen := map[string]string{}
	for _, p := range m {
		if g := generatedFrom(p); g != "" {
			gen[p.Path] = g
		}
	}
	for i := range a.findings {
		f := &a.findings[i]
		if g, ok := gen[f.Location.Path]; ok {
			if f.Evidence == nil {
				f.Evidence = map[string]string{}
			}
			f.Evidence["generated"] = g
			f.Detail = "This file is generated (" + g + "); change its source or generator, not the file."
		}
	}
	res.Findings = append(res.Findings, a.findings...)
	res.AISteps = a.inventory()
	res.Metrics = a.metrics()
	if len(m) > 0 || len(extra) > 0 {
		res.Gates = a.gateInventory().report()
	}
	res.Templates = a.templateCoverage()
	finding.Sort(res.Findings)
	res.Findings = slices.CompactFunc(res.Findings, func(x, y finding.Finding) bool {
		return x.Rule == y.Rule && x.Location == y.Location && x.Message == y.Message
	})
	for _, b := range ld.budgets {
		ld.stats.Merged += maxWork - max(b.work, 0)
		ld.stats.Model += b.grew
	}
	return res, ld.stats, nil
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

// Parse reads one pipeline file. The error is a *ParseError. Files over
// MaxFileSize and binary files are refused before the YAML parser sees them.
func Parse(p string, kind Kind, src []byte) (*File, error) {
	if len(src) > MaxFileSize {
		return nil, &ParseError{Path: p, Line: 1, Col: 1, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit for pipeline files; not parsed", len(src), MaxFileSize)}
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, &ParseError{Path: p, Line: 1, Col: 1, Msg: "binary file, not YAML"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(p, err)
	}
	f := &File{Path: p, Kind: kind, Lines: bytes.Count(src, []byte("\n")) + 1, Src: src}
	if len(src) > 0 && src[len(src)-1] == '\n' {
		f.Lines--
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return f, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return f, nil
	}
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

// loader reads and parses files once each, including the ones pipelines
// reference (composite actions, reusable workflows, GitLab includes) that
// were not in the list given to Analyze.
type loader struct {
	ctx      context.Context
	fsys     fs.FS
	files    map[string]*File
	failed   map[string]bool
	findings []finding.Finding
	built    map[string]*Pipeline
	budgets  map[string]*budget

	// state is each pipeline's place in the resolution: absent, on the
	// stack (being resolved) or done. Every pipeline is resolved once; a
	// reference to one on the stack closes a cycle.
	state map[*Pipeline]resolveState
	stack []*Pipeline
	// globs memoizes GitLab include patterns.
	globs map[string][]string
	// cycles and limits are the references not followed and the
	// expansions stopped, reported by ci/reference-cycle and
	// ci/expansion-limit.
	cycles []cycle
	limits []limit
	// expanded counts the steps inlined from composite actions in the
	// whole analysis, against maxTotalExpandedSteps.
	expanded int
	stats    workStats
}

// workStats counts the work of one analysis, so tests can check that it
// stays linear in the input whatever the references between files.
type workStats struct {
	// Resolved is the number of pipelines whose references were resolved;
	// each at most once.
	Resolved int
	// Loaded is the number of files read and parsed.
	Loaded int
	// Expanded is the number of steps inlined from composite actions.
	Expanded int
	// Model is the number of steps, script lines and variables built.
	Model int
	// Merged is the merge work spent on GitLab includes, extends and
	// !reference, and on YAML merge keys and aliases.
	Merged int
}

func newLoader(ctx context.Context, fsys fs.FS) *loader {
	return &loader{ctx: ctx, fsys: fsys, files: map[string]*File{}, failed: map[string]bool{}, built: map[string]*Pipeline{},
		budgets: map[string]*budget{}, state: map[*Pipeline]resolveState{}, globs: map[string][]string{}}
}

// load reads and parses a file, returning a finding when it cannot.
func (l *loader) load(p string) (*File, *finding.Finding) {
	if f, ok := l.files[p]; ok {
		return f, nil
	}
	if l.failed[p] {
		return nil, nil
	}
	l.stats.Loaded++
	f, fnd := readParse(l.fsys, p)
	if fnd != nil {
		l.failed[p] = true
		return nil, fnd
	}
	l.files[p] = f
	return f, nil
}

// readParse reads and parses one file, or returns the finding saying why not.
func readParse(fsys fs.FS, p string) (*File, *finding.Finding) {
	fail := func(f finding.Finding) (*File, *finding.Finding) { return nil, &f }
	fh, err := fsys.Open(p)
	if err != nil {
		return fail(finding.FileUnreadable.New(finding.Location{Path: p}, "cannot read %q: %v", p, err))
	}
	defer fh.Close()
	var src []byte
	if st, serr := fh.Stat(); serr == nil && !st.Mode().IsRegular() {
		return fail(finding.FileUnreadable.New(finding.Location{Path: p}, "cannot read %q: not a regular file", p))
	} else if serr == nil && st.Size() > MaxFileSize {
		// Refuse without reading: Parse reports the size.
		src = make([]byte, MaxFileSize+1)
		_, err = io.ReadFull(fh, src)
	} else if serr == nil && st.Mode().IsRegular() {
		src = make([]byte, st.Size())
		_, err = io.ReadFull(fh, src)
	} else {
		// Read one byte past the limit so a huge file costs at most 10 MB.
		src, err = io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
	}
	if err != nil {
		return fail(finding.FileUnreadable.New(finding.Location{Path: p}, "cannot read %q: %v", p, err))
	}
	f, perr := Parse(p, kindOf(p), src)
	if perr != nil {
		return fail(parseFinding(p, perr))
	}
	return f, nil
}

// loadQuiet loads a file referenced at from; a failure is recorded once,
// at the reference when the file does not exist.
func (l *loader) loadQuiet(p string, from Pos) *File {
	f, fnd := l.load(p)
	if fnd != nil {
		// A file that cannot be read is reported where it is named; one
		// that cannot be parsed, at the line of the error.
		if fnd.Rule == finding.FileUnreadable.ID && !from.IsZero() {
			at := finding.Location{Path: from.Path, StartLine: from.Line, StartCol: from.Col}
			if _, err := fs.Stat(l.fsys, p); errors.Is(err, fs.ErrNotExist) {
				*fnd = finding.FileUnreadable.New(at, "%q refers to %q, which does not exist", from.Path, p)
			} else {
				*fnd = finding.FileUnreadable.New(at, "%q refers to %q: %s", from.Path, p, fnd.Message)
			}
		}
		l.findings = append(l.findings, *fnd)
	}
	return f
}

func (l *loader) budget(p string) *budget {
	b, ok := l.budgets[p]
	if !ok {
		lines := 0
		if f := l.files[p]; f != nil {
			lines = f.Lines
		}
		b = newBudget(lines)
		l.budgets[p] = b
	}
	return b
}

// build normalizes the root files and resolves references between them.
func (l *loader) build(roots []string) []*Pipeline {
	var out []*Pipeline
	for _, p := range roots {
		if pl := l.pipeline(p); pl != nil {
			out = append(out, pl)
		}
	}
	// Resolve in path order so that which reference closes a cycle does
	// not depend on the order the files were listed in.
	slices.SortFunc(out, func(a, b *Pipeline) int { return strings.Compare(a.Path, b.Path) })
	for _, pl := range out {
		if l.ctx.Err() != nil {
			break
		}
		l.resolve(pl)
	}
	l.expandAll()
	for _, pl := range out {
		slices.SortFunc(pl.Callers, func(a, b *Job) int {
			return strings.Compare(a.Pipeline.Path+"\x00"+a.ID, b.Pipeline.Path+"\x00"+b.ID)
		})
		pl.Callers = slices.Compact(pl.Callers)
	}
	slices.SortFunc(out, func(a, b *Pipeline) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// release drops the YAML trees once every pipeline is built: the model
// keeps none, so each file's tree can be freed before the rules run.
func (l *loader) release() {
	for _, f := range l.files {
		f.Root = nil
	}
	for _, b := range l.budgets {
		b.charged = nil
	}
}

// pipeline returns the normalized pipeline of a loaded file, building it once.
func (l *loader) pipeline(p string) *Pipeline {
	if pl, ok := l.built[p]; ok {
		return pl
	}
	f := l.files[p]
	if f == nil {
		return nil
	}
	var pl *Pipeline
	switch f.Kind {
	case GitHub:
		pl = buildGitHub(f, l.budget(p))
	case Action:
		pl = buildAction(f, l.budget(p))
	case GitLab:
		pl = l.buildGitLab(f)
	default:
		return nil
	}
	l.built[p] = pl
	if b := l.budgets[p]; pl.Truncated && b != nil {
		switch {
		case b.aliases:
			at := finding.Location{Path: p, StartLine: 1, StartCol: 1}
			if b.at.Line > 0 {
				at = finding.Location{Path: b.at.Path, StartLine: b.at.Line, StartCol: b.at.Col}
			}
			l.findings = append(l.findings, finding.ParseError.New(at,
				"cannot parse %s: YAML aliases expand beyond %d references or %d nodes; the file is analysed only in part", at.Path, maxAliasDerefs, maxWork))
		case b.grown:
			l.limits = append(l.limits, limit{at: pl.Pos, msg: fmt.Sprintf(
				"aliases, extends and !reference in %q make more than %d steps, script lines and variables beyond its own lines; the rest is not analysed", p, maxModel)})
		default:
			l.limits = append(l.limits, limit{at: pl.Pos, msg: fmt.Sprintf(
				"merge keys, includes, extends and !reference in %q expand beyond %d entries; the rest is not merged", p, maxWork)})
		}
	}
	return pl
}

// buildAction normalizes an action metadata file. A composite action
// becomes a pipeline with one job, "(composite)", holding its steps.
func buildAction(f *File, b *budget) *Pipeline {
	r := newReader(f, b)
	p := &Pipeline{Path: f.Path, Kind: Action, Lines: f.Lines, Src: f.Src}
	p.setFacts(f.Root)
	if f.Root == nil {
		return p
	}
	if len(f.Root.Content) > 0 {
		p.Pos = r.pos(f.Root.Content[0])
	}
	p.Name = r.str(first(r.get(f.Root, "name")))
	runs, rk := r.get(f.Root, "runs")
	if runs == nil || r.str(first(r.get(runs, "using"))) != "composite" {
		return p
	}
	j := &Job{ID: "(composite)", Pos: r.pos(rk), Pipeline: p}
	j.setFacts(runs)
	steps, _ := r.get(runs, "steps")
	for i, sn := range r.items(steps) {
		if !b.grow(1) {
			break
		}
		s := r.githubStep(sn, i)
		s.Job = j
		j.Steps = append(j.Steps, s)
	}
	p.Jobs = []*Job{j}
	p.Truncated = b.exceeded
	return p
}
