package pipeline

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNoLiveTestsFixture: the ok/nocall-tests steps (a conftest.py option
// that skips the model tests, a deselecting `-m`, live tests skipped
// unless a flag is given, a marker no test carries, an import check) hold
// no AI step; the ok/ comparison leaves the inventory out, so it is
// checked here. The same repository's nocall-tests fixture keeps the
// runs that select the live tests.
func TestNoLiveTestsFixture(t *testing.T) {
	for _, s := range analyseDir(t, "testdata/ok/nocall-tests").AISteps {
		t.Errorf("unexpected AI step %s:%d (%s)", s.Pos.Path, s.Pos.Line, s.Step)
	}
	var got []string
	for _, s := range analyseDir(t, "testdata/nocall-tests").AISteps {
		got = append(got, s.Step)
	}
	want := []string{"Models only", "Default mode", "Live asked for", "A marker tests carry", "Completions", "Completions again"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("AI steps (-want +got):\n%s", d)
	}
}

func TestParseSkipBranches(t *testing.T) {
	b, err := os.ReadFile("testdata/ok/nocall-tests/test/conftest.py")
	if err != nil {
		t.Fatal(err)
	}
	branches := parseSkipBranches(string(b))
	for _, c := range []struct {
		given       string
		skips, keep string
	}{
		{"", "slow", ""},
		{"--offline", "needs_network model_backend", ""},
		{"--models-only", "", "model_backend"},
		{"--everything", "", ""},
		{"--offline --models-only", "", "model_backend"},
	} {
		given := map[string]bool{}
		for _, g := range strings.Fields(c.given) {
			given[g] = true
		}
		s, k := takenSkips(branches, given)
		if strings.Join(s, " ") != c.skips || strings.Join(k, " ") != c.keep {
			t.Errorf("options %q: skips %q keeps %q, want %q %q", c.given, s, k, c.skips, c.keep)
		}
	}
	neg := parseSkipBranches("def pytest_collection_modifyitems(config, items):\n    if not config.getoption(\"--live\"):\n        for item in items:\n            if \"llm\" in item.keywords:\n                item.add_marker(pytest.mark.skip())\n\ndef other():\n    if config.getoption(\"--x\"):\n        pass\n")
	if s, _ := takenSkips(neg, nil); strings.Join(s, " ") != "llm" {
		t.Errorf("negated option not given: skips %q, want llm", s)
	}
	if s, _ := takenSkips(neg, map[string]bool{"--live": true}); len(s) != 0 {
		t.Errorf("negated option given: skips %q, want none", s)
	}
}

func TestPytestWords(t *testing.T) {
	for in, want := range map[string]string{
		"pytest -x tests":                     "pytest -x tests",
		"uv run pytest tests":                 "pytest tests",
		"poetry run python -m pytest -m live": "pytest -m live",
		"uv run coverage run -m pytest tests": "pytest tests",
		"python scripts/x.py":                 "",
		"npm test":                            "",
	} {
		if got := strings.Join(pytestWords(strings.Fields(in)), " "); got != want {
			t.Errorf("pytestWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTestPaths(t *testing.T) {
	got := testPaths(strings.Fields(`-m live -n auto --ignore x.py tests/a tests/b.py::test_x .`), "py")
	if d := cmp.Diff([]string{"py/tests/a", "py/tests/b.py", "py"}, got); d != "" {
		t.Errorf("testPaths (-want +got):\n%s", d)
	}
	if got := testPaths(nil, ""); !cmp.Equal(got, []string{"."}) {
		t.Errorf("testPaths with no path = %q", got)
	}
}

func FuzzSkipBranches(f *testing.F) {
	for _, s := range []string{
		"def pytest_collection_modifyitems(config, items):\n    if config.getoption(\"--a\"):\n        if \"m\" in item.keywords: item.add_marker(skip)\n    else:\n        x\n",
		"def pytest_collection_modifyitems(c, i):\n\tif not config.option.run_live:\n\t\tget_closest_marker('x') skip add_marker\n",
		"def pytest_collection_modifyitems(",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bs := parseSkipBranches(s)
		takenSkips(bs, map[string]bool{"--a": true})
	})
}
