package mlops

import (
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
	"github.com/tollgate-dev/tollgate/pipeline"
	"github.com/tollgate-dev/tollgate/report"
)

// File is a file of the repository with its size.
type File struct {
	Path string
	Size int64
}

// Options configures Analyze. The zero value means the defaults.
type Options struct {
	// Pipelines are the repository's parsed CI pipelines (GitHub Actions,
	// GitLab CI), where training jobs and their triggers are looked for.
	Pipelines []*pipeline.Pipeline
	// Gates is the gate inventory of the pipelines (pipeline.Inventory, or
	// the Gates of pipeline.Analyze's result): the evaluation gates, the
	// model deploys and how the job graph ties them. Nil means no gate and
	// no deploy is known.
	Gates *report.GateInventory
	// Repo is the git repository of the scanned directory: when set,
	// committed artifacts are listed from HEAD's tree and model cards are
	// checked against history. Nil outside git: artifacts come from the
	// work tree and the report says so.
	Repo *Repo
	// MaxCommits caps the history walk of the card freshness check; 0
	// means MaxCommits.
	MaxCommits int
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
	// ArtifactsFrom says where the artifacts were listed from: "git"
	// (HEAD's tree: committed files only, ignored ones too if they were
	// force-added) or "work-tree" (outside git: the files on disk).
	ArtifactsFrom string
	Cards         []string
	Evidence      []Evidence
	// Level is -1 when the repository has no ML assets, else the stage
	// 0 to 4 (see stages.go).
	Level  int
	Levels []report.MLOpsLevel
	Cap    string
	Tools  []report.MLTool
	// CardFreshness is each card's history beside its model's inputs;
	// HistoryTruncated is set when the walk hit MaxCommits.
	CardFreshness    []report.CardFreshness
	HistoryTruncated bool
}

// Analyze looks at the whole tree (names and sizes), reads small
// configuration files, Python sources (capped, see MaxSourceFiles), model
// cards and, through Repo, HEAD's tree and first-parent history.
func Analyze(ctx context.Context, fsys fs.FS, tree []File, opts Options) (*Result, error) {
	res := &Result{Level: -1}
	arts, from, err := listArtifacts(ctx, fsys, tree, opts.Repo)
	if err != nil {
		return nil, err
	}
	res.ArtifactsFrom = from
	cardsByDir := map[string]string{}
	for _, f := range tree {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		card, ok := isCard(fsys, f)
		if !ok {
			continue
		}
		cardsByDir[path.Dir(f.Path)] = f.Path
		res.Cards = append(res.Cards, f.Path)
		missing, empty := CheckSections(card)
		if len(missing) == 0 && len(empty) == 0 {
			continue
		}
		var parts []string
		if len(missing) > 0 {
			parts = append(parts, "lacks "+strings.Join(missing, ", "))
		}
		if len(empty) > 0 {
			parts = append(parts, "leaves empty "+strings.Join(empty, ", "))
		}
		fd := ModelCardIncomplete.New(finding.Location{Path: f.Path, StartLine: 1}, "model card %q %s", f.Path, strings.Join(parts, "; "))
		fd.Evidence = map[string]string{"missing": strings.Join(missing, ", "), "empty": strings.Join(empty, ", ")}
		res.Findings = append(res.Findings, fd)
	}
	var modelDirs []string
	seenDir := map[string]bool{}
	for _, a := range arts {
		min := int64(MinDataSize)
		if a.Kind == Model {
			min = MinModelSize
		}
		if a.Size < min && a.Storage == "git" {
			continue // fixtures and samples
		}
		res.Artifacts = append(res.Artifacts, a)
		if a.Kind == Model {
			if d := path.Dir(a.Path); !seenDir[d] {
				seenDir[d] = true
				modelDirs = append(modelDirs, d)
			}
		}
		if a.Storage == "git" {
			rule := DataNotVersioned
			if a.Kind == Model {
				rule = ModelNotVersioned
			}
			fd := rule.New(finding.Location{Path: a.Path}, "%s %q (%s) is committed to git as is, not through Git LFS or DVC", a.Kind, a.Path, size(a.Size))
			fd.Evidence = map[string]string{"bytes": fmt.Sprint(a.Size)}
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

	cfg := scanConfigs(fsys, tree)
	src := scanSources(fsys, tree)
	res.Findings = append(res.Findings, cfg.findings...)
	res.Findings = append(res.Findings, src.findings...)
	var tags []string
	if opts.Repo != nil {
		tags = opts.Repo.gtoTags(maxToolEvidence)
	}
	trains := trainings(opts.Pipelines, src)
	inv := opts.Gates
	if inv == nil {
		inv = &report.GateInventory{}
	}
	rel := gather(cfg, src, res.Artifacts, tags, trains, inv)
	res.Tools = tools(cfg.tools, src.tools, tags)
	hasAssets := len(res.Artifacts) > 0 || len(res.Cards) > 0 || len(res.Tools) > 0 || len(rel.produces) > 0 || len(trains) > 0 ||
		slices.ContainsFunc(inv.Deploys, func(d report.Deploy) bool { return d.Model })
	st := rel.compute(hasAssets)
	res.Level, res.Levels, res.Cap = st.level, st.levels, st.cap
	res.Findings = append(res.Findings, st.findings...)
	res.Evidence = signals(rel, res.Tools)

	if opts.Repo != nil && len(res.Cards) > 0 {
		var deps []string
		for _, s := range cfg.stages {
			deps = append(deps, s.Deps...)
		}
		fr, truncated, err := opts.Repo.freshness(ctx, res.Cards, inputFor(res.Cards, deps), opts.MaxCommits)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// History that cannot be read leaves freshness unknown.
			fr = nil
		}
		res.CardFreshness, res.HistoryTruncated = fr, truncated
		for _, f := range fr {
			if f.Stale {
				res.Findings = append(res.Findings, cardFinding(f))
			}
		}
	}
	if res.Level >= 0 && res.Level <= StagePipeline && len(res.Tools) > 0 {
		t := res.Tools[0]
		var names []string
		for _, x := range res.Tools {
			if !slices.Contains(names, x.Name) {
				names = append(names, x.Name)
			}
		}
		next := ""
		if res.Level+1 <= len(res.Levels) {
			next = res.Levels[res.Level].Missing
		}
		var loc finding.Location
		if len(t.Evidence) > 0 {
			loc = t.Evidence[0].Location
		}
		fd := InNameOnly.New(loc, "mlops tools %s are present but the mlops stage is %d (%s)", quoteAll(names), res.Level, LevelName(res.Level))
		fd.Evidence = map[string]string{"tools": strings.Join(names, ", "), "stage": fmt.Sprint(res.Level), "next": next}
		fd.Detail = "Next level: " + next + "."
		res.Findings = append(res.Findings, fd)
	}
	finding.Sort(res.Findings)
	return res, nil
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// listArtifacts lists the model and data files that are committed: from
// HEAD's tree when the repository is in git (an untracked file is not
// committed; a force-added ignored one is), else from the work tree.
func listArtifacts(ctx context.Context, fsys fs.FS, tree []File, repo *Repo) ([]Artifact, string, error) {
	var out []Artifact
	if repo != nil {
		files, ok, err := repo.headFiles(ctx, func(p string) bool { return Classify(p) != "" })
		if err != nil && ctx.Err() != nil {
			return nil, "", ctx.Err()
		}
		if ok {
			for _, f := range files {
				a := Artifact{Path: f.Path, Kind: Classify(f.Path), Size: f.Size, Storage: "git"}
				if repo.isPointer(f.Hash, f.Size) {
					a.Storage = "lfs" // git holds the pointer, LFS the content
				}
				out = append(out, a)
			}
			return out, "git", nil
		}
	}
	attrs := lfsMatcher(fsys, tree)
	for _, f := range tree {
		kind := Classify(f.Path)
		if kind == "" {
			continue
		}
		a := Artifact{Path: f.Path, Kind: kind, Size: f.Size, Storage: "git"}
		switch {
		case attrs(f.Path):
			a.Storage = "lfs"
		case isLFSPointer(fsys, f.Path):
			a.Storage = "lfs-pointer"
		}
		out = append(out, a)
	}
	return out, "work-tree", nil
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

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
