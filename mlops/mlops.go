package mlops

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitattributes"

	"github.com/tollgate-dev/tollgate/finding"
)

// File is a file of the repository with its size.
type File struct {
	Path string
	Size int64
}

// Options configures Analyze. The zero value means the defaults.
type Options struct {
	// CIFiles are the pipeline files (GitHub workflows, .gitlab-ci.yml)
	// to look for training, evaluation and deployment commands in.
	CIFiles []string
}

// Artifact is a model or dataset file found in the repository.
type Artifact struct {
	Path string
	Kind Kind
	Size int64
	// Storage is "git" (committed as is), "lfs" or "lfs-pointer".
	Storage string
}

// Evidence is one sighting of a signal.
type Evidence struct {
	Signal string
	Where  finding.Location
	What   string
}

// Result is what Analyze found.
type Result struct {
	Findings  []finding.Finding
	Artifacts []Artifact
	Cards     []string
	Evidence  []Evidence
	// Level is -1 when the repository has no ML assets, else 0, 1 or 2.
	Level int
}

// Analyze looks at the whole tree (names and sizes) and reads only small
// text files: .gitattributes, dependency manifests, model cards, CI files.
func Analyze(ctx context.Context, fsys fs.FS, tree []File, opts Options) (*Result, error) {
	res := &Result{Level: -1}
	attrs := lfsMatcher(fsys, tree)
	cardsByDir := map[string]string{}
	var modelDirs []string
	seenDir := map[string]bool{}
	for _, f := range tree {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if sig := fileSignal(f.Path); sig != "" {
			res.Evidence = append(res.Evidence, Evidence{Signal: sig, Where: finding.Location{Path: f.Path}, What: path.Base(f.Path)})
		}
		if manifest(f.Path) && f.Size < 1<<20 {
			res.Evidence = append(res.Evidence, manifestSignals(fsys, f.Path)...)
		}
		if card, ok := isCard(fsys, f); ok {
			cardsByDir[path.Dir(f.Path)] = f.Path
			res.Cards = append(res.Cards, f.Path)
			if missing := MissingSections(card); len(missing) > 0 {
				fd := ModelCardIncomplete.New(finding.Location{Path: f.Path, StartLine: 1},
					"model card %q lacks %s", f.Path, strings.Join(missing, ", "))
				fd.Evidence = map[string]string{"missing": strings.Join(missing, ", ")}
				res.Findings = append(res.Findings, fd)
			}
		}
		kind := Classify(f.Path)
		if kind == "" {
			continue
		}
		min := int64(MinDataSize)
		if kind == Model {
			min = MinModelSize
		}
		a := Artifact{Path: f.Path, Kind: kind, Size: f.Size, Storage: "git"}
		switch {
		case attrs(f.Path):
			a.Storage = "lfs"
		case isLFSPointer(fsys, f.Path):
			a.Storage = "lfs-pointer"
		}
		if f.Size < min && a.Storage == "git" {
			continue // fixtures and samples
		}
		res.Artifacts = append(res.Artifacts, a)
		if a.Storage != "git" {
			res.Evidence = append(res.Evidence, Evidence{Signal: SigVersioning, Where: finding.Location{Path: f.Path}, What: "Git LFS"})
		}
		if kind == Model {
			if d := path.Dir(f.Path); !seenDir[d] {
				seenDir[d] = true
				modelDirs = append(modelDirs, d)
			}
		}
		if a.Storage == "git" {
			rule := DataNotVersioned
			if kind == Model {
				rule = ModelNotVersioned
			}
			fd := rule.New(finding.Location{Path: f.Path}, "%s %q (%s) is committed to git as is, not through Git LFS or DVC", kind, f.Path, size(f.Size))
			fd.Evidence = map[string]string{"bytes": fmt.Sprint(f.Size)}
			res.Findings = append(res.Findings, fd)
		}
	}
	for _, d := range modelDirs {
		if cardFor(d, cardsByDir) {
			continue
		}
		first := ""
		for _, a := range res.Artifacts {
			if a.Kind == Model && path.Dir(a.Path) == d {
				first = a.Path
				break
			}
		}
		res.Findings = append(res.Findings, ModelCardMissing.New(finding.Location{Path: first},
			"model %q has no model card in its directory or above", first))
	}
	ci := ciSignals(fsys, opts.CIFiles)
	res.Evidence = append(res.Evidence, ci.evidence...)
	res.Findings = append(res.Findings, ci.findings...)
	slices.SortStableFunc(res.Evidence, func(a, b Evidence) int {
		return strings.Compare(a.Signal+"\x00"+a.Where.String(), b.Signal+"\x00"+b.Where.String())
	})
	res.Level = level(res)
	finding.Sort(res.Findings)
	return res, nil
}

// cardFor reports whether a card stands in dir or one of its parents.
func cardFor(dir string, cards map[string]string) bool {
	for {
		if _, ok := cards[dir]; ok {
			return true
		}
		if dir == "." || dir == "/" || dir == "" {
			return false
		}
		dir = path.Dir(dir)
	}
}

func isCard(fsys fs.FS, f File) ([]byte, bool) {
	base := strings.ToLower(path.Base(f.Path))
	if f.Size > 1<<20 || !(IsCardName(f.Path) || base == "readme.md") {
		return nil, false
	}
	src, err := fs.ReadFile(fsys, f.Path)
	if err != nil {
		return nil, false
	}
	if IsCardName(f.Path) || IsHFCard(src) {
		return src, true
	}
	return nil, false
}

// lfsMatcher returns whether a path has filter=lfs in the repository's
// .gitattributes files. A checkout with LFS installed holds the real
// content, so the attribute, not the content, tells how git stores it.
func lfsMatcher(fsys fs.FS, tree []File) func(string) bool {
	var stack []gitattributes.MatchAttribute
	for _, f := range tree {
		if path.Base(f.Path) != ".gitattributes" || f.Size > 1<<20 {
			continue
		}
		src, err := fs.ReadFile(fsys, f.Path)
		if err != nil {
			continue
		}
		var domain []string
		if d := path.Dir(f.Path); d != "." {
			domain = strings.Split(d, "/")
		}
		attrs, err := readAttributes(src, domain)
		if err != nil {
			continue
		}
		stack = append(stack, attrs...)
	}
	if len(stack) == 0 {
		return func(string) bool { return false }
	}
	m := gitattributes.NewMatcher(stack)
	return func(p string) bool {
		res, ok := m.Match(strings.Split(p, "/"), []string{"filter"})
		if !ok {
			return false
		}
		a, ok := res["filter"]
		return ok && a.IsValueSet() && a.Value() == "lfs"
	}
}

// readAttributes is gitattributes.ReadAttributes with a panic of go-git's
// parser (it indexes past the end on a line such as `""`) turned into an
// error, so a hostile .gitattributes cannot stop the domain.
func readAttributes(src []byte, domain []string) (attrs []gitattributes.MatchAttribute, err error) {
	defer func() {
		if p := recover(); p != nil {
			attrs, err = nil, fmt.Errorf("parse .gitattributes: %v", p)
		}
	}()
	return gitattributes.ReadAttributes(bytes.NewReader(src), domain, true)
}

var lfsMagic = []byte("version https://git-lfs.github.com/spec/v1")

func isLFSPointer(fsys fs.FS, p string) bool {
	f, err := fsys.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, len(lfsMagic))
	if _, err := io.ReadFull(f, buf); err != nil {
		return false
	}
	return bytes.Equal(buf, lfsMagic)
}

func manifestSignals(fsys fs.FS, p string) []Evidence {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil
	}
	var out []Evidence
	for _, ps := range packageSignals {
		if loc := ps.re.FindIndex(src); loc != nil {
			line := bytes.Count(src[:loc[0]], []byte("\n")) + 1
			what := strings.TrimSpace(strings.Trim(string(src[loc[0]:loc[1]]), `"' `))
			out = append(out, Evidence{Signal: ps.sig, Where: finding.Location{Path: p, StartLine: line}, What: what})
		}
	}
	return out
}

type ciResult struct {
	evidence []Evidence
	findings []finding.Finding
}

// ciSignals scans CI files line by line for training, evaluation and
// deployment commands. A file that trains or deploys a model without any
// evaluation command gets a finding at the first such line.
func ciSignals(fsys fs.FS, files []string) ciResult {
	var out ciResult
	for _, p := range files {
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			continue
		}
		var firstTrain, firstDeploy *Evidence
		evals := 0
		sc := bufio.NewScanner(bytes.NewReader(src))
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			if i := strings.Index(line, " #"); i >= 0 {
				line = line[:i] // a trailing YAML comment
			}
			for _, cp := range ciPatterns {
				m := cp.re.FindStringIndex(line)
				if m == nil {
					continue
				}
				ev := Evidence{Signal: cp.sig, Where: finding.Location{Path: p, StartLine: n, StartCol: m[0] + 1}, What: line[m[0]:m[1]]}
				out.evidence = append(out.evidence, ev)
				switch cp.sig {
				case SigTrainCI:
					if firstTrain == nil {
						firstTrain = &ev
					}
				case SigDeployCI:
					if firstDeploy == nil {
						firstDeploy = &ev
					}
				case SigEvalCI:
					evals++
				}
			}
		}
		if evals > 0 {
			continue
		}
		for _, ev := range []*Evidence{firstDeploy, firstTrain} {
			if ev == nil {
				continue
			}
			verb := "trains"
			if ev.Signal == SigDeployCI {
				verb = "deploys"
			}
			fd := NoEvalGate.New(ev.Where, "pipeline %s a model (%q) with no evaluation step", verb, ev.What)
			fd.Evidence = map[string]string{"command": ev.What}
			out.findings = append(out.findings, fd)
			break
		}
	}
	return out
}

// level places the repository on the maturity levels.
func level(r *Result) int {
	has := map[string]bool{}
	for _, e := range r.Evidence {
		has[e.Signal] = true
	}
	if len(r.Artifacts) == 0 && len(r.Cards) == 0 && len(has) == 0 {
		return -1
	}
	lvl := 0
	if (has[SigPipeline] || has[SigTrainCI]) && (has[SigVersioning] || has[SigTracking] || has[SigRegistry]) {
		lvl = 1
	}
	if lvl == 1 && has[SigTrainCI] && has[SigEvalCI] && has[SigDeployCI] {
		lvl = 2
	}
	return lvl
}

// LevelName describes a maturity level.
func LevelName(l int) string {
	switch l {
	case 0:
		return "level 0: manual process"
	case 1:
		return "level 1: ML pipeline automation"
	case 2:
		return "level 2: CI/CD pipeline automation"
	}
	return "no machine-learning assets found"
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
