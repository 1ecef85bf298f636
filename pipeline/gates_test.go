package pipeline

import (
	"context"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/tollgate-dev/tollgate/report"
)

// inventoryOf runs Inventory on an in-memory repository.
func inventoryOf(t *testing.T, files map[string]string) *report.GateInventory {
	t.Helper()
	fsys := fstest.MapFS{}
	var paths []string
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	inv, err := Inventory(context.Background(), fsys, paths)
	if err != nil {
		t.Fatal(err)
	}
	if inv == nil {
		t.Fatal("no inventory")
	}
	return inv
}

// gatedBy returns the gate kinds blocking the deploys of a job.
func gatedBy(inv *report.GateInventory, pipeline, job string) []string {
	var out []string
	found := false
	for _, d := range inv.Deploys {
		if d.Pipeline == pipeline && d.Job == job {
			found = true
			out = append(out, d.GatedBy...)
		}
	}
	if !found {
		return []string{"(no deploy)"}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestBlockingThroughTheJobGraph(t *testing.T) {
	for _, tc := range []struct {
		name     string
		files    map[string]string
		pipeline string
		job      string
		want     []string
	}{
		{
			name: "needs, transitively",
			files: map[string]string{".github/workflows/w.yml": `on: push
jobs:
  test: {runs-on: x, steps: [{run: go test ./...}]}
  build: {runs-on: x, needs: test, steps: [{run: make build}]}
  deploy: {runs-on: x, needs: build, steps: [{run: kubectl apply -f k8s}]}
`},
			pipeline: ".github/workflows/w.yml", job: "deploy", want: []string{"tests"},
		},
		{
			name: "no needs: the gate runs beside the deploy",
			files: map[string]string{".github/workflows/w.yml": `on: push
jobs:
  test: {runs-on: x, steps: [{run: go test ./...}]}
  deploy: {runs-on: x, steps: [{run: kubectl apply -f k8s}]}
`},
			pipeline: ".github/workflows/w.yml", job: "deploy", want: nil,
		},
		{
			name: "always() in between cuts the path",
			files: map[string]string{".github/workflows/w.yml": `on: push
jobs:
  test: {runs-on: x, steps: [{run: go test ./...}]}
  build: {runs-on: x, needs: test, if: always(), steps: [{run: make build}]}
  deploy: {runs-on: x, needs: build, steps: [{run: kubectl apply -f k8s}]}
`},
			pipeline: ".github/workflows/w.yml", job: "deploy", want: nil,
		},
		{
			name: "always() with a success check keeps it",
			files: map[string]string{".github/workflows/w.yml": `on: push
jobs:
  test: {runs-on: x, steps: [{run: go test ./...}]}
  deploy: {runs-on: x, needs: test, if: "always() && needs.test.result == 'success'", steps: [{run: kubectl apply -f k8s}]}
`},
			pipeline: ".github/workflows/w.yml", job: "deploy", want: []string{"tests"},
		},
		{
			name: "same job, earlier step; continue-on-error does not count",
			files: map[string]string{".github/workflows/w.yml": `on: push
jobs:
  deploy:
    runs-on: x
    steps:
      - run: govulncheck ./...
      - run: gosec ./...
        continue-on-error: true
      - run: terraform apply -auto-approve
      - run: go test ./...
`},
			pipeline: ".github/workflows/w.yml", job: "deploy", want: []string{"dependency-scan"},
		},
		{
			name: "same line: the test before && gates the deploy, not the other way round",
			files: map[string]string{".github/workflows/w.yml": `on: push
jobs:
  a: {runs-on: x, steps: [{run: go test ./... && kubectl apply -f k8s}]}
  b: {runs-on: x, steps: [{run: kubectl apply -f k8s && go test ./...}]}
`},
			pipeline: ".github/workflows/w.yml", job: "a", want: []string{"tests"},
		},
		{
			name: "same line, deploy first",
			files: map[string]string{".github/workflows/w.yml": `on: push
jobs:
  b: {runs-on: x, steps: [{run: kubectl apply -f k8s && go test ./...}]}
`},
			pipeline: ".github/workflows/w.yml", job: "b", want: nil,
		},
		{
			name: "GitLab stages order without needs",
			files: map[string]string{".gitlab-ci.yml": `stages: [lint, test, ship]
unit: {stage: test, script: [pytest]}
leaks: {stage: lint, script: [gitleaks detect]}
late: {stage: .post, script: [npm audit]}
ship: {stage: ship, script: [helm upgrade --install web chart]}
`},
			pipeline: ".gitlab-ci.yml", job: "ship", want: []string{"secret-scan", "tests"},
		},
		{
			name: "GitLab needs replaces the stage order",
			files: map[string]string{".gitlab-ci.yml": `stages: [test, ship]
unit: {stage: test, script: [pytest]}
leaks: {stage: test, script: [gitleaks detect]}
ship: {stage: ship, needs: [leaks], script: [helm upgrade --install web chart]}
`},
			pipeline: ".gitlab-ci.yml", job: "ship", want: []string{"secret-scan"},
		},
		{
			name: "GitLab when: always on the deploy",
			files: map[string]string{".gitlab-ci.yml": `unit: {stage: test, script: [pytest]}
ship: {stage: deploy, when: always, script: [helm upgrade --install web chart]}
`},
			pipeline: ".gitlab-ci.yml", job: "ship", want: nil,
		},
		{
			name: "local reusable workflow: the caller waits for the callee's jobs",
			files: map[string]string{
				".github/workflows/w.yml": `on: push
jobs:
  checks: {uses: ./.github/workflows/checks.yml}
  deploy: {runs-on: x, needs: checks, steps: [{run: npm publish}]}
`,
				".github/workflows/checks.yml": `on: workflow_call
jobs:
  unit: {runs-on: x, steps: [{run: npm test}]}
  audit: {runs-on: x, steps: [{run: npm audit}]}
`},
			pipeline: ".github/workflows/w.yml", job: "deploy", want: []string{"dependency-scan", "tests"},
		},
		{
			name: "deploy inside a reusable workflow: its caller's needs count",
			files: map[string]string{
				".github/workflows/w.yml": `on: push
jobs:
  test: {runs-on: x, steps: [{run: cargo test}]}
  ship: {needs: test, uses: ./.github/workflows/ship.yml}
`,
				".github/workflows/ship.yml": `on: workflow_call
jobs:
  publish: {runs-on: x, steps: [{run: cargo publish}]}
`},
			pipeline: ".github/workflows/ship.yml", job: "publish", want: []string{"tests"},
		},
		{
			name: "workflow_run with a success check",
			files: map[string]string{
				".github/workflows/ci.yml": "name: CI\non: push\njobs:\n  t: {runs-on: x, steps: [{run: pytest}]}\n",
				".github/workflows/cd.yml": `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  deploy:
    if: github.event.workflow_run.conclusion == 'success'
    runs-on: x
    steps: [{run: gcloud run deploy web --image x}]
`},
			pipeline: ".github/workflows/cd.yml", job: "deploy", want: []string{"tests"},
		},
		{
			name: "workflow_run without a success check",
			files: map[string]string{
				".github/workflows/ci.yml": "name: CI\non: push\njobs:\n  t: {runs-on: x, steps: [{run: pytest}]}\n",
				".github/workflows/cd.yml": `on:
  workflow_run:
    workflows: [CI]
jobs:
  deploy: {runs-on: x, steps: [{run: gcloud run deploy web --image x}]}
`},
			pipeline: ".github/workflows/cd.yml", job: "deploy", want: nil,
		},
		{
			name: "Cloud Build: waitFor and the default wait for earlier steps",
			files: map[string]string{"deploy/cloudbuild.yaml": `steps:
  - id: test
    name: python:3.12
    entrypoint: bash
    args: ["-c", "pip install -r requirements.txt && pytest"]
  - id: scan
    name: aquasec/trivy
    args: ["fs", "--exit-code", "1", "."]
    waitFor: ["-"]
  - id: deploy
    name: gcr.io/cloud-builders/gcloud
    args: ["run", "deploy", "web", "--image", "gcr.io/p/web"]
    waitFor: [test]
`},
			pipeline: "deploy/cloudbuild.yaml", job: "deploy", want: []string{"tests"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := inventoryOf(t, tc.files)
			if diff := cmp.Diff(tc.want, gatedBy(inv, tc.pipeline, tc.job)); diff != "" {
				t.Errorf("gated by (-want +got):\n%s\ninventory: %+v", diff, inv)
			}
		})
	}
}

// TestFixtureInventory checks the inventory of the ok/ fixtures, whose
// deploys are all gated: the rules being silent there is only half the test.
func TestFixtureInventory(t *testing.T) {
	gh := analyseDir(t, "testdata/ok/gates-github").Gates
	gl := analyseDir(t, "testdata/ok/gates-gitlab").Gates
	for _, tc := range []struct {
		inv           *report.GateInventory
		pipeline, job string
		want          []string
	}{
		{gh, ".github/workflows/deploy.yml", "deploy", []string{"dependency-scan", "evaluation", "tests"}},
		{gh, ".github/workflows/rollout.yml", "rollout", []string{"dependency-scan", "evaluation", "tests"}},
		{gh, ".github/workflows/release.yml", "publish", []string{"tests"}},
		{gl, ".gitlab-ci.yml", "deploy-model", []string{"evaluation", "secret-scan", "tests"}},
		{gl, ".gitlab-ci.yml", "deploy-chart", []string{"secret-scan", "tests"}},
	} {
		if diff := cmp.Diff(tc.want, gatedBy(tc.inv, tc.pipeline, tc.job)); diff != "" {
			t.Errorf("%s#%s gated by (-want +got):\n%s", tc.pipeline, tc.job, diff)
		}
	}
	bad := analyseDir(t, "testdata/gates-gitlab").Gates
	if got := gatedBy(bad, ".gitlab-ci.yml", "deploy-model"); len(got) != 0 {
		t.Errorf("deploy-model behind placebo gates is gated by %v", got)
	}
	for _, g := range gh.Gates {
		if g.Placebo != "" && g.Kind != "evaluation" {
			t.Errorf("ok fixture gate %s/%s is a placebo: %s", g.Job, g.Tool, g.Placebo)
		}
	}
}

func TestInventoryDeterministic(t *testing.T) {
	fsys := os.DirFS("testdata/gates-github")
	var files []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	first, err := Inventory(context.Background(), fsys, files)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Gates) < 5 || len(first.Deploys) < 5 {
		t.Fatalf("inventory too small to test the order: %d gates, %d deploys", len(first.Gates), len(first.Deploys))
	}
	slices.Reverse(files)
	second, err := Inventory(context.Background(), fsys, files)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("inventory depends on the file order (-first +second):\n%s", diff)
	}
	sorted := func(n int, key func(i int) string) bool {
		for i := 1; i < n; i++ {
			if key(i-1) > key(i) {
				return false
			}
		}
		return true
	}
	if !sorted(len(first.Gates), func(i int) string {
		l := first.Gates[i].Location
		return l.Path + "\x00" + strings.Repeat("0", 8-len(itoa(l.StartLine))) + itoa(l.StartLine)
	}) {
		t.Errorf("gates not sorted by position: %+v", first.Gates)
	}
	for _, g := range first.Gates {
		if !slices.IsSorted(g.Blocks) {
			t.Errorf("blocks of %s not sorted: %v", g.Tool, g.Blocks)
		}
	}
}

func TestCommandDeploy(t *testing.T) {
	for _, tc := range []struct {
		cmd, kind string
		model     bool
	}{
		{"gcloud ai endpoints deploy-model 1 --model=m", "endpoint", true},
		{"gcloud --project p run deploy web --image x", "serverless", false},
		{"az ml online-deployment create -f d.yml", "endpoint", true},
		{"aws sagemaker update-endpoint --endpoint-name e", "endpoint", true},
		{"gto assign churn --stage prod", "registry-promotion", true},
		{"huggingface-cli upload org/model ./out", "model-upload", true},
		{"huggingface-cli upload org/data ./d --repo-type dataset", "model-upload", false},
		{"kubectl apply -f k8s/", "kubernetes", false},
		{"kubectl apply --dry-run=client -f k8s/", "", false},
		{"kubectl rollout status deploy/web", "", false},
		{"helm upgrade --install -n prod web chart", "kubernetes", false},
		{"helm template web chart", "", false},
		{"terraform apply -auto-approve", "infrastructure", false},
		{"terraform plan", "", false},
		{"vercel --prod", "serverless", false},
		{"vercel", "", false},
		{"netlify deploy --prod --dir dist", "serverless", false},
		{"netlify deploy --dir dist", "", false},
		{"docker buildx build --push -t x .", "container", false},
		{"docker build -t x .", "", false},
		{"goreleaser release --clean", "release", false},
		{"goreleaser release --snapshot", "", false},
		{"python -m twine upload dist/*", "package-publish", false},
		{"npm publish --dry-run", "", false},
		{"uv run mkdocs gh-deploy --force", "pages", false},
		{"sudo -E aws lambda update-function-code --function-name f", "serverless", false},
		{"echo kubectl apply -f k8s", "", false},
	} {
		cs := scriptCommands(tc.cmd, true)
		if len(cs) != 1 {
			t.Fatalf("%q: %d commands", tc.cmd, len(cs))
		}
		d, ok := commandDeploy(cs[0])
		if d.Kind != tc.kind || ok != (tc.kind != "") || d.Model != tc.model {
			t.Errorf("%q: got %q model=%v, want %q model=%v", tc.cmd, d.Kind, d.Model, tc.kind, tc.model)
		}
	}
}

func TestCommandGate(t *testing.T) {
	for _, tc := range []struct {
		cmd, kind, placebo string
	}{
		{"go test -race ./...", "tests", ""},
		{"python -m pytest -q tests", "tests", ""},
		{"poetry run pytest", "tests", ""},
		{"npm run test:unit", "tests", ""},
		{"./gradlew check", "tests", ""},
		{"make test-all", "tests", ""},
		{"trivy fs .", "dependency-scan", "no --exit-code (trivy exits 0 on findings)"},
		{"trivy image --exit-code 1 x", "container-scan", ""},
		{"semgrep scan --config auto", "sast", "semgrep scan exits 0 on findings without --error"},
		{"semgrep ci", "sast", ""},
		{"govulncheck ./...", "dependency-scan", ""},
		{"pip-audit -r requirements.txt", "dependency-scan", ""},
		{"gitleaks detect --source .", "secret-scan", ""},
		{"trufflehog git file://. --fail", "secret-scan", ""},
		{"go-licenses check ./...", "license", ""},
		{"go-licenses report ./...", "", ""},
		{"tollgate check ./...", "tollgate", ""},
		{"python evaluate.py --min-accuracy 0.9", "evaluation", ""},
		{"python evaluate.py --fail-under=0.8", "evaluation", ""},
		{"python evaluate.py --min-accuracy $MIN", "", ""},
		{"pytest --cov --cov-fail-under=80", "tests", ""},
		{"dvc metrics diff main", "evaluation", "dvc metrics diff reports changes without a threshold and exits 0"},
		{"docker run --rm aquasec/trivy:0.50.0 fs --exit-code 1 .", "dependency-scan", ""},
		{"curl --max-time 10 https://example.com", "", ""},
	} {
		cs := scriptCommands(tc.cmd, true)
		h, ok := commandGate(cs[0])
		if h.Kind != tc.kind || ok != (tc.kind != "") || h.Placebo != tc.placebo {
			t.Errorf("%q: got %q %q, want %q %q", tc.cmd, h.Kind, h.Placebo, tc.kind, tc.placebo)
		}
	}
}

func TestScriptMasks(t *testing.T) {
	for _, tc := range []struct {
		script   string
		pipefail bool
		want     []string // the mask of each command, in order
	}{
		{"pytest || true", false, []string{"|| true", ""}},
		{"pytest || exit 0", false, []string{"|| exit 0", ""}},
		{"pytest || exit 1", false, []string{"", ""}},
		{"pytest || { echo failed; exit 1; }", false, []string{"", "", ""}},
		{"pytest || echo failed", false, []string{"|| echo", ""}},
		{"pytest | tee log", false, []string{"piped into tee without pipefail", ""}},
		{"pytest | tee log", true, []string{"", ""}},
		{"set -o pipefail\npytest | tee log", false, []string{"", "", ""}},
		{"set +e\npytest\necho done", false, []string{"set +e", "set +e", ""}},
		{"set +e\npytest\nrc=$?\nexit $rc", false, []string{"", "", ""}},
		{"if pytest; then echo ok; fi", false, []string{"in an if condition", ""}},
		{"if ! pytest; then exit 1; fi", false, []string{"negated with !", ""}},
		{"pytest && echo ok", false, []string{"", ""}},
	} {
		var got []string
		for _, c := range scriptCommands(tc.script, tc.pipefail) {
			got = append(got, c.Masked)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.script, diff)
		}
	}
}

func TestFileCommands(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"#!/bin/bash\npytest\necho done\n", []string{"the script has no set -e", ""}},
		{"#!/bin/bash\nset -o errexit\npytest\necho done\n", []string{"", "", ""}},
		{"#!/bin/bash -e\npytest\necho done\n", []string{"", ""}},
		{"set -euo pipefail\npytest | tee x\n", []string{"", "", ""}},
	} {
		var got []string
		for _, c := range fileCommands(tc.text) {
			got = append(got, c.Masked)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.text, diff)
		}
	}
}

func TestPyThreshold(t *testing.T) {
	for _, tc := range []struct {
		text           string
		found, literal bool
	}{
		{"assert model.score(X, y) >= 0.85", true, false},
		{"acc = evaluate()\nif acc < THRESHOLD:\n    sys.exit(1)", true, false},
		{"accuracy = 0.95\nassert accuracy > 0.9", true, true},
		{"print('accuracy', accuracy_score(y, p))", false, false},
		{"if f1 < 0.8:\n    print('low')", false, false},
		{"self.assertGreater(auc, 0.7)", true, false},
	} {
		found, literal := pyThreshold(tc.text)
		if found != tc.found || literal != tc.literal {
			t.Errorf("%q: found=%v literal=%v, want %v %v", tc.text, found, literal, tc.found, tc.literal)
		}
	}
}

func FuzzCloudBuild(f *testing.F) {
	f.Add([]byte("steps:\n- name: gcr.io/cloud-builders/gcloud\n  args: [run, deploy, x]\n  waitFor: ['-']\n"))
	f.Add([]byte("steps:\n- id: a\n  name: bash\n  entrypoint: bash\n  args: ['-c', 'pytest || true']\n- id: b\n  name: x\n  script: |\n    kubectl apply -f k\n  waitFor: [a, b, c]\n"))
	f.Add([]byte("steps: &a [*a]\n"))
	f.Add([]byte(aliasBomb(9) + "steps: *a9\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzAnalyze(t, map[string][]byte{"cloudbuild.yaml": src, ".github/workflows/w.yml": []byte("on: push\njobs:\n  j: {runs-on: x, steps: [{run: go test}]}\n")})
	})
}

func FuzzScriptCommands(f *testing.F) {
	for _, s := range []string{"pytest || true", "set +e\npytest | tee x\nexit $?", "if (( $(echo \"$ACC < 0.8\" | bc) )); then exit 1; fi", "f() { pytest; }; f || :", "a <<EOF\nx\nEOF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		for _, pf := range []bool{false, true} {
			for _, c := range scriptCommands(script, pf) {
				commandGate(c)
				commandDeploy(c)
				if c.Line < 0 {
					t.Fatalf("negative line %d", c.Line)
				}
			}
		}
		pyThreshold(script)
	})
}

func TestHasMetricWord(t *testing.T) {
	for _, s := range []string{"ACCURACY=1", "echo $F1", "x", "make build", "python eval.py --min-score 3", "Map it", "run r2"} {
		if got, want := hasMetricWord(s), metricWord.MatchString(s); got != want {
			t.Errorf("hasMetricWord(%q) = %v; metricWord says %v", s, got, want)
		}
	}
	if len(metricWords) < 20 || metricWords[0] != "acc" {
		t.Errorf("metricWords = %q", metricWords)
	}
}

// TestCloudBuildByContent: a Cloud Build file kept under another name in a
// build directory is read by its content; other YAML there, broken or not,
// is left alone.
func TestCloudBuildByContent(t *testing.T) {
	fsys := fstest.MapFS{
		"build/model-deployment.yaml": {Data: []byte("steps:\n- name: gcr.io/cloud-builders/gcloud\n  entrypoint: bash\n  args: ['-c', 'pytest tests/']\n- name: gcr.io/cloud-builders/gcloud\n  args: ['run', 'deploy', 'svc', '--image', 'x']\n")},
		"build/values.yaml":           {Data: []byte("steps: 3\nreplicas: 2\n")},
		"deploy/broken.yaml":          {Data: []byte("steps:\n  - name: [\n")},
		"src/build.yaml":              {Data: []byte("steps:\n- name: gcr.io/cloud-builders/docker\n  args: ['push', 'x']\n")},
	}
	var files []string
	for p := range fsys {
		files = append(files, p)
	}
	slices.Sort(files)
	res, err := Model(context.Background(), fsys, files)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("findings on YAML that is not Cloud Build: %+v", res.Findings)
	}
	if res.Gates == nil || len(res.Gates.Deploys) != 1 || res.Gates.Deploys[0].Pipeline != "build/model-deployment.yaml" {
		t.Fatalf("deploys = %+v; want the one of build/model-deployment.yaml", res.Gates)
	}
	if d := res.Gates.Deploys[0]; len(d.GatedBy) != 1 || d.GatedBy[0] != "tests" {
		t.Errorf("deploy gated by %v; want the pytest step before it", d.GatedBy)
	}
	for _, p := range []string{"build/x.yml", "cloud-build/a.yaml", "ops/cloudbuild-prod.yaml"} {
		if !MaybeCloudBuild(p) {
			t.Errorf("MaybeCloudBuild(%q) = false", p)
		}
	}
	for _, p := range []string{"src/build.yaml", "build/x.json", "cloudbuild.yaml", "testdata/build/x.yaml"} {
		if MaybeCloudBuild(p) {
			t.Errorf("MaybeCloudBuild(%q) = true", p)
		}
	}
}

// deployByProgram, built on first use, indexes every spec of deployCmds
// under its program, in their order.
func TestDeployByProgramIndexesAll(t *testing.T) {
	all := deployCmds()
	byProg := deployByProgram()
	n := 0
	for prog, sps := range byProg {
		for _, sp := range sps {
			if sp.pos[0] != prog {
				t.Errorf("spec %q indexed under %q", sp.text, prog)
			}
		}
		n += len(sps)
	}
	if n != len(all) || len(all) < 100 {
		t.Errorf("deployByProgram holds %d specs, deployCmds %d", n, len(all))
	}
	var gcloud []string
	for _, sp := range all {
		if strings.HasPrefix(sp.text, "gcloud ") {
			gcloud = append(gcloud, sp.text)
		}
	}
	for i, sp := range byProg["gcloud"] {
		if i >= len(gcloud) || sp.text != gcloud[i] {
			t.Fatalf("deployByProgram[gcloud][%d] = %q, want the specs in deployCmds order %q", i, sp.text, gcloud)
		}
	}
}
