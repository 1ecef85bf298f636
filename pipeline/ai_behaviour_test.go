package pipeline

import (
	"os"
	"strings"
	"syscall"
	"testing"
)

const hubJob = `on: push
permissions: {contents: read}
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      HF_TOKEN: ${{ secrets.HF_TOKEN }}
    steps:
      - run: python scripts/run.py
`

// TestHubTokenDownloadVsInference: the same job and token are an AI step
// when the script calls a hosted model, and not when it only downloads.
func TestHubTokenDownloadVsInference(t *testing.T) {
	for _, c := range []struct {
		name, script string
		ai           bool
	}{
		{"download", "from huggingface_hub import snapshot_download\nsnapshot_download('gpt2')\n", false},
		{"from_pretrained", "from transformers import AutoModel\nAutoModel.from_pretrained('gpt2')\n", false},
		{"inference", "from huggingface_hub import InferenceClient\nInferenceClient().chat_completion([])\n", true},
		{"inference host", "import requests\nrequests.post('https://router.huggingface.co/v1/chat/completions')\n", true},
		{"unknown use", "import os\nprint(os.environ['HF_TOKEN'][:2])\n", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, _ := analyseStats(t, map[string]string{".github/workflows/t.yml": hubJob, "scripts/run.py": c.script})
			if got := len(res.AISteps) > 0; got != c.ai {
				t.Errorf("AI step recognised = %v, want %v (%+v)", got, c.ai, res.AISteps)
			}
		})
	}
}

// TestInvocations checks which programs a run: script is seen to run.
func TestInvocations(t *testing.T) {
	for _, c := range []struct{ run, want string }{
		{"python scripts/x.py --flag", "python:scripts/x.py"},
		{"python3 -u -m tools.label", "python:tools/label.py"},
		{"cd a && node ./bundle/cli.js --prompt \"$(cat p.txt)\"", "js:./bundle/cli.js"},
		{"go run ./cmd/x -v", "go:./cmd/x"},
		{"bash scripts/a.sh | tee out", "shell:scripts/a.sh"},
		{"uv run scripts/y.py", "python:scripts/y.py"},
		{"npx tsx src/z.ts", "js:src/z.ts"},
		{"./scripts/run.sh", "shell:./scripts/run.sh"},
		{"X=${{ github.event.issue.title }} python a/b.py", "python:a/b.py"},
		{"python -c 'import openai'", "python:"},
		{"echo hi", ""},
	} {
		a := newAnalysis(nil, nil, Options{})
		s := &Step{Run: c.run}
		var got []string
		for _, inv := range a.invocations(s) {
			got = append(got, inv.Lang+":"+inv.Path)
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("invocations(%q) = %v, want %s", c.run, got, c.want)
		}
	}
}

// TestScriptReadIsBounded: scripts named by run: steps are read through
// the fs.FS, regular files only, capped; a FIFO or a path out of the
// repository is not read and does not block.
func TestScriptReadIsBounded(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(dir+"/.github/workflows", 0o755))
	must(os.MkdirAll(dir+"/s", 0o755))
	must(syscall.Mkfifo(dir+"/s/fifo.py", 0o644))
	must(os.WriteFile(dir+"/s/big.py", []byte(strings.Repeat("#", 2*maxScriptBytes)+"\nimport openai\n"), 0o644))
	must(os.Symlink("/dev/zero", dir+"/s/zero.py"))
	must(os.WriteFile(dir+"/.github/workflows/w.yml", []byte(`on: push
permissions: {contents: read}
jobs:
  j:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: python s/fifo.py
      - run: python s/big.py
      - run: python s/zero.py
      - run: python ../../etc/passwd.py
`), 0o644))
	res := analyseDir(t, dir)
	if len(res.AISteps) != 0 {
		t.Errorf("AI steps from unreadable or capped scripts: %+v", res.AISteps)
	}
}
