package pipeline

import (
	"strings"
	"testing"
)

// TestFileHandoverEvidence: the steps that read a config file a step
// wrote a key into, and the further steps of a $GITHUB_ENV hand-over, say
// which step handed the key over, where, and how they use it.
func TestFileHandoverEvidence(t *testing.T) {
	why := aiWhy(t, "testdata/handover")
	for step, want := range map[string][]string{
		"smoke":     {`handed over by step "write config" through ~/.config/quill/config.toml (.github/workflows/config-file.yml:14)`, `step runs "quill", whose config it is`},
		"suite":     {`handed over by step "write config" through ~/.config/quill/config.toml (.github/workflows/config-file.yml:14)`},
		"run":       {`handed over by step "write config" through ~/.config/bench/settings.toml (.github/workflows/config-file.yml:`, `step names "~/.config/bench"`},
		"translate": {`handed over by step "write key file" through conf/llm.toml (.github/workflows/config-file.yml:`, `step names "conf/llm.toml"`},
	} {
		got, ok := why[step]
		if !ok {
			t.Errorf("step %q: not an AI step", step)
			continue
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("step %q: evidence %q lacks %q", step, got, w)
			}
		}
	}
	for _, step := range []string{"write config", "write key file", "tabulate", "install", "publish", "write key"} {
		if w, ok := why[step]; ok {
			t.Errorf("step %q is an AI step (%s); want none", step, w)
		}
	}
}

func TestPyWriteTarget(t *testing.T) {
	for code, want := range map[string]string{
		`import os, pathlib; pathlib.Path(os.path.expanduser('~/.config/t/config.toml')).write_text(os.environ['K'])`: "~/.config/t/config.toml",
		`import json; json.dump({'k': 1}, open('conf/llm.json', 'w'))`:                                                "conf/llm.json",
		`open('.env.local', 'a').write('K=1')`:                                                                        ".env.local",
		`import os, openai; open('out.json', 'w').write(openai.OpenAI().models.list())`:                               "",
		`import requests; open('cfg.toml', 'w').write(requests.get('u').text)`:                                        "",
		`print(open('cfg.toml').read())`:                                                                              "",
		`import os; open(os.environ['F'], 'w').write('x')`:                                                            "",
	} {
		f := parseShell("python3 -c \"" + strings.ReplaceAll(code, `"`, `\"`) + "\"")
		calls := shellCalls(f)
		if len(calls) != 1 {
			t.Fatalf("%q: %d calls", code, len(calls))
		}
		if got := pyWriteTarget(calls[0].Call); got != want {
			t.Errorf("pyWriteTarget(%q) = %q, want %q", code, got, want)
		}
	}
}
