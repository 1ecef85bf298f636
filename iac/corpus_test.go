package iac

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCorpus runs the analysis on real Terraform repositories listed in
// $TOLLGATE_TF_CORPUS (directories separated by the OS list separator) and
// logs what it found: parse errors, modules, instances, verdicts. It is
// skipped when the variable is unset: the repositories are fetched at run
// time, never committed (see bench/terraform.sh).
func TestCorpus(t *testing.T) {
	env := os.Getenv("TOLLGATE_TF_CORPUS")
	if env == "" {
		t.Skip("TOLLGATE_TF_CORPUS not set")
	}
	for _, dir := range filepath.SplitList(env) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			fsys := os.DirFS(dir)
			var files []string
			fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && Owns(p) {
					files = append(files, p)
				}
				if d != nil && d.IsDir() && (d.Name() == ".git" || d.Name() == ".terraform") {
					return fs.SkipDir
				}
				return nil
			})
			slices.Sort(files)
			res, err := Analyze(context.Background(), fsys, files, Options{Required: []string{"cost-center", "owner"}, ProviderCoverage: true})
			if err != nil {
				t.Fatal(err)
			}
			rules := map[string]int{}
			for _, f := range res.Findings {
				rules[f.Rule]++
				if f.Rule == "parse/error" {
					t.Errorf("parse error: %s %s", f.Location, f.Message)
				}
			}
			status := map[string]int{}
			for _, r := range res.Resources {
				status[r.Status]++
			}
			t.Logf("files %d, parsed %d, modules %d, instances %d, calls not followed %d, resources %d, not created %d",
				len(files), len(res.Files), len(res.Modules), res.Instances, res.CallsNotFollowed, len(res.Resources), res.NotCreated)
			t.Logf("verdicts %v; rules %v; coverage %+v; inventory %d", status, rules, res.Coverage, len(res.Inventory))
			if os.Getenv("TOLLGATE_TF_DUMP") != "" {
				for _, r := range res.Resources {
					if r.Status == statusUnknown || r.Status == statusPass {
						t.Logf("%s %s %s", r.Status, r.Location, r.Address)
					}
				}
				for _, a := range res.Inventory {
					t.Logf("ai %s %s %s %s %s", a.Location, a.Address, a.Module, a.Why, a.TagStatus)
				}
			}
		})
	}
}
