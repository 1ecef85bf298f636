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
		"smoke":      {`handed over by step "write config" through ~/.config/quill/config.toml (.github/workflows/config-file.yml:14)`, `step runs "quill", whose config it is`},
		"suite":      {`handed over by step "write config" through ~/.config/quill/config.toml (.github/workflows/config-file.yml:14)`},
		"run":        {`handed over by step "write config" through ~/.config/bench/settings.toml (.github/workflows/config-file.yml:`, `step names "~/.config/bench"`},
		"translate":  {`handed over by step "write key file" through conf/llm.toml (.github/workflows/config-file.yml:`, `step names "conf/llm.toml"`},
		"quick test": {`handed over by step "export keys" through $GITHUB_ENV (.github/workflows/config-file.yml:`},
		"optimise":   {`handed over by step "export keys" through $GITHUB_ENV`, `step carries model "anthropic/claude-haiku-4-5"`},
		"judge":      {`handed over by step "export keys" through $GITHUB_ENV`, `step names "$OPENAI_API_KEY"`},
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
	for _, step := range []string{"write config", "write key file", "export keys", "show prompt", "coverage", "tabulate", "install", "publish", "summary", "write key"} {
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

func TestShowsOnlyAndModel(t *testing.T) {
	a := newAnalysis(nil, nil, Options{})
	for run, want := range map[string]bool{
		`python -m tuner show-prompt --model "$MODEL"`:  true,
		"python -m acme --version\nnpx llm models list": true,
		"npx acme config show":                          true,
		`python -m tuner quick-test --model "$MODEL"`:   false,
		"echo hi":                  false,
		"acme --version\nacme run": false,
	} {
		if got := a.showsOnly(&Step{Run: run}); got != want {
			t.Errorf("showsOnly(%q) = %v, want %v", run, got, want)
		}
	}
	for _, c := range []struct {
		env  []KV
		run  string
		want string
	}{
		{[]KV{{Key: "MODEL", Value: "${{ inputs.model || 'anthropic/claude-haiku-4-5' }}"}}, "", "anthropic/claude-haiku-4-5"},
		{[]KV{{Key: "EVAL_MODEL", Value: "gpt-4o-mini"}}, "", "gpt-4o-mini"},
		{nil, "run.py --model gemini-2.5-pro", "gemini-2.5-pro"},
		{[]KV{{Key: "MODEL", Value: "local/test"}}, "", ""},
		{[]KV{{Key: "NAME", Value: "claude-haiku-4-5"}}, "", ""},
	} {
		got := carriedModel(&Step{Env: c.env, Run: c.run})
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("carriedModel(%v, %q) = %q, want %q", c.env, c.run, got, c.want)
		}
	}
}

// TestHandoverNegatives: the ok/handover workflows (a never-running
// Windows step, installs under a job-level key, an unread key file) hold
// no AI step; the ok/ comparison leaves the inventory out.
func TestHandoverNegatives(t *testing.T) {
	for _, s := range analyseDir(t, "testdata/ok/handover").AISteps {
		t.Errorf("unexpected AI step %s:%d (%s)", s.Pos.Path, s.Pos.Line, s.Via)
	}
}
