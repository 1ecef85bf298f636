package iac

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/wanttest"
	"github.com/tollgate-dev/tollgate/policy"
)

// The fixtures: testdata/want/<case>/ holds a small repository whose flagged
// lines carry `# want "regexp"` comments; testdata/ok/<case>/ holds
// repositories that must produce nothing. Each case's policy.hcl, when
// present, is the tags policy.

func runCase(t *testing.T, dir string) (*Result, error) {
	t.Helper()
	opts := Options{}
	if src, err := os.ReadFile(filepath.Join(dir, "policy.hcl")); err == nil {
		p, err := policy.Parse("policy.hcl", src)
		if err != nil {
			t.Fatalf("policy: %v", err)
		}
		opts = optionsFromPolicy(p.Tags)
	}
	fsys := os.DirFS(dir)
	var files, cfnFiles []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return fs.SkipDir // as when .gitignore lists it: read through modules.json
		}
		if d.IsDir() {
			return nil
		}
		if IsCFNCandidate(p) {
			cfnFiles = append(cfnFiles, p)
		}
		if !Owns(p) {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	res, err := Analyze(context.Background(), fsys, files, opts)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	// CloudFormation templates beside the Terraform, as the scan does.
	cfn := AnalyzeCFN(fsys, cfnFiles, opts)
	res.Findings = append(res.Findings, cfn.Findings...)
	return res, nil
}

func optionsFromPolicy(tp *policy.Tags) Options {
	var o Options
	if tp == nil {
		return o
	}
	o.Required = tp.Required
	o.ProviderCoverage = tp.ProviderCoverage != nil && *tp.ProviderCoverage
	for _, v := range tp.Values {
		vr := ValueRule{Key: v.Key, Allowed: v.Allowed}
		if v.Pattern != nil {
			vr.Pattern = regexp.MustCompile(*v.Pattern)
		}
		o.Values = append(o.Values, vr)
	}
	return o
}

// TestWant and TestOK run the fixtures through the shared want helper: each
// case is one repository analysed as a whole, and the findings of each of
// its files are checked against that file's want comments.
func TestWant(t *testing.T) { runFixtures(t, "testdata/want/*") }

func TestOK(t *testing.T) { runFixtures(t, "testdata/ok/*") }

func runFixtures(t *testing.T, glob string) {
	cases, _ := filepath.Glob(glob)
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res, _ := runCase(t, dir)
			wanttest.Run(t, dir, func(path string, _ []byte) []finding.Finding {
				var out []finding.Finding
				for _, f := range res.Findings {
					if f.Location.Path == path {
						out = append(out, f)
					}
				}
				return out
			})
		})
	}
}
