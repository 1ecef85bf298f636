package licensing_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/licensing"
	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

func shippedText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "shipped", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLicenseTextsAsShipped: source-available licenses in the form
// projects ship them (parameters filled in, rewrapped, with a Commons
// Clause rider, PolyForm in Markdown) are recognized, categorized, and
// caught by a deny list naming them.
func TestLicenseTextsAsShipped(t *testing.T) {
	cases := []struct {
		file, path, expr string
	}{
		{"BUSL-1.1-hashicorp.txt", "example.com/busl", "BUSL-1.1"},
		{"Elastic-2.0-plain.txt", "example.com/elastic", "Elastic-2.0"},
		{"SSPL-1.0-rewrapped.txt", "example.com/sspl", "SSPL-1.0"},
		{"Commons-Clause-Apache-2.0.txt", "example.com/ccapache", "Apache-2.0 AND LicenseRef-Commons-Clause"},
		{"MIT-Commons-Clause.txt", "example.com/ccmit", "LicenseRef-Commons-Clause AND MIT"},
		{"PolyForm-Noncommercial-1.0.0.md", "example.com/polync", "PolyForm-Noncommercial-1.0.0"},
		{"PolyForm-Shield-1.0.0.md", "example.com/polyshield", "LicenseRef-PolyForm-Shield-1.0.0"},
	}
	dir := t.TempDir()
	var mods []lt.Module
	var pkgs []string
	for _, c := range cases {
		mods = append(mods, lt.Module{Path: c.path, Version: "v1.0.0", Files: map[string]string{"LICENSE": shippedText(t, c.file)}})
		pkgs = append(pkgs, c.path)
	}
	// A README that names BUSL-1.1 in a title is not the license.
	mods = append(mods, lt.Module{Path: "example.com/mentions", Version: "v1.0.0", Files: map[string]string{
		"LICENSE": "Business Source License 1.1\n\nThis project will move to the Business Source License 1.1 next year.\n",
	}})
	pkgs = append(pkgs, "example.com/mentions")
	env := lt.Proxy(t, dir, mods)
	root := filepath.Join(dir, "repo")
	lt.Write(t, root, map[string]string{"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": lt.Main(pkgs...)})
	env.Go(t, root, "mod", "tidy")

	deny := []string{"BUSL-1.1", "Elastic-2.0", "SSPL-1.0", "LicenseRef-Commons-Clause", "PolyForm-Noncommercial-1.0.0", "LicenseRef-PolyForm-Shield-1.0.0"}
	for _, policy := range []licensing.Policy{{}, {Deny: deny}} {
		res, err := licensing.Analyze(context.Background(), licensing.Options{Root: root, Env: env.Vars(), Classifier: shared, Policy: policy, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*licensing.ModuleResult{}
		for _, m := range res.Modules {
			got[m.Path] = m
		}
		for _, c := range cases {
			m := got[c.path]
			if m == nil {
				t.Fatalf("%s missing from the graph", c.path)
			}
			if m.Concluded != c.expr || m.Category != licensing.Forbidden || m.NeedsReview {
				t.Errorf("%s: %q %s needs-review=%v, want %q forbidden without review", c.file, m.Concluded, m.Category, m.NeedsReview, c.expr)
			}
			want := licensing.VerdictNotAllowed
			if len(policy.Deny) > 0 {
				want = licensing.VerdictDenied
			}
			if m.Verdict != want {
				t.Errorf("%s with deny %v: verdict %s, want %s", c.file, policy.Deny, m.Verdict, want)
			}
		}
		if m := got["example.com/mentions"]; m == nil || strings.Contains(m.Concluded, "BUSL") {
			t.Errorf("a mention of BUSL-1.1 taken for its text: %+v", m)
		}
	}
}
