package pipeline

import (
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
)

// TestCostSeverity: timeouts and concurrency keep their severity only for
// costly jobs and drop to info for the rest; a timeout whose only cost is a
// pull-request trigger is info too.
func TestCostSeverity(t *testing.T) {
	res, _ := analyseStats(t, map[string]string{
		".github/workflows/push.yml": "on: push\npermissions: {contents: read}\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make lint\n",
		".github/workflows/pr.yml":   "on: pull_request\npermissions: {contents: read}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
		".github/workflows/mx.yml":   "on: push\npermissions: {contents: read}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy: {matrix: {go: [a, b]}}\n    steps:\n      - run: make test\n",
		".github/workflows/big.yml":  "on: push\npermissions: {contents: read}\njobs:\n  build:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: make\n",
	})
	want := map[string]finding.Severity{
		"push.yml " + missingTimeout.ID: finding.Info, "push.yml " + missingConcurrency.ID: finding.Info,
		"pr.yml " + missingTimeout.ID: finding.Info, "pr.yml " + missingConcurrency.ID: finding.Low,
		"mx.yml " + missingTimeout.ID: finding.Low, "mx.yml " + missingConcurrency.ID: finding.Low,
		"big.yml " + missingTimeout.ID: finding.Low, "big.yml " + missingConcurrency.ID: finding.Low,
	}
	got := map[string]finding.Severity{}
	for _, f := range res.Findings {
		if f.Rule == missingTimeout.ID || f.Rule == missingConcurrency.ID {
			got[f.Location.Path[len(".github/workflows/"):]+" "+f.Rule] = f.Severity
			if f.Severity == finding.Info && !finding.IsPedantic(&f) {
				t.Errorf("%s %s: info but not marked pedantic", f.Location.Path, f.Rule)
			}
		}
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s: severity %v (found %v), want %v", k, g, ok, w)
		}
	}
}

// TestFixturesAndUnusedActions: files under testdata/ or fixtures/ are not
// pipeline files, and an action.yml no workflow uses is not analysed, but
// one a workflow uses and the repository's root action are.
func TestFixturesAndUnusedActions(t *testing.T) {
	for p, want := range map[string]Kind{
		"testdata/x/action.yml":             "",
		"internal/fixtures/a/action.yaml":   "",
		"tests/test-data/bad/action.yml":    "",
		".github/actions/setup/action.yml":  Action,
		"action.yml":                        Action,
		".github/workflows/ci.yml":          GitHub,
		"testdata/.github/workflows/ci.yml": "",
	} {
		if got := KindOf(p); got != want {
			t.Errorf("KindOf(%q) = %q, want %q", p, got, want)
		}
	}
	unpinned := "runs:\n  using: composite\n  steps:\n    - uses: some/action@v1\n      with: {x: y}\n"
	res, _ := analyseStats(t, map[string]string{
		".github/workflows/ci.yml":        "on: push\npermissions: {contents: read}\njobs:\n  j:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - uses: ./.github/actions/used\n",
		".github/actions/used/action.yml": unpinned,
		".github/actions/old/action.yml":  unpinned,
		"action.yml":                      unpinned,
	})
	seen := map[string]bool{}
	for _, f := range res.Findings {
		if f.Rule == unpinnedAction.ID {
			seen[f.Location.Path] = true
		}
	}
	if !seen[".github/actions/used/action.yml"] || !seen["action.yml"] || seen[".github/actions/old/action.yml"] {
		t.Errorf("unpinned-action findings in %v; want the used and the root action only", seen)
	}
}

// TestFirstPartyTag: GitHub's own actions on a version tag are pedantic;
// branches, SHAs' absence on other owners, and look-alike owners are not.
func TestFirstPartyTag(t *testing.T) {
	for uses, want := range map[string]bool{
		"actions/checkout@v4":          true,
		"actions/setup-go@v5.0.2":      true,
		"github/codeql-action/init@v3": true,
		"Actions/cache@4.1.0-beta":     true,
		"actions/checkout@main":        false,
		"actions/checkout@releases/v1": false,
		"actions/checkout":             false,
		"actions-rs/toolchain@v1":      false,
		"tj-actions/changed-files@v45": false,
		"githubx/tool@v1":              false,
	} {
		if got := firstPartyTag(uses); got != want {
			t.Errorf("firstPartyTag(%q) = %v, want %v", uses, got, want)
		}
	}
	res, _ := analyseStats(t, map[string]string{
		".github/workflows/ci.yml": "on: push\npermissions: {contents: read}\njobs:\n  j:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/cache@main\n      - uses: some/action@v1\n",
	})
	got := map[string]finding.Severity{}
	for _, f := range res.Findings {
		if f.Rule == unpinnedAction.ID {
			got[f.Evidence["uses"]] = f.Severity
			if f.Severity == finding.Info != finding.IsPedantic(&f) {
				t.Errorf("%s: severity %v, pedantic %v", f.Evidence["uses"], f.Severity, finding.IsPedantic(&f))
			}
		}
	}
	want := map[string]finding.Severity{"actions/checkout@v4": finding.Info, "actions/cache@main": finding.Medium, "some/action@v1": finding.Medium}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: severity %v, want %v", k, got[k], w)
		}
	}
}
