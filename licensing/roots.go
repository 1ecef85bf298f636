package licensing

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/tollgate-dev/tollgate/finding"
)

// modLine is a directive of a go.mod or go.work: a use directory, a
// requirement or a local replacement.
type modLine struct {
	// Path is the use directory, the required module, or the replaced module.
	Path string
	// Dir is the replacement directory of a local replace.
	Dir  string
	Line int
}

// modInfo is what tollgate reads from a go.work or go.mod.
type modInfo struct {
	Uses     []modLine
	Requires []modLine
	// Replaces are the local (directory) replacements only.
	Replaces []modLine
}

// parseWork reads the use directories and local replacements of a go.work.
func parseWork(name string, b []byte) (*modInfo, error) {
	wf, err := modfile.ParseWork(name, b, nil)
	if err != nil {
		return nil, err
	}
	mi := &modInfo{}
	for _, u := range wf.Use {
		p := strings.TrimSuffix(strings.ReplaceAll(u.Path, `\`, "/"), "/")
		if p == "" {
			p = "."
		}
		mi.Uses = append(mi.Uses, modLine{Path: p, Line: line(u.Syntax)})
	}
	for _, r := range wf.Replace {
		if r.New.Version == "" {
			mi.Replaces = append(mi.Replaces, modLine{Path: r.Old.Path, Dir: r.New.Path, Line: line(r.Syntax)})
		}
	}
	return mi, nil
}

// parseMod reads the requirements and local replacements of a go.mod. A
// file the strict parser refuses (a directive newer than golang.org/x/mod)
// is read leniently, which keeps the requirements but drops replacements.
func parseMod(name string, b []byte) (*modInfo, error) {
	mf, err := modfile.Parse(name, b, nil)
	if err != nil {
		if mf, err = modfile.ParseLax(name, b, nil); err != nil {
			return nil, err
		}
	}
	mi := &modInfo{}
	for _, r := range mf.Require {
		if r.Syntax != nil {
			mi.Requires = append(mi.Requires, modLine{Path: r.Mod.Path, Line: r.Syntax.Start.Line})
		}
	}
	for _, r := range mf.Replace {
		if r.New.Version == "" {
			mi.Replaces = append(mi.Replaces, modLine{Path: r.Old.Path, Dir: r.New.Path, Line: line(r.Syntax)})
		}
	}
	return mi, nil
}

func line(l *modfile.Line) int {
	if l == nil {
		return 0
	}
	return l.Start.Line
}

type reqLoc struct {
	path string
	line int
}

// locations say where, in the repository's go.mod and go.work files, each
// module is required and replaced, for the findings.
type locations struct {
	reqs map[string]reqLoc
	// outside are the modules replaced by a local directory outside the
	// repository, already reported at the replace line.
	outside map[string]reqLoc
}

func newLocations() *locations {
	return &locations{reqs: map[string]reqLoc{}, outside: map[string]reqLoc{}}
}

// rootInfo is what one root's module files say, read through the
// repository's root.
type rootInfo struct {
	// work is set when the root has a go.work, vendor when it has
	// vendor/modules.txt.
	work, vendor bool
	// uses are the go.work use directories inside the repository, as
	// written; outsideUses counts those left out.
	uses        []string
	outsideUses int
	// inputs are the root-relative files of the graph cache key.
	inputs []string
	// skip is set when the go command must not run: an input it would
	// read leads out, is not a regular file or is too large.
	skip bool
	// err is a go.work that cannot be parsed, or a tree too large to check.
	err      error
	findings []finding.Finding
}

// inspectRoot reads the go.work and go.mod files of the root-relative
// directory r, records where modules are required and replaced, reports
// use and replace directories outside the repository, and checks every
// file the go command would read there.
func (a *access) inspectRoot(r string, locs *locations) *rootInfo {
	info := &rootInfo{}
	at := func(n string) string { return path.Join(r, n) }
	report := func(p problem, what string) {
		info.skip = true
		info.findings = append(info.findings, problemFinding(p, what))
	}
	graph := fmt.Sprintf("the module graph of %q was not loaded", r)
	for _, n := range []string{"go.work", "go.work.sum", "go.mod", "go.sum", "vendor/modules.txt"} {
		if p := a.check(at(n), maxModFileBytes); p != nil {
			report(*p, "it was not read and "+graph)
		}
	}
	if info.skip {
		return info
	}
	info.work = a.root.IsRegular(at("go.work"))
	info.vendor = a.root.IsRegular(at("vendor/modules.txt"))
	walk := []string{r}
	modFiles := []string{at("go.mod")}
	if info.work {
		b, err := a.root.ReadFile(at("go.work"))
		if err != nil {
			info.err = fmt.Errorf("read go.work: %w", err)
			return info
		}
		wi, err := parseWork(at("go.work"), b)
		if err != nil {
			info.err = fmt.Errorf("parse go.work: %w", err)
			return info
		}
		for _, u := range wi.Uses {
			d, ok := a.resolve(r, u.Path)
			if !ok {
				info.outsideUses++
				f := OutsideRoot.New(finding.Location{Path: at("go.work"), StartLine: u.Line},
					"go.work uses directory %q, which is outside the repository; it was not read", u.Path)
				f.Detail = "The workspace module there is not part of the scanned repository: its packages are not loaded and its files are not read."
				f.Evidence = map[string]string{"use": u.Path}
				info.findings = append(info.findings, fp(f, "use|"+u.Path))
				continue
			}
			info.uses = append(info.uses, u.Path)
			walk = append(walk, d)
			modFiles = append(modFiles, path.Join(d, "go.mod"))
			for _, n := range []string{"go.mod", "go.sum"} {
				if p := a.check(path.Join(d, n), maxModFileBytes); p != nil {
					report(*p, "it was not read and "+graph)
				}
			}
		}
		slices.Sort(info.uses)
		info.uses = slices.Compact(info.uses)
		walk = append(walk, a.replaces(at("go.work"), r, wi.Replaces, locs, info)...)
	}
	slices.Sort(modFiles)
	for _, f := range slices.Compact(modFiles) {
		b, err := a.root.ReadFile(f)
		if err != nil {
			continue
		}
		mi, err := parseMod(f, b)
		if err != nil {
			continue
		}
		for _, q := range mi.Requires {
			if _, ok := locs.reqs[q.Path]; !ok {
				locs.reqs[q.Path] = reqLoc{f, q.Line}
			}
		}
		if _, ok := locs.reqs[""]; !ok {
			locs.reqs[""] = reqLoc{f, 1}
		}
		walk = append(walk, a.replaces(f, path.Dir(f), mi.Replaces, locs, info)...)
	}
	if info.skip {
		return info
	}
	inputs, probs, err := a.walkGoInputs(walk)
	if err != nil {
		info.err = err
		return info
	}
	for _, p := range probs {
		report(p, "the go command would read it, so "+graph)
	}
	info.inputs = inputs
	return info
}

// replaces reports the local replacements of file (in the root-relative
// directory dir) outside the repository, and returns those inside it.
func (a *access) replaces(file, dir string, reps []modLine, locs *locations, info *rootInfo) []string {
	var in []string
	for _, rp := range reps {
		if d, ok := a.resolve(dir, rp.Dir); ok {
			in = append(in, d)
			continue
		}
		if _, done := locs.outside[rp.Path]; done {
			continue
		}
		locs.outside[rp.Path] = reqLoc{file, rp.Line}
		f := OutsideRoot.New(finding.Location{Path: file, StartLine: rp.Line},
			"module %q is replaced by local directory %q, which is outside the repository; its license was not read", rp.Path, rp.Dir)
		f.Detail = "tollgate reads nothing outside the scanned repository, so the module's license is unknown. Vendor the module or replace it by a published version."
		f.Evidence = map[string]string{"module": rp.Path, "replace": rp.Dir + " (local)"}
		info.findings = append(info.findings, fp(f, "replace|"+rp.Path))
	}
	return in
}

// problemFinding reports a file that is not read.
func problemFinding(p problem, what string) finding.Finding {
	rule := UnreadableFile
	if p.outside {
		rule = OutsideRoot
	}
	f := rule.New(finding.Location{Path: p.path}, "%q %s; %s", p.path, p.reason, what)
	f.Detail = "The go command reads this file to load the module graph: a FIFO would block it, a device would never end, and a file outside the repository would put its words in the go command's errors. No module of this root was checked."
	f.Evidence = map[string]string{"file": p.path, "reason": p.reason}
	return fp(f, p.path)
}
