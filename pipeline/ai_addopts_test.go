package pipeline

import (
	"slices"
	"strings"
	"testing"
)

func TestIniValue(t *testing.T) {
	for _, c := range []struct {
		src, section, want string
		ok                 bool
	}{
		{"[tool.pytest.ini_options]\naddopts = \"-m 'not live'\"\n", "[tool.pytest.ini_options]", "-m 'not live'", true},
		{"[pytest]\naddopts =\n    -ra\n    -m \"not integration\"\n[other]\nx = 1\n", "[pytest]", "-ra -m \"not integration\"", true},
		{"[tool.pytest.ini_options]\naddopts = [\n  \"-m\",\n  \"not live\",\n]\n", "[tool.pytest.ini_options]", "'-m' 'not live'", true},
		{"[project]\naddopts = \"-m live\"\n", "[tool.pytest.ini_options]", "", false},
		{"[pytest]\nmarkers = live\n", "[pytest]", "", true},
	} {
		got, ok := iniValue(c.src, c.section, "addopts")
		if got != c.want || ok != c.ok {
			t.Errorf("iniValue(%q) = %q, %v; want %q, %v", c.src, got, ok, c.want, c.ok)
		}
	}
	if got, want := splitArgs(`-m 'not live' -k "a b"`), []string{"-m", "not live", "-k", "a b"}; !slices.Equal(got, want) {
		t.Errorf("splitArgs = %q, want %q", got, want)
	}
	if !deselectsLive(splitArgs("-m 'not live_provider'")) {
		t.Error("addopts deselecting live tests not read")
	}
}

// FuzzIniValue: the pytest configuration reader never panics and returns
// no value for a file without the section.
func FuzzIniValue(f *testing.F) {
	f.Add("[tool.pytest.ini_options]\naddopts = [\"-m\", \"not live\"]\n")
	f.Add("[pytest]\naddopts =\n  -m 'not x'\n")
	f.Fuzz(func(t *testing.T, src string) {
		v, ok := iniValue(src, "[pytest]", "addopts")
		if !ok && v != "" {
			t.Fatalf("value %q without the section", v)
		}
		if !strings.Contains(src, "[pytest]") && ok {
			t.Fatal("section found that is not there")
		}
		splitArgs(v)
	})
}
