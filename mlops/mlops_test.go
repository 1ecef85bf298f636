package mlops

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func analyze(t *testing.T, files map[string]string, ci ...string) *Result {
	t.Helper()
	fsys := fstest.MapFS{}
	var tree []File
	for p, c := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
	}
	for p, c := range files {
		tree = append(tree, File{Path: p, Size: int64(len(c))})
	}
	sortFiles(tree)
	res, err := Analyze(context.Background(), fsys, tree, Options{CIFiles: ci})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func sortFiles(fs []File) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Path < fs[j-1].Path; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

func rules(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Location.Path+" "+f.Rule)
	}
	return out
}

var (
	mib  = strings.Repeat("x", 1<<20)
	big  = mib + "more"
	huge = strings.Repeat(mib, 11)
)

const goodCard = `# Fraud model
## Intended use
Scoring card transactions.
## Limitations
Not for loans.
## Training data
2025 transactions.
## Evaluation
AUC 0.91.
`

func TestArtifactsAndCards(t *testing.T) {
	res := analyze(t, map[string]string{
		"models/fraud/model.onnx":          big, // raw in git, no card
		"models/lfs/weights.safetensors":   "version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 9\n",
		"models/attr/model.pt":             big,                     // covered by .gitattributes
		"models/attr/MODEL_CARD.md":        "# Model\n## Uses\nx\n", // incomplete
		".gitattributes":                   "models/attr/*.pt filter=lfs diff=lfs merge=lfs -text\n",
		"data/train.parquet":               huge,         // raw dataset
		"data/small.csv":                   "a,b\n1,2\n", // fixture-sized, ignored
		"testdata/tiny.onnx":               "onnx",       // fixture-sized, ignored
		"cache/blob.bin":                   big,          // not model-ish: ignored
		"hf/README.md":                     "---\nlibrary_name: transformers\npipeline_tag: text-classification\n---\n" + goodCard,
		"hf/checkpoints/pytorch_model.bin": big, // card above it
		"requirements.txt":                 "numpy==2.0\nmlflow==2.20.0\ndvc[s3]>=3\n",
	})
	got := strings.Join(rules(res), "\n")
	want := strings.Join([]string{
		"data/train.parquet mlops/data-not-versioned",
		"hf/checkpoints/pytorch_model.bin mlops/model-not-versioned",
		"models/attr/MODEL_CARD.md mlops/model-card-incomplete",
		"models/fraud/model.onnx mlops/model-card-missing",
		"models/fraud/model.onnx mlops/model-not-versioned",
		"models/lfs/weights.safetensors mlops/model-card-missing",
	}, "\n")
	if got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	storage := map[string]string{}
	for _, a := range res.Artifacts {
		storage[a.Path] = a.Storage
	}
	if storage["models/attr/model.pt"] != "lfs" || storage["models/lfs/weights.safetensors"] != "lfs-pointer" || storage["models/fraud/model.onnx"] != "git" {
		t.Errorf("storage = %v", storage)
	}
	if res.Findings[2].Evidence["missing"] != "limitations, training data, evaluation" {
		t.Errorf("missing sections = %q", res.Findings[0].Evidence["missing"])
	}
	// Versioning (dvc, LFS) and tracking (mlflow) but no pipeline: level 0.
	if res.Level != 0 {
		t.Errorf("level = %d, want 0", res.Level)
	}
}

func TestLevels(t *testing.T) {
	if res := analyze(t, map[string]string{"main.go": "package main\n", "go.mod": "module x\n"}); res.Level != -1 || len(res.Findings) != 0 {
		t.Errorf("plain repo: level %d findings %v", res.Level, rules(res))
	}
	l1 := analyze(t, map[string]string{"dvc.yaml": "stages: {}\n", "data.dvc": "outs: []\n"})
	if l1.Level != 1 {
		t.Errorf("dvc pipeline: level %d", l1.Level)
	}
	ci := "on: push\njobs:\n  m:\n    steps:\n      - run: dvc repro\n      - run: dvc metrics diff\n      - run: huggingface-cli upload org/model ./out\n"
	l2 := analyze(t, map[string]string{"dvc.yaml": "stages: {}\n", "data.dvc": "x", ".github/workflows/ml.yml": ci}, ".github/workflows/ml.yml")
	if l2.Level != 2 || len(l2.Findings) != 0 {
		t.Errorf("full pipeline: level %d findings %v", l2.Level, rules(l2))
	}
}

var wantRE = regexp.MustCompile(`# want "((?:[^"\\]|\\.)*)"`)

// TestCIRules runs the CI rule over testdata/ci: each `# want "re"` comment
// must be matched by a finding on its line, and files under ok/ must give
// nothing.
func TestCIRules(t *testing.T) {
	for _, dir := range []string{"testdata/ci", "testdata/ci/ok"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			p := filepath.ToSlash(filepath.Join(dir, e.Name()))
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			res := analyze(t, map[string]string{p: string(src)}, p)
			wants := map[int]*regexp.Regexp{}
			for i, line := range strings.Split(string(src), "\n") {
				if m := wantRE.FindStringSubmatch(line); m != nil {
					wants[i+1] = regexp.MustCompile(strings.ReplaceAll(m[1], `\\`, `\`))
				}
			}
			if strings.Contains(p, "/ok/") && len(wants) > 0 {
				t.Errorf("%s: ok/ files must not carry want comments", p)
			}
			for _, f := range res.Findings {
				re, ok := wants[f.Location.StartLine]
				if !ok || !re.MatchString(f.Message) {
					t.Errorf("%s:%d: unexpected finding %q (%s)", p, f.Location.StartLine, f.Message, f.Rule)
					continue
				}
				delete(wants, f.Location.StartLine)
			}
			for line, re := range wants {
				t.Errorf("%s:%d: no finding matching %q", p, line, re)
			}
		}
	}
}

func TestClassify(t *testing.T) {
	for p, want := range map[string]Kind{
		"a/model.onnx": Model, "x/pytorch_model.bin": Model, "cache/x.bin": "", "models/clf.pkl": Model,
		"tmp/state.pkl": "", "data/x.parquet": Data, "d/x.csv.gz": Data, "main.go": "", "saved_model/saved_model.pb": Model,
	} {
		if got := Classify(p); got != want {
			t.Errorf("Classify(%q) = %q, want %q", p, got, want)
		}
	}
}

func FuzzModelCard(f *testing.F) {
	f.Add([]byte(goodCard))
	f.Add([]byte("---\npipeline_tag: x\n---\n# a\n"))
	f.Add([]byte("---"))
	f.Fuzz(func(t *testing.T, src []byte) {
		IsHFCard(src)
		if n := len(MissingSections(src)); n > len(Sections) {
			t.Fatalf("%d missing of %d", n, len(Sections))
		}
	})
}
