package mlops

import (
	"context"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/wanttest"
	"github.com/tollgate-dev/tollgate/pipeline"
	"github.com/tollgate-dev/tollgate/report"
)

// repo is an in-memory repository for Analyze.
type repo struct {
	files map[string]string
	gates *report.GateInventory
}

func run(t *testing.T, r repo) *Result {
	t.Helper()
	fsys := fstest.MapFS{}
	var tree []File
	var ci []string
	for p, c := range r.files {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
		tree = append(tree, File{Path: p, Size: int64(len(c))})
		if pipeline.KindOf(p) != "" {
			ci = append(ci, p)
		}
	}
	slices.SortFunc(tree, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	slices.Sort(ci)
	opts := Options{Gates: r.gates}
	if len(ci) > 0 {
		pres, err := pipeline.Analyze(context.Background(), fsys, ci, pipeline.Options{})
		if err != nil {
			t.Fatal(err)
		}
		opts.Pipelines = pres.Pipelines
		if opts.Gates == nil {
			opts.Gates = pres.Gates
		}
	}
	res, err := Analyze(context.Background(), fsys, tree, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func analyze(t *testing.T, files map[string]string) *Result {
	t.Helper()
	return run(t, repo{files: files})
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
		"models/fraud/model.onnx":        big, // raw in git, no card
		"models/lfs/weights.safetensors": "version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 9\n",
		"models/attr/model.pt":           big,                     // covered by .gitattributes
		"models/attr/MODEL_CARD.md":      "# Model\n## Uses\nx\n", // incomplete
		".gitattributes":                 "models/attr/** filter=lfs diff=lfs merge=lfs -text\n",
		"models/lfs/README.md":           "---\nlibrary_name: transformers\n---\n" + goodCard,
		"data/train.parquet":             huge,
		"data/small.csv":                 "a,b\n1,2\n",
		"clf/classifier.joblib":          strings.Repeat(mib, 3), // a 3 MB joblib model, no model word in its name
	})
	got := rules(res)
	want := []string{
		"clf/classifier.joblib mlops/model-card-missing",
		"clf/classifier.joblib mlops/model-not-versioned",
		"data/train.parquet mlops/data-not-versioned",
		"models/attr/MODEL_CARD.md mlops/model-card-incomplete",
		"models/fraud/model.onnx mlops/model-card-missing",
		"models/fraud/model.onnx mlops/model-not-versioned",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	if res.ArtifactsFrom != "work-tree" {
		t.Errorf("artifacts from %q, want work-tree outside git", res.ArtifactsFrom)
	}
	if len(res.Cards) != 2 {
		t.Errorf("cards %v", res.Cards)
	}
}

func TestCheckSections(t *testing.T) {
	for _, tc := range []struct {
		name, src      string
		missing, empty []string
	}{
		{"full", goodCard, nil, nil},
		{"subsection fills", "## Uses\n### Direct use\nScoring.\n## Limitations\nx\n## Training data\nx\n## Evaluation\nx\n", nil, nil},
		{"all empty", "## Uses\n[More Information Needed]\n## Limitations\n<!-- fill -->\n## Training data\n- **Dataset:** [More Information Needed]\n## Evaluation\nTODO\n", nil, []string{"intended use", "limitations", "training data", "evaluation"}},
		{"front matter is not text", "---\nlicense: mit\n---\n## Uses\n## Limitations\n## Training data\n## Evaluation\n", nil, []string{"intended use", "limitations", "training data", "evaluation"}},
		{"heading in a code fence", "## Uses\n```\n## Limitations\n```\n", []string{"limitations", "training data", "evaluation"}, nil},
		{"none", "# A model\nIt is good.\n", []string{"intended use", "limitations", "training data", "evaluation"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, e := CheckSections([]byte(tc.src))
			if !slices.Equal(m, tc.missing) || !slices.Equal(e, tc.empty) {
				t.Errorf("missing %q empty %q, want %q %q", m, e, tc.missing, tc.empty)
			}
		})
	}
}

// mlRepo is a repository at stage 1: a DVC pipeline whose train stage
// outputs the model, locked in dvc.lock, with its data tracked by DVC.
func mlRepo(extra map[string]string) map[string]string {
	files := map[string]string{
		"dvc.yaml": `stages:
  prepare:
    cmd: python src/prepare.py data/raw.csv
    deps: [data/raw.csv, src/prepare.py]
    outs: [data/prepared]
  train:
    cmd: python src/train.py data/prepared model.pkl
    deps: [data/prepared, src/train.py]
    outs: [model.pkl]
`,
		"dvc.lock":         "schema: '2.0'\n",
		"data/raw.csv.dvc": "outs:\n- md5: ab\n  path: raw.csv\n",
		"src/train.py":     "import pickle\n",
		"params.yaml":      "train:\n  seed: 1\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	return files
}

const scheduledTraining = `on:
  schedule:
    - cron: "0 3 * * 1"
  pull_request:
jobs:
  train:
    runs-on: ubuntu-latest
    steps:
      - run: dvc repro
  evaluate:
    needs: train
    runs-on: ubuntu-latest
    steps:
      - run: python check_metrics.py --min-auc 0.9
  deploy:
    needs: evaluate
    runs-on: ubuntu-latest
    steps:
      - run: gcloud ai endpoints deploy-model 123 --model=m
`

const wf = ".github/workflows/ml.yml"

// inventory is what the pipeline package reports for scheduledTraining:
// an evaluation gate in job evaluate that blocks the model deploy.
func inventory(placebo string, gated bool) *report.GateInventory {
	g := report.QualityGate{Location: finding.Location{Path: wf, StartLine: 14}, Pipeline: wf, Job: "evaluate",
		Step: "check metrics", Kind: "evaluation", Tool: "python", Placebo: placebo, Blocks: []string{wf + "#deploy"}, Blocking: placebo == ""}
	d := report.Deploy{Location: finding.Location{Path: wf, StartLine: 19}, Pipeline: wf, Job: "deploy", Kind: "endpoint",
		What: "gcloud ai endpoints deploy-model", Model: true, Triggers: []string{"pull_request", "schedule"}}
	if gated {
		d.GatedBy = []string{"evaluation"}
	}
	return &report.GateInventory{Gates: []report.QualityGate{g}, Deploys: []report.Deploy{d}}
}

// withGates adds gates and deploys to an inventory.
func withGates(inv *report.GateInventory, gates []report.QualityGate, deploys []report.Deploy) *report.GateInventory {
	inv.Gates = append(inv.Gates, gates...)
	inv.Deploys = append(inv.Deploys, deploys...)
	return inv
}

const monitor = `from evidently.report import Report
from evidently.metric_preset import DataDriftPreset

report = Report(metrics=[DataDriftPreset()])
send_alert(channel="#ml", text="drift")
`

func TestStages(t *testing.T) {
	for _, tc := range []struct {
		name    string
		r       repo
		level   int
		reached []bool // levels 1 to 4
		cap     string
		// missing3 must be in level 3's missing line.
		missing3 string
		rules    []string
	}{
		{
			name:  "two package names do not raise the stage",
			r:     repo{files: map[string]string{"requirements.txt": "mlflow\ndvc\n"}},
			level: 0, reached: []bool{false, false, false, false},
			rules: []string{"requirements.txt mlops/in-name-only"},
		},
		{
			name:  "versioned pipeline",
			r:     repo{files: mlRepo(nil)},
			level: 1, reached: []bool{true, false, false, false},
			rules: []string{"dvc.yaml mlops/in-name-only"},
		},
		{
			name:  "pipeline without versioned data",
			r:     repo{files: map[string]string{"dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n    outs: [model.pkl]\n", "dvc.lock": "x: 1\n"}},
			level: 0, reached: []bool{false, false, false, false},
			rules: []string{"dvc.yaml mlops/in-name-only"},
		},
		{
			name:  "training on pull requests only is not continuous training",
			r:     repo{files: mlRepo(map[string]string{wf: strings.Replace(scheduledTraining, "  schedule:\n    - cron: \"0 3 * * 1\"\n", "", 1)}), gates: inventory("", true)},
			level: 1, reached: []bool{true, false, false, false},
			rules: []string{"dvc.yaml mlops/in-name-only"},
		},
		{
			name:  "continuous delivery",
			r:     repo{files: mlRepo(map[string]string{wf: scheduledTraining}), gates: inventory("", true)},
			level: 3, reached: []bool{true, true, true, false},
		},
		{
			name:  "monitored",
			r:     repo{files: mlRepo(map[string]string{wf: scheduledTraining, "monitor/drift.py": monitor}), gates: inventory("", true)},
			level: 4, reached: []bool{true, true, true, true},
		},
		{
			name:  "a placebo evaluation gate caps below 3",
			r:     repo{files: mlRepo(map[string]string{wf: scheduledTraining, "monitor/drift.py": monitor}), gates: withGates(inventory("", true), inventory("|| true", false).Gates, nil)},
			level: 2, reached: []bool{true, true, false, false},
			cap: "cannot fail (|| true), so the stage is capped below 3",
		},
		{
			name:  "a placebo gate alone: no eval gate, named in level 3",
			r:     repo{files: mlRepo(map[string]string{wf: scheduledTraining}), gates: inventory("|| true", false)},
			level: 1, reached: []bool{true, false, false, false},
			missing3: "cannot fail (|| true)",
			rules:    []string{".github/workflows/ml.yml mlops/no-eval-gate", ".github/workflows/ml.yml mlops/no-eval-gate", "dvc.yaml mlops/in-name-only"},
		},
		{
			name: "a second model deploy without evaluation caps at 1",
			r: repo{files: mlRepo(map[string]string{wf: scheduledTraining}), gates: withGates(inventory("", true), nil,
				[]report.Deploy{{Location: finding.Location{Path: wf, StartLine: 9}, Pipeline: wf, Job: "train", What: "huggingface-cli upload", Model: true}})},
			level: 1, reached: []bool{true, false, false, false},
			cap:   "mlops/no-eval-gate",
			rules: []string{".github/workflows/ml.yml mlops/no-eval-gate", "dvc.yaml mlops/in-name-only"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, tc.r)
			if res.Level != tc.level {
				t.Errorf("level %d, want %d; levels %+v", res.Level, tc.level, res.Levels)
			}
			var reached []bool
			for _, l := range res.Levels {
				reached = append(reached, l.Reached)
				if !l.Reached && l.Missing == "" {
					t.Errorf("level %d not reached and says nothing missing", l.Level)
				}
				if l.Reached && len(l.Evidence) == 0 {
					t.Errorf("level %d reached without evidence", l.Level)
				}
			}
			if !slices.Equal(reached, tc.reached) {
				t.Errorf("reached %v, want %v", reached, tc.reached)
			}
			if !strings.Contains(res.Cap, tc.cap) || (tc.cap == "") != (res.Cap == "") {
				t.Errorf("cap %q, want %q", res.Cap, tc.cap)
			}
			if len(res.Levels) == 4 && !strings.Contains(res.Levels[2].Missing, tc.missing3) {
				t.Errorf("level 3 missing %q, want %q in it", res.Levels[2].Missing, tc.missing3)
			}
			if got := rules(res); !slices.Equal(got, tc.rules) {
				t.Errorf("findings %q, want %q", got, tc.rules)
			}
			for _, f := range res.Findings {
				if f.Rule == NoEvalGate.ID && res.Level >= 2 {
					t.Errorf("level %d beside %s", res.Level, f.Rule)
				}
			}
		})
	}
}

func TestTools(t *testing.T) {
	res := analyze(t, map[string]string{
		"MLproject":          "name: x\nentry_points:\n  main:\n    command: python train.py\n",
		"train.py":           "import mlflow\n\nwith mlflow.start_run():\n    clf.fit(X, y)\n    mlflow.sklearn.log_model(clf, 'model', registered_model_name='fraud')\n",
		"feature_store.yaml": "project: x\n",
		"kfp/pipe.py":        "from kfp import dsl\n\n@dsl.pipeline(name='train')\ndef p():\n    train_op()\n",
		".dvc/config":        "[core]\n    remote = s3\n['remote \"s3\"']\n    url = s3://b\n",
		"requirements.txt":   "wandb\n",
		"artifacts.yaml":     "fraud:\n  type: model\n",
	})
	var got []string
	for _, tl := range res.Tools {
		loc := tl.Evidence[0].Location
		got = append(got, tl.Name+"/"+tl.Role+"@"+path.Base(loc.Path)+":"+strconv.Itoa(loc.StartLine))
	}
	want := []string{
		"dvc/versioning@config:3", "feast/feature-store@feature_store.yaml:1", "gto/registry@artifacts.yaml:1",
		"kubeflow/pipeline@pipe.py:1", "mlflow/pipeline@MLproject:2", "mlflow/registry@train.py:5",
		"mlflow/tracking@train.py:3", "wandb/tracking@requirements.txt:1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("tools\n got %q\nwant %q", got, want)
	}
}

func TestTriggers(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		ct              bool
	}{
		{"schedule", wf, "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  t:\n    steps:\n      - run: dvc repro\n", true},
		{"dispatch", wf, "on: [repository_dispatch]\njobs:\n  t:\n    steps:\n      - run: dvc repro\n", true},
		{"push on data", wf, "on:\n  push:\n    paths: ['data/**', 'dvc.lock']\njobs:\n  t:\n    steps:\n      - run: dvc repro\n", true},
		{"push on code", wf, "on:\n  push:\n    paths: ['src/**']\njobs:\n  t:\n    steps:\n      - run: dvc repro\n", false},
		{"install only", wf, "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  t:\n    steps:\n      - run: pip install mlflow dvc\n", false},
		{"gitlab job rule", ".gitlab-ci.yml", "train:\n  rules:\n    - if: '$CI_PIPELINE_SOURCE == \"schedule\"'\n  script:\n    - python train.py\n", true},
		{"gitlab push", ".gitlab-ci.yml", "train:\n  script:\n    - python train.py\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{tc.file: &fstest.MapFile{Data: []byte(tc.src)}}
			pres, err := pipeline.Analyze(context.Background(), fsys, []string{tc.file}, pipeline.Options{})
			if err != nil {
				t.Fatal(err)
			}
			tr := trainings(pres.Pipelines, sourceScan{})
			ct := len(tr) > 0 && len(tr[0].CT) > 0
			if ct != tc.ct {
				t.Errorf("continuous training %v, want %v (%+v)", ct, tc.ct, tr)
			}
		})
	}
}

// TestRules runs every rule over testdata/rules: each file is a repository
// of its own (a workflow file is placed under .github/workflows/, a GitLab
// file at .gitlab-ci.yml), `# want` comments name the findings, and files
// under ok/ must give none.
func TestRules(t *testing.T) {
	wanttest.Run(t, "testdata/rules", func(p string, src []byte) []finding.Finding {
		as := p
		switch {
		case strings.HasSuffix(p, ".gitlab-ci.yml"):
			as = ".gitlab-ci.yml"
		case strings.HasSuffix(p, ".yml") && path.Base(path.Dir(p)) == "gh":
			as = ".github/workflows/" + path.Base(p)
		}
		res := analyze(t, map[string]string{as: string(src)})
		var out []finding.Finding
		for _, f := range res.Findings {
			if f.Location.Path == as {
				f.Location.Path = p
			}
			out = append(out, f)
		}
		return out
	})
}

func TestClassify(t *testing.T) {
	for p, want := range map[string]Kind{
		"a/model.onnx": Model, "x/pytorch_model.bin": Model, "cache/x.bin": "", "models/clf.pkl": Model,
		"tmp/state.pkl": Model, "data/features.pkl": Data, "data/x.parquet": Data, "d/x.csv.gz": Data, "main.go": "",
		"saved_model/saved_model.pb": Model, "clf.joblib": Model, "m.keras": Model, "m.tflite": Model, "m.mlmodel": Model,
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
	f.Add([]byte("## Uses\n```\n## x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		IsHFCard(src)
		m, e := CheckSections(src)
		if n := len(m) + len(e); n > len(Sections) {
			t.Fatalf("%d missing or empty of %d", n, len(Sections))
		}
	})
}

func FuzzDVC(f *testing.F) {
	f.Add([]byte(mlRepo(nil)["dvc.yaml"]))
	f.Add([]byte("stages:\n  s:\n    foreach: [a]\n    do:\n      cmd: x\n      outs: [{m.pkl: {cache: false}}]\nartifacts:\n  m:\n    path: m.pkl\n"))
	f.Add([]byte("outs:\n- path: x\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, _ := ParseDVCYAML(src)
		if d == nil {
			t.Fatal("nil result")
		}
		ParseDVCFile(src)
	})
}

func FuzzSource(f *testing.F) {
	f.Add([]byte("from transformers import pipeline\np = pipeline('x', model='o/m')\n"))
	f.Add([]byte("m = AutoModel.from_pretrained(\"o/m\", revision=\"main\")\n"))
	f.Add([]byte("from_pretrained(((\"'"))
	f.Add([]byte(monitor))
	f.Fuzz(func(t *testing.T, src []byte) {
		s := sourceScan{byFile: map[string][]fact{}}
		s.scanFile("x.py", src)
		for _, fd := range s.findings {
			if fd.Location.StartLine < 1 {
				t.Fatalf("finding without a line: %+v", fd)
			}
		}
	})
}
