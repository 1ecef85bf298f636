package pipeline

import (
	"os"
	"testing"
)

func TestGeminiPolicyBounded(t *testing.T) {
	b, err := os.ReadFile("testdata/ok/bundle/tools/ci-policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	rules := parseGeminiPolicy(string(b))
	if len(rules) != 3 || rules[2].Decision != "deny" || len(rules[0].Prefixes) != 2 {
		t.Fatalf("parsed %+v", rules)
	}
	if is := judgeGeminiPolicy(rules); len(is) != 0 {
		t.Errorf("bounded policy judged unbounded: %+v", is)
	}
	// A deny rule of higher priority overrides an allow rule.
	rules = parseGeminiPolicy("[[rule]]\ntoolName = \"run_shell_command\"\ndecision = \"allow\"\n[[rule]]\ntoolName = \"run_shell_command\"\ndecision = \"deny\"\npriority = 5\n")
	if is := judgeGeminiPolicy(rules); len(is) != 0 {
		t.Errorf("denied shell judged unbounded: %+v", is)
	}
}

func FuzzGeminiPolicy(f *testing.F) {
	for _, s := range []string{"[[rule]]\ntoolName = [\"run_shell_command\",\n \"write_file\"]\ndecision = \"allow\" # c\n", "[[rule]]\ncommandPrefix = 'a#b'\ncommandRegex = \"[\"\n", "[[rule]]\ntoolName = [\"x\"", "priority = 9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := len(splitLines(s))
		for _, is := range judgeGeminiPolicy(parseGeminiPolicy(s)) {
			if is.Line < 1 || is.Line > n {
				t.Fatalf("line %d out of range 1..%d", is.Line, n)
			}
		}
	})
}

func splitLines(s string) []string {
	out := []string{""}
	for _, c := range s {
		if c == '\n' {
			out = append(out, "")
		}
	}
	return out
}
