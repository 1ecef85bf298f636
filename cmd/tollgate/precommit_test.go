package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/mlops"
	"github.com/tollgate-dev/tollgate/scan"
	"go.yaml.in/yaml/v4"
)

// preCommitHook reads the hook .pre-commit-hooks.yaml declares and compiles
// its files pattern as pre-commit (Python's re, search) reads it: the verbose
// flag x drops white space, which RE2 has no flag for.
func preCommitHook(t *testing.T) (map[string]any, *regexp.Regexp) {
	t.Helper()
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatalf("parse .pre-commit-hooks.yaml: %v", err)
	}
	if len(hooks) != 1 {
		t.Fatalf("want one hook, got %d", len(hooks))
	}
	h := hooks[0]
	pat, _ := h["files"].(string)
	if !strings.HasPrefix(pat, "(?ix)") {
		t.Fatalf("files pattern %q: want the flags (?ix) first", pat)
	}
	pat = "(?i)" + strings.Join(strings.Fields(strings.TrimPrefix(pat, "(?ix)")), "")
	re, err := regexp.Compile(pat)
	if err != nil {
		t.Fatalf("files pattern: %v", err)
	}
	return h, re
}

func TestPreCommitHook(t *testing.T) {
	h, _ := preCommitHook(t)
	for k, want := range map[string]any{"id": "tollgate", "entry": "tollgate check", "language": "golang", "pass_filenames": false} {
		if h[k] != want {
			t.Errorf("%s = %v, want %v", k, h[k], want)
		}
	}
	// The entry is a subcommand that exists and takes no file names.
	if commands["check"] == nil {
		t.Error("the hook's entry runs tollgate check, which is not a command")
	}
}

// TestPreCommitFiles: the hook runs when a staged file is one a domain of
// `tollgate check` reads, and not for files none reads.
func TestPreCommitFiles(t *testing.T) {
	_, re := preCommitHook(t)
	read := []string{
		// Go and licenses
		"main.go", "internal/x/x.go", "go.mod", "sub/go.mod", "go.sum", "go.work", "go.work.sum",
		"vendor/modules.txt", "web/package-lock.json", "web/yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb",
		// pipelines
		".github/workflows/ci.yml", ".github/workflows/ci.yaml", ".gitlab-ci.yml", "ci/templates/build.yml",
		"action.yml", ".github/actions/setup/action.yaml", "cloudbuild.yaml", "deploy/model-deployment.yaml",
		// Terraform, CloudFormation, SAM
		"infra/main.tf", "infra/main.tf.json", "terraform.tfvars", "prod.auto.tfvars.json",
		"template.yaml", "stack.json", "infra/app.template", "samconfig.toml",
		// MLOps
		"train.py", "notebooks/eda.ipynb", "dvc.yaml", "dvc.lock", "data/raw.csv.dvc", ".dvc/config", "MLproject",
		"MODEL_CARD.md", "models/README.md", "requirements.txt", "requirements-dev.txt", "pyproject.toml",
		"setup.py", "setup.cfg", "Pipfile", "environment.yml", "conda.yaml", "artifacts.yaml", "feature_store.yaml",
		"models/model.onnx", "models/model.bin", "model.pkl", "data/train.parquet", "data/train.csv.gz", "Weights.PT",
		// policy
		".tollgate.hcl", "terragrunt.hcl", ".tollgate-baseline.json", ".gitignore", "sub/.gitignore",
	}
	for _, p := range read {
		if !re.MatchString(p) {
			t.Errorf("a staged %q does not run the hook, but tollgate check reads it", p)
		}
	}
	// What a domain claims, and every model and dataset format, must run it.
	for _, ext := range []string{"pt", "pth", "ckpt", "onnx", "safetensors", "gguf", "ggml", "h5", "hdf5", "keras",
		"tflite", "mlmodel", "mlpackage", "pdparams", "caffemodel", "engine", "joblib", "mar", "nemo", "llamafile",
		"xgb", "lgb", "cbm", "pkl", "pickle", "bin", "pb", "model", "npz", "csv", "tsv", "parquet", "jsonl",
		"arrow", "feather", "npy", "tfrecord", "avro", "orc", "h5ad"} {
		p := "models/model." + ext
		if mlops.Classify(p) != "" && !re.MatchString(p) {
			t.Errorf("a staged %q (an MLOps artifact) does not run the hook", p)
		}
	}
	for _, p := range append(read, "src/lib.rs", "docs/guide.md", "Makefile", "notes.txt", "img/logo.png") {
		for _, d := range scan.Domains() {
			if d.Owns(p) && !re.MatchString(p) {
				t.Errorf("domain %q owns %q, which does not run the hook", d.Name(), p)
			}
		}
	}
	for _, p := range []string{"src/lib.rs", "docs/guide.md", "Makefile", "notes.txt", "img/logo.png", "LICENSE", "main.go.orig"} {
		if re.MatchString(p) {
			t.Errorf("a staged %q runs the hook, but no domain of tollgate check reads it", p)
		}
	}
}
