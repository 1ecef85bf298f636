package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
)

// seeds adds every fixture of a kind to the fuzz corpus.
func seeds(f *testing.F, match func(string) bool) {
	filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && match(filepath.ToSlash(p)) {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
}

// fuzzWatchdog is how long one fuzz input may take before it counts as a
// hang. Inputs take milliseconds, the bombs among the seeds under a second;
// this only fails on a real stall, which fuzzing would otherwise show as 0
// execs/s and still pass.
var fuzzWatchdog = func() time.Duration {
	if raceEnabled {
		return 100 * time.Second
	}
	return 10 * time.Second
}()

func fuzzAnalyze(t *testing.T, files map[string][]byte) {
	fsys := fstest.MapFS{}
	var paths []string
	lines := 0
	for p, b := range files {
		fsys[p] = &fstest.MapFile{Data: b}
		paths = append(paths, p)
		lines += bytes.Count(b, []byte("\n")) + 1
	}
	slices.Sort(paths)
	ctx, cancel := context.WithTimeout(context.Background(), fuzzWatchdog)
	defer cancel()
	type result struct {
		res *Result
		st  workStats
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, st, err := analyze(ctx, fsys, paths, Options{AllowedActions: []string{"actions/*"}, ApprovedModels: []string{"x"}, ApprovedTemplates: []string{"g/**", "./ci/*.yml"}})
		done <- result{res, st, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(fuzzWatchdog + time.Second):
		t.Fatalf("analysis did not return within %v: unbounded work", fuzzWatchdog)
	}
	if r.err != nil {
		t.Fatalf("analysis did not finish within %v: %v", fuzzWatchdog, r.err)
	}
	// The work done is bounded by the input, whatever references it holds.
	st := r.st
	if st.Resolved > len(files) || st.Loaded > len(files) {
		t.Fatalf("%d files resolved and %d loaded for %d files: a file was resolved twice", st.Resolved, st.Loaded, len(files))
	}
	if st.Expanded > maxTotalExpandedSteps || st.Expanded > len(files)*maxExpandedSteps {
		t.Fatalf("%d composite steps inlined, over the bound", st.Expanded)
	}
	if st.Merged > len(files)*maxWork {
		t.Fatalf("merge work %d, over the bound", st.Merged)
	}
	if st.Model > len(files)*maxModel+lines {
		t.Fatalf("model of %d units for %d lines, over the bound", st.Model, lines)
	}
	for _, f := range r.res.Findings {
		if f.Location.Path == "" || f.Location.StartLine < 1 || f.Message == "" {
			t.Fatalf("malformed finding %+v", f)
		}
		if _, ok := finding.Lookup(f.Rule); !ok {
			t.Fatalf("unregistered rule %q", f.Rule)
		}
	}
}

// compositeCycle is the shape of issue 11 as one fuzz input: a workflow
// whose job uses action b fanOut times, calls itself, and (read as action
// a) is a composite action using b fanOut times; b is the same bytes with
// a and b swapped, so a and b use each other.
func compositeCycle(fanOut int) []byte {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n")
	for range fanOut {
		b.WriteString("      - uses: ./.github/actions/b\n")
	}
	b.WriteString("  k:\n    uses: ./.github/workflows/w.yml\nruns:\n  using: composite\n  steps:\n")
	for range fanOut {
		b.WriteString("    - uses: ./.github/actions/b\n")
	}
	return []byte(b.String())
}

// swapAB exchanges the action names a and b in uses: paths.
func swapAB(src []byte) []byte {
	src = bytes.ReplaceAll(src, []byte("actions/a"), []byte("actions/\x00"))
	src = bytes.ReplaceAll(src, []byte("actions/b"), []byte("actions/a"))
	return bytes.ReplaceAll(src, []byte("actions/\x00"), []byte("actions/b"))
}

func FuzzGitHub(f *testing.F) {
	seeds(f, func(p string) bool { return strings.Contains(p, ".github/") })
	f.Add([]byte("on: push\njobs:\n  a:\n    uses: ./.github/workflows/w.yml\n"))
	f.Add(compositeCycle(8))
	f.Add([]byte(aliasBomb(9) + "on: push\njobs:\n  j:\n    runs-on: x\n    steps: *a9\n    env: {E: *a9}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		// The same bytes as a workflow, a reusable workflow it may call and
		// two composite actions that may use each other (b is a with the
		// names a and b swapped), so resolution is fuzzed too.
		fuzzAnalyze(t, map[string][]byte{
			".github/workflows/w.yml":      src,
			".github/actions/a/action.yml": src,
			".github/actions/b/action.yml": swapAB(src),
		})
	})
}

func FuzzGitLab(f *testing.F) {
	seeds(f, func(p string) bool { return strings.Contains(p, "gitlab") })
	f.Add([]byte("include: ci/*.yml\nj:\n  extends: [.a, .b]\n  script: [!reference [.a, script]]\n"))
	f.Add([]byte("include: [ci/x.yml, .gitlab-ci.yml]\n.a: {extends: .b, script: [a]}\n.b: {extends: [.a, .a], script: [!reference [.b, script]]}\nj: {extends: .a}\n"))
	f.Add([]byte(referenceBomb(6, 10)))
	f.Add([]byte("include: [{project: g/t, file: [/a.yml, b.yml], ref: v1}, {component: $CI_SERVER_FQDN/g/c@1}, ci/x.yml]\ndeploy: {extends: [.d, .e]}\n.e: {extends: .f}\nai: {script: [llm hi]}\n"))
	f.Add([]byte(aliasBomb(9) + "workflow:\n  rules: *a9\njob:\n  script: *a9\n  variables: {A: *a9}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzAnalyze(t, map[string][]byte{".gitlab-ci.yml": src, "ci/x.yml": src})
	})
}

// aliasBomb returns a YAML document whose aliases expand to 10^depth
// nodes, under key.
func aliasBomb(depth int) string {
	var b strings.Builder
	b.WriteString("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "x%d: &a%d [", i, i)
		for k := range 10 {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestAliasBombIsBounded(t *testing.T) {
	bomb := aliasBomb(9) // 10^9 nodes when expanded
	cases := map[string]string{
		".gitlab-ci.yml":          bomb + "workflow:\n  rules: *a9\njob:\n  script: *a9\n  variables: {A: *a9}\n",
		".github/workflows/w.yml": ".x: &steps [{run: echo}]\n" + bomb + "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        a: *a9\n    env:\n      E: *a9\n    steps:\n      - run: *a9\n        with: *a9\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res := analyseMap(t, map[string]string{name: src})
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 && !raceEnabled {
				t.Errorf("allocated %d MB on an alias bomb", alloc>>20)
			}
			if name == ".gitlab-ci.yml" {
				found := false
				for _, f := range res.Findings {
					if f.Rule == finding.ParseError.ID && strings.Contains(f.Message, "aliases expand beyond") {
						found = true
					}
				}
				if !found {
					t.Errorf("no finding about the alias bomb: %v", res.Findings)
				}
			}
		})
	}
}

func TestHugeFileRefused(t *testing.T) {
	big := "on: push\n# " + strings.Repeat("x", MaxFileSize) + "\n"
	res := analyseMap(t, map[string]string{".github/workflows/big.yml": big})
	if len(res.Findings) != 1 || res.Findings[0].Rule != finding.ParseError.ID || !strings.Contains(res.Findings[0].Message, "over the 10485760-byte limit") {
		t.Fatalf("findings = %v", res.Findings)
	}
	if _, err := Parse("x.yml", GitHub, []byte(big)); err == nil {
		t.Fatal("Parse accepted a file over the limit")
	}
}

func TestParseErrorPosition(t *testing.T) {
	res := analyseMap(t, map[string]string{".github/workflows/bad.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: a\n     - run: b\n"})
	if len(res.Findings) != 1 {
		t.Fatalf("findings = %v", res.Findings)
	}
	if l := res.Findings[0].Location; l.StartLine != 6 || l.StartCol != 6 {
		t.Errorf("position = %d:%d, want 6:6", l.StartLine, l.StartCol)
	}
}

// FuzzInvocations parses arbitrary run: scripts for the programs they run
// and follows tainted variables through them.
func FuzzInvocations(f *testing.F) {
	for _, s := range []string{
		"python scripts/x.py", "node ./b.js --prompt \"$(cat p)\"", "go run ./cmd/x",
		"X=${{ github.event.issue.title }} bash a.sh", "echo $(gh issue view 1 --json body) | claude -p", "if [ x ]; then\n  eval \"$OUT\"\nfi",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, run string) {
		a := newAnalysis(nil, nil, Options{})
		s := &Step{Run: run}
		for i, l := range strings.Split(run, "\n") {
			s.RunLines = append(s.RunLines, Line{Text: l, Pos: Pos{Line: i + 1}})
		}
		for _, inv := range a.invocations(s) {
			_ = repoPath(inv.Path)
		}
		tt := a.propagate(s, func(c shellCall) bool { return fetchSource(c) != "" }, map[string]bool{"X": true})
		a.flowSinks(s, tt, nil)
	})
}

// FuzzPackageScripts follows arbitrary run: lines into an arbitrary
// package.json: it must end (cycles, hop bound) and never read outside.
func FuzzPackageScripts(f *testing.F) {
	f.Add("yarn ask poem", `{"scripts":{"ask":"node cli/genaiscript.cjs run","loop":"npm run loop"}}`)
	f.Add("cd sub && npm run loop -- -m x", `{"scripts":{"loop":"cd .. && yarn --cwd sub loop"}}`)
	f.Add("pnpm -C ../x run a", `{"scripts":{"a":"python ../../etc/passwd"}}`)
	f.Fuzz(func(t *testing.T, line, pkg string) {
		fsys := fstest.MapFS{"package.json": {Data: []byte(pkg)}, "sub/package.json": {Data: []byte(pkg)}}
		a := newAnalysis(fsys, nil, Options{})
		a.judgeCommandLine(line, "", 0, nil)
		a.judgeCommandLine(line, "sub", 0, nil)
	})
}
