package pipeline

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestHatchEnvs(t *testing.T) {
	b, err := os.ReadFile("testdata/hatch/pyproject.toml")
	if err != nil {
		t.Fatal(err)
	}
	envs := parseHatchEnvs(string(b), "tool.hatch.envs.", nil)
	for _, c := range []struct{ env, name, want string }{
		{"test", "unit", `pytest -m "not integration" {args:tests}`},
		{"test", "all", "unit|integration"},
		{"test", "snippets", "python scripts/snippets.py {args}"}, // from the template
		{"docs-env", "build", "python scripts/snippets.py --build"},
		{"test", "none", ""},
	} {
		if got := strings.Join(hatchScript(envs, c.env, c.name), "|"); got != c.want {
			t.Errorf("%s:%s = %q, want %q", c.env, c.name, got, c.want)
		}
	}
	if envs["test"].Template != "default" {
		t.Errorf("template = %q", envs["test"].Template)
	}
	for in, want := range map[string]string{
		"pytest {args:tests}":          "pytest x y",
		"ruff {args} && ruff {args:.}": "ruff x y && ruff x y",
	} {
		if got := hatchArgs(in, []string{"x", "y"}); got != want {
			t.Errorf("hatchArgs(%q) = %q, want %q", in, got, want)
		}
	}
	if got := hatchArgs("pytest {args:tests}", nil); got != "pytest tests" {
		t.Errorf("default args: %q", got)
	}
}

func TestDeselectsLive(t *testing.T) {
	for args, want := range map[string]bool{
		"-m|not integration":                true,
		"-m|not model_backend and not slow": true,
		"-m|integration and not slow":       false,
		"-m|not slow":                       false,
		"-m|aiohttp":                        false,
		"tests":                             false,
		"-m|not (llm or live)":              false, // grouping is not read: kept as a live run
	} {
		if got := deselectsLive(strings.Split(args, "|")); got != want {
			t.Errorf("deselectsLive(%q) = %v, want %v", args, got, want)
		}
	}
}

// FuzzHatchEnvs: the hatch table reader never panics and keeps only
// commands it read from the text.
func FuzzHatchEnvs(f *testing.F) {
	if b, err := os.ReadFile("testdata/hatch/pyproject.toml"); err == nil {
		f.Add(string(b))
	}
	f.Add("[envs.\"a\nb\".scripts]\nx = [\"y\",\n# c\n'z']\n")
	f.Add("[tool.hatch.envs.\"\nx = \"\n[[tool.hatch.envs.a.scripts]]\n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range []string{"tool.hatch.envs.", "envs."} {
			for _, e := range parseHatchEnvs(text, p, nil) {
				for _, cmds := range e.Scripts {
					if slices.Contains(cmds, "") {
						t.Fatalf("empty command from %q", text)
					}
				}
				_ = hatchScript(map[string]*hatchEnv{"default": e}, "x", "y")
			}
		}
	})
}
