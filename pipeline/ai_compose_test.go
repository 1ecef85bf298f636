package pipeline

import (
	"slices"
	"strings"
	"testing"
)

func TestParseCompose(t *testing.T) {
	src := `services:
  a:
    environment:
      OPENAI_API_KEY: ${OPENAI_API_KEY}
      BARE:
      DEFAULTED: ${HF_TOKEN:-none}
      ESCAPED: $$NOT_A_VAR
      FIXED: value
  b:
    environment:
      - ANTHROPIC_API_KEY
      - X=$GEMINI_API_KEY
      - LOG=debug
    env_file: [one.env, {path: two.env}]
  c: &c
    env_file: three.env
  d: *c
`
	svcs := parseCompose([]byte(src))
	vars := func(n string) []string {
		var out []string
		for _, v := range svcs[n].Env {
			out = append(out, v.Var)
		}
		return out
	}
	if got, want := vars("a"), []string{"OPENAI_API_KEY", "BARE", "HF_TOKEN"}; !slices.Equal(got, want) {
		t.Errorf("a env = %q, want %q", got, want)
	}
	if got, want := vars("b"), []string{"ANTHROPIC_API_KEY", "GEMINI_API_KEY"}; !slices.Equal(got, want) {
		t.Errorf("b env = %q, want %q", got, want)
	}
	var files []string
	for _, f := range svcs["b"].EnvFiles {
		files = append(files, f.Var)
	}
	if want := []string{"one.env", "two.env"}; !slices.Equal(files, want) {
		t.Errorf("b env files = %q, want %q", files, want)
	}
	if svcs["a"].Env[0].Line != 4 {
		t.Errorf("a line = %d, want 4", svcs["a"].Env[0].Line)
	}
	if len(svcs["d"].EnvFiles) != 0 {
		t.Error("an alias was followed")
	}
	for _, bad := range []string{"", "- a\n- b\n", "services: [x]\n", "services:\n  x: 1\n", "\x00", "services: {a: {environment: [[1]]}}"} {
		for _, s := range parseCompose([]byte(bad)) {
			if len(s.Env) != 0 || len(s.EnvFiles) != 0 {
				t.Errorf("parseCompose(%q) found env", bad)
			}
		}
	}
}

func TestEnvLineVars(t *testing.T) {
	for line, want := range map[string]string{
		"OPENAI_API_KEY":        "OPENAI_API_KEY",
		"export OPENAI_API_KEY": "OPENAI_API_KEY",
		"KEY=${OPENAI_API_KEY}": "OPENAI_API_KEY",
		"KEY=$OPENAI_API_KEY":   "OPENAI_API_KEY",
		"KEY=literal":           "",
		"# OPENAI_API_KEY":      "",
		"not a name":            "",
		"KEY=$$OPENAI_API_KEY":  "",
		"1ABC":                  "",
	} {
		var got []string
		for _, v := range envLineVars(line, 1, "") {
			got = append(got, v.Var)
		}
		if strings.Join(got, ",") != want {
			t.Errorf("envLineVars(%q) = %q, want %q", line, got, want)
		}
	}
}

// FuzzComposeEnv: the compose reader never panics, and every variable it
// returns is a name at a line of the input.
func FuzzComposeEnv(f *testing.F) {
	seeds(f, func(p string) bool {
		return strings.HasPrefix(p, "testdata/compose/") && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml"))
	})
	f.Add([]byte("services:\n  a:\n    environment: {K: ${V}}\n    env_file: [x, {path: y}]\n"))
	f.Add([]byte("a: &a [*a]\nservices: {s: {<<: *a, environment: *a}}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := strings.Count(string(src), "\n") + 1
		for _, s := range parseCompose(src) {
			for _, v := range append(slices.Clone(s.Env), s.EnvFiles...) {
				if v.Var == "" || v.Line < 1 || v.Line > lines {
					t.Fatalf("bad variable %+v in %q", v, src)
				}
			}
		}
	})
}
