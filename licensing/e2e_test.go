package licensing_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/licensing"
	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// shared classifies in memory across tests, so the classifier is loaded
// once per test binary; the cache test uses its own.
var shared = licensing.NewClassifier("")

// corpus publishes the modules every end-to-end case draws from.
func corpus(t *testing.T) []lt.Module {
	mit := lt.Text(t, "License/MIT/pristine.txt")
	apache := lt.Text(t, "License/Apache-2.0/pristine.txt")
	return []lt.Module{
		{Path: "example.com/mit", Version: "v1.0.0", Files: map[string]string{"LICENSE": "Copyright (c) 2020 A. Author\n\n" + mit}},
		{Path: "example.com/dual", Version: "v1.2.0", Files: map[string]string{
			"LICENSE-APACHE": apache, "LICENSE-MIT": mit,
			"README.md": "# dual\n\n## License\n\nLicensed under either of\n\n * Apache License, Version 2.0\n * MIT license\n\nat your option.\n",
		}},
		{Path: "example.com/both", Version: "v0.3.0", Files: map[string]string{"LICENSE-APACHE": apache, "LICENSE-MIT": mit}},
		{Path: "example.com/header", Version: "v1.0.0", Files: map[string]string{"LICENSE": "Copyright 2021 The Header Authors.\n\n" + lt.Text(t, "Header/Apache-2.0/header.txt")}},
		{Path: "example.com/readmeonly", Version: "v0.1.0", Files: map[string]string{"README.md": "# readmeonly\n\nThis project is licensed under the MIT license:\n\n" + mit}},
		{Path: "example.com/nolicense", Version: "v0.0.1"},
		{Path: "example.com/gpl", Version: "v2.0.0+incompatible", Files: map[string]string{"COPYING": lt.Text(t, "License/GPL-3.0/license.txt")}},
		{Path: "example.com/busl", Version: "v1.0.0", Files: map[string]string{"LICENSE": lt.Text(t, "License/Business-Source-License-1.1/license.txt")}},
		{Path: "example.com/mitplus", Version: "v1.0.0", Files: map[string]string{"LICENSE": "Copyright (c) 2020 B. Author\n\n" + mit + "\nThe Software shall be used for Good, not Evil.\n"}},
		{Path: "example.com/nested", Version: "v1.0.0", Packages: []string{"", "third_party/fork"}, Files: map[string]string{
			"LICENSE": mit, "third_party/fork/LICENSE": lt.Text(t, "License/BSD-3-Clause/pristine.txt"),
		}},
		{Path: "example.com/org/lib", Version: "v1.0.0", Files: map[string]string{"NOTICE": "lib\nCopyright 2024 Org\n"}},
		{Path: "example.com/org/parent", Version: "v1.0.0", Files: map[string]string{"LICENSE": mit}},
		{Path: "example.com/reuse", Version: "v1.0.0", Files: map[string]string{"LICENSES/MIT.txt": mit, "LICENSES/BSD-3-Clause.txt": lt.Text(t, "License/BSD-3-Clause/pristine.txt")}},
	}
}

type repo struct {
	root string
	env  lt.Env
}

// newRepo writes a repository whose main package imports pkgs, publishes
// the corpus, and resolves go.mod/go.sum offline.
func newRepo(t *testing.T, files map[string]string, pkgs ...string) repo {
	t.Helper()
	dir := t.TempDir()
	env := lt.Proxy(t, dir, corpus(t))
	root := filepath.Join(dir, "repo")
	all := map[string]string{"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": lt.Main(pkgs...)}
	for k, v := range files {
		all[k] = v
	}
	lt.Write(t, root, all)
	env.Go(t, root, "mod", "tidy")
	return repo{root, env}
}

func (r repo) analyze(t *testing.T, p licensing.Policy, roots ...string) *licensing.Result {
	t.Helper()
	res, err := licensing.Analyze(context.Background(), licensing.Options{
		Root: r.root, Roots: roots, Env: r.env.Vars(), Classifier: shared, Policy: p, Now: now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func module(t *testing.T, res *licensing.Result, path string) *licensing.ModuleResult {
	t.Helper()
	for _, m := range res.Modules {
		if m.Path == path {
			return m
		}
	}
	t.Fatalf("module %s not in the graph", path)
	return nil
}

func rules(res *licensing.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Rule+" "+f.Evidence["module"])
	}
	sort.Strings(out)
	return out
}

func findingOf(res *licensing.Result, rule, mod string) *finding.Finding {
	for i, f := range res.Findings {
		if f.Rule == rule && f.Evidence["module"] == mod {
			return &res.Findings[i]
		}
	}
	return nil
}

func TestModuleGraphEndToEnd(t *testing.T) {
	r := newRepo(t, nil,
		"example.com/mit", "example.com/dual", "example.com/both", "example.com/header",
		"example.com/readmeonly", "example.com/nolicense", "example.com/gpl", "example.com/busl",
		"example.com/mitplus", "example.com/nested/third_party/fork")
	cache := filepath.Join(filepath.Dir(r.root), "cache")
	res, err := licensing.Analyze(context.Background(), licensing.Options{Root: r.root, Env: r.env.Vars(), CacheDir: cache, Now: now})
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		path, expr, verdict string
		cat                 licensing.Category
	}{
		{"example.com/mit", "MIT", "allowed", licensing.Notice},
		{"example.com/dual", "Apache-2.0 OR MIT", "allowed", licensing.Notice},
		{"example.com/both", "Apache-2.0 AND MIT", "allowed", licensing.Notice},
		{"example.com/header", "Apache-2.0", "allowed", licensing.Notice},
		{"example.com/readmeonly", "", "unknown", licensing.Unknown},
		{"example.com/nolicense", "", "unknown", licensing.Unknown},
		{"example.com/gpl", "GPL-3.0-only", "not-allowed", licensing.Restricted},
		{"example.com/busl", "BUSL-1.1", "not-allowed", licensing.Forbidden},
		{"example.com/mitplus", "MIT", "needs-review", licensing.Notice},
		{"example.com/nested", "MIT AND BSD-3-Clause", "allowed", licensing.Notice},
		{"example.com/app", "", "first-party", ""},
	}
	for _, c := range cases {
		m := module(t, res, c.path)
		if m.Concluded != c.expr || m.Verdict != c.verdict || m.Category != c.cat {
			t.Errorf("%s: got %q %s %s, want %q %s %s", c.path, m.Concluded, m.Verdict, m.Category, c.expr, c.verdict, c.cat)
		}
	}
	if m := module(t, res, "example.com/header"); !m.Files[0].Header {
		t.Errorf("header-only license not marked as a header: %+v", m.Files)
	}
	if m := module(t, res, "example.com/readmeonly"); len(m.Files) != 0 || len(m.Readme) != 1 {
		t.Errorf("README taken for a license: files %+v", m.Files)
	}
	if m := module(t, res, "example.com/both"); len(m.Files) != 2 {
		t.Errorf("want both license files reported, got %+v", m.Files)
	}
	if m := module(t, res, "example.com/nested"); len(m.Scopes) != 1 || m.Scopes[0].Dir != "third_party/fork" {
		t.Errorf("nested scope: %+v", m.Scopes)
	}

	want := []string{
		"lic/needs-review example.com/mitplus",
		"lic/not-allowed example.com/busl",
		"lic/not-allowed example.com/gpl",
		"lic/unknown example.com/nolicense",
		"lic/unknown example.com/readmeonly",
	}
	if got := rules(res); !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	f := findingOf(res, "lic/not-allowed", "example.com/gpl")
	if f == nil || f.Location.Path != "go.mod" || f.Location.StartLine == 0 || f.Severity != finding.High ||
		f.Evidence["file"] != "COPYING" || len(f.Evidence["sha256"]) != 64 || f.Evidence["decided_by"] != "category restricted" {
		t.Errorf("gpl finding lacks its facts: %+v", f)
	}
	if f := findingOf(res, "lic/needs-review", "example.com/mitplus"); f == nil || !strings.Contains(f.Detail, "Good, not Evil") {
		t.Errorf("needs-review finding should quote the extra line: %+v", f)
	}
	if f := findingOf(res, "lic/unknown", "example.com/nolicense"); f == nil || f.Severity != finding.Medium {
		t.Errorf("unknown should warn by default: %+v", f)
	}

	// Each distinct text classified once, the second run from the cache
	// without loading the classifier.
	if res.Stats.Classified != res.Stats.DistinctTexts {
		t.Errorf("classified %d texts for %d distinct", res.Stats.Classified, res.Stats.DistinctTexts)
	}
	again, err := licensing.Analyze(context.Background(), licensing.Options{
		Root: r.root, Env: r.env.Vars(), CacheDir: cache, Now: now,
	})
	if err != nil {
		t.Fatal(err)
	}
	if again.Stats.Classified != 0 || again.Stats.ClassifierLoads || !again.Stats.GraphCached {
		t.Errorf("warm run classified %d texts, loaded classifier %v, graph cached %v", again.Stats.Classified, again.Stats.ClassifierLoads, again.Stats.GraphCached)
	}
	// Changing a Go file invalidates the cached graph.
	lt.Write(t, r.root, map[string]string{"main.go": lt.Main("example.com/mit")})
	third, err := licensing.Analyze(context.Background(), licensing.Options{Root: r.root, Env: r.env.Vars(), CacheDir: cache, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if third.Stats.GraphCached || len(third.Modules) != 2 {
		t.Errorf("edited repository: graph cached %v, %d modules", third.Stats.GraphCached, len(third.Modules))
	}
	if !slices.Equal(rules(again), want) {
		t.Errorf("warm run differs: %q", rules(again))
	}
}

func TestPolicyEndToEnd(t *testing.T) {
	r := newRepo(t, nil, "example.com/mit", "example.com/gpl", "example.com/readmeonly", "example.com/dual", "example.com/org/lib")
	readme := module(t, r.analyze(t, licensing.Policy{}), "example.com/readmeonly").Readme[0].SHA256
	p := licensing.Policy{
		Allow:      []string{"MIT", "BSD-3-Clause"},
		Deny:       []string{"GPL-3.0-only"},
		FirstParty: []string{"example.com/org"},
		Exceptions: []licensing.Exception{
			{Module: "example.com/gpl", Licenses: []string{"GPL-3.0-only"}, Reason: "internal", Expires: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), Line: 3},
			{Module: "example.com/gone", Reason: "old", Line: 9},
		},
		Clarifications: []licensing.Clarification{{Module: "example.com/readmeonly", Expression: "MIT", FileSHA256: readme, Line: 12}},
		File:           ".tollgate.hcl",
	}
	res := r.analyze(t, p)
	want := []string{
		"lic/denied example.com/gpl",
		"lic/expired-exception example.com/gpl",
		"lic/unused-exception example.com/gone",
	}
	if got := rules(res); !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	if f := findingOf(res, "lic/expired-exception", "example.com/gpl"); f == nil || f.Location.Path != ".tollgate.hcl" || f.Location.StartLine != 3 {
		t.Errorf("expired exception should point at the policy: %+v", f)
	}
	if m := module(t, res, "example.com/readmeonly"); !m.Clarified || m.Verdict != "allowed" {
		t.Errorf("clarified README module: %s %v", m.Verdict, m.Clarified)
	}
	if m := module(t, res, "example.com/dual"); m.Verdict != "allowed" || m.DecidedBy != "allow list" {
		t.Errorf("dual-licensed module should satisfy the allow list by its MIT choice: %s by %s", m.Verdict, m.DecidedBy)
	}
	if m := module(t, res, "example.com/org/lib"); m.Verdict != "first-party" {
		t.Errorf("first party: %s", m.Verdict)
	}

	// A live exception accepts the module; a changed README lapses the clarification.
	p.Exceptions[0].Expires = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	p.Clarifications[0].FileSHA256 = strings.Repeat("0", 64)
	res = r.analyze(t, p)
	want = []string{
		"lic/stale-clarification example.com/readmeonly",
		"lic/unknown example.com/readmeonly",
		"lic/unused-exception example.com/gone",
	}
	if got := rules(res); !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	if m := module(t, res, "example.com/gpl"); m.Verdict != "excepted" || m.Exception != "example.com/gpl" {
		t.Errorf("gpl should be excepted: %s", m.Verdict)
	}
}

func TestReplaceToLocalDirectory(t *testing.T) {
	r := newRepo(t, map[string]string{
		"go.mod":         "module example.com/app\n\ngo 1.21\n\nrequire example.com/local v1.0.0\n\nreplace example.com/local => ./local\n",
		"local/go.mod":   "module example.com/local\n\ngo 1.21\n",
		"local/x.go":     "package local\n",
		"local/LICENSE":  lt.Text(t, "License/BSD-3-Clause/pristine.txt"),
		"local/sub/x.go": "package sub\n",
	}, "example.com/local", "example.com/mit")
	res := r.analyze(t, licensing.Policy{})
	m := module(t, res, "example.com/local")
	if m.Replace == nil || !m.Replace.Local || m.Version != "" || m.Concluded != "BSD-3-Clause" {
		t.Errorf("local replace: %+v %q", m.Replace, m.Concluded)
	}
	if len(res.Findings) != 0 {
		t.Errorf("unexpected findings %q", rules(res))
	}
}

func TestWorkspace(t *testing.T) {
	dir := t.TempDir()
	env := lt.Proxy(t, dir, corpus(t))
	root := filepath.Join(dir, "repo")
	lt.Write(t, root, map[string]string{
		"go.mod":        "module example.com/app\n\ngo 1.21\n",
		"main.go":       lt.Main("example.com/mit"),
		"tools/go.mod":  "module example.com/app/tools\n\ngo 1.21\n",
		"tools/main.go": lt.Main("example.com/gpl"),
		"go.work":       "go 1.21\n\nuse (\n\t.\n\t./tools\n)\n",
	})
	env.Go(t, root, "mod", "tidy")
	env.Go(t, filepath.Join(root, "tools"), "mod", "tidy")
	res, err := licensing.Analyze(context.Background(), licensing.Options{Root: root, Env: env.Vars(), Classifier: shared, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rules(res), []string{"lic/not-allowed example.com/gpl"}; !slices.Equal(got, want) {
		t.Fatalf("findings %q, want %q", got, want)
	}
	f := findingOf(res, "lic/not-allowed", "example.com/gpl")
	if f.Location.Path != "tools/go.mod" {
		t.Errorf("finding should point at the workspace module requiring it, got %s", f.Location.Path)
	}
	if m := module(t, res, "example.com/app/tools"); !m.Main {
		t.Errorf("workspace module not main")
	}
}

func TestVendoredPackageWithoutItsOwnLicense(t *testing.T) {
	r := newRepo(t, map[string]string{"LICENSE": lt.Text(t, "License/MIT/pristine.txt")}, "example.com/org/lib", "example.com/mit")
	r.env.Go(t, r.root, "mod", "vendor")
	// A license in a directory above the vendored module (as a parent
	// module's, or the repository's own) must not be attributed to it.
	lt.Write(t, r.root, map[string]string{"vendor/example.com/org/LICENSE": lt.Text(t, "License/MIT/pristine.txt")})
	res := r.analyze(t, licensing.Policy{})
	m := module(t, res, "example.com/org/lib")
	if !m.Vendored || m.Verdict != "unknown" || m.Concluded != "" {
		t.Errorf("vendored module without LICENSE: vendored=%v verdict=%s expr=%q", m.Vendored, m.Verdict, m.Concluded)
	}
	if len(m.Files) != 1 || m.Files[0].Kind != licensing.KindNotice {
		t.Errorf("NOTICE should be kept as evidence: %+v", m.Files)
	}
	if mm := module(t, res, "example.com/mit"); !mm.Vendored || mm.Concluded != "MIT" {
		t.Errorf("vendored MIT module: %+v", mm)
	}
}

func TestMissingModuleIsAFinding(t *testing.T) {
	r := newRepo(t, nil, "example.com/mit")
	// Point at an empty module cache: nothing is downloaded.
	res, err := licensing.Analyze(context.Background(), licensing.Options{
		Root: r.root, Env: []string{"GOMODCACHE=" + t.TempDir(), "GOFLAGS=-modcacherw"}, Classifier: shared, Now: now,
	})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range res.Findings {
		found = found || f.Rule == "lic/graph-error"
	}
	if !found {
		t.Errorf("want a lic/graph-error finding, got %q", rules(res))
	}
}

func TestPlatformUnion(t *testing.T) {
	r := newRepo(t, map[string]string{
		"win_windows.go": "package main\n\nimport _ \"example.com/gpl\"\n",
	}, "example.com/mit")
	one, err := licensing.Analyze(context.Background(), licensing.Options{Root: r.root, Env: r.env.Vars(), Classifier: shared, Now: now, Platforms: []string{"linux/amd64"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range one.Modules {
		if m.Path == "example.com/gpl" {
			t.Errorf("a windows-only dependency appears on linux")
		}
	}
	both, err := licensing.Analyze(context.Background(), licensing.Options{Root: r.root, Env: r.env.Vars(), Classifier: shared, Now: now, Platforms: []string{"windows/amd64", "linux/amd64"}})
	if err != nil {
		t.Fatal(err)
	}
	if m := module(t, both, "example.com/gpl"); !slices.Equal(m.Platforms, []string{"windows/amd64"}) {
		t.Errorf("platforms of the windows-only module: %q", m.Platforms)
	}
	if m := module(t, both, "example.com/mit"); len(m.Platforms) != 2 {
		t.Errorf("platforms of the common module: %q", m.Platforms)
	}
	if got := rules(both); !slices.Equal(got, []string{"lic/not-allowed example.com/gpl"}) {
		t.Errorf("findings %q", got)
	}
}

func TestGraphCacheSeesCleanedModuleCache(t *testing.T) {
	r := newRepo(t, nil, "example.com/mit")
	cache := t.TempDir()
	opts := licensing.Options{Root: r.root, Env: r.env.Vars(), CacheDir: cache, Classifier: nil, Now: now}
	for i := range 2 {
		res, err := licensing.Analyze(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.GraphCached != (i == 1) {
			t.Fatalf("run %d: graph cached %v", i, res.Stats.GraphCached)
		}
	}
	if err := os.Rename(filepath.Join(r.env.ModCache, "example.com", "mit@v1.0.0"), filepath.Join(r.env.ModCache, "example.com", "gone")); err != nil {
		t.Fatal(err)
	}
	res, err := licensing.Analyze(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.GraphCached {
		t.Error("a graph whose module directory is gone was taken from the cache")
	}
	if m := module(t, res, "example.com/mit"); m.Verdict == "unknown" {
		t.Errorf("a removed module must not read as unlicensed: %s", m.Verdict)
	}
}

func TestTestDependenciesAreOptional(t *testing.T) {
	r := newRepo(t, map[string]string{
		"main_test.go": "package main\n\nimport (\n\t\"testing\"\n\n\t_ \"example.com/gpl\"\n)\n\nfunc TestX(t *testing.T) {}\n",
	}, "example.com/mit")
	for _, tests := range []bool{false, true} {
		res, err := licensing.Analyze(context.Background(), licensing.Options{Root: r.root, Env: r.env.Vars(), Classifier: shared, Now: now, Tests: tests})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range res.Modules {
			found = found || m.Path == "example.com/gpl"
		}
		if found != tests {
			t.Errorf("tests=%v: test-only dependency listed: %v", tests, found)
		}
	}
}

func TestEnclosingWorkspaceIsIgnored(t *testing.T) {
	r := newRepo(t, nil, "example.com/mit")
	// A go.work above the repository that does not use it would make go
	// list fail ("directory is outside modules listed in go.work").
	lt.Write(t, filepath.Dir(r.root), map[string]string{"go.work": "go 1.21\n\nuse ./other\n", "other/go.mod": "module example.com/other\n\ngo 1.21\n"})
	res := r.analyze(t, licensing.Policy{})
	if got := rules(res); len(got) != 0 {
		t.Errorf("findings %q", got)
	}
	if m := module(t, res, "example.com/mit"); m.Concluded != "MIT" {
		t.Errorf("mit: %q", m.Concluded)
	}
}

func TestReuseLicensesDirectory(t *testing.T) {
	r := newRepo(t, nil, "example.com/reuse")
	res := r.analyze(t, licensing.Policy{})
	if m := module(t, res, "example.com/reuse"); m.Concluded != "BSD-3-Clause AND MIT" || m.Verdict != "allowed" {
		t.Errorf("REUSE module: %q %s", m.Concluded, m.Verdict)
	}
}
