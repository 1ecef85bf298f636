package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/history"
	"github.com/tollgate-dev/tollgate/internal/gitrepo"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testdataDir is absolute: tests change directory into the repos they build.
var testdataDir = func() string {
	d, err := filepath.Abs("testdata")
	if err != nil {
		panic(err)
	}
	return d
}()

// tollgate runs the CLI in-process and returns its exit code and output.
func tollgate(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(testdataDir, name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// brokenRepo is a repository with a malformed workflow, a malformed
// Terraform file and a valid file holding a directive without a reason.
func brokenRepo(t *testing.T) *gitrepo.Repo {
	repo := gitrepo.New(t)
	repo.Commit("init", map[string]string{
		".github/workflows/ci.yml":   "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test\n     - run: oops\n",
		".github/workflows/lint.yml": "on: push\njobs:\n  lint: # tollgate:ignore\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\npermissions: {}\nconcurrency: ci\n",
		"infra/main.tf":              "variable \"x\" {}\n\nresource \"aws_instance\" \"a\" {\n  ami = var.x\n  tags = {\n",
		"infra/ok.tf":                "locals {\n  a = 1\n}\n",
	})
	t.Chdir(repo.Dir)
	return repo
}

func TestCheckReportsParseErrorsAndGoesOn(t *testing.T) {
	brokenRepo(t)
	code, out, errOut := tollgate(t, "check", "./...")
	if code != exitGate {
		t.Errorf("exit code = %d, want %d (stderr %q)", code, exitGate, errOut)
	}
	golden(t, "check_broken.txt", out)
}

func TestCheckSubdirectory(t *testing.T) {
	brokenRepo(t)
	code, out, _ := tollgate(t, "check", "infra/...")
	if code != exitGate || strings.Contains(out, ".github") || !strings.Contains(out, "infra/main.tf:") {
		t.Errorf("check infra/... = %d\n%s", code, out)
	}
}

func TestScanJSONIsReproducible(t *testing.T) {
	brokenRepo(t)
	var outs [2][]byte
	for i := range outs {
		code, _, errOut := tollgate(t, "scan", "--now", "2026-03-04T05:06:07Z", "--format", "json=out.json", ".")
		if code != exitGate {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		b, err := os.ReadFile("out.json")
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = b
		os.Remove("out.json")
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatal("two scans of the same commit with the same clock differ")
	}

	// The encoding follows the documented schema.
	var doc map[string]any
	if err := json.Unmarshal(outs[0], &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema", "tool", "repository", "policy_digest", "started_at", "finished_at", "findings", "gates", "domains"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("report lacks %q", k)
		}
	}
	if doc["schema"] != "tollgate.report/v2" {
		t.Errorf("schema = %v", doc["schema"])
	}
	f := doc["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"rule", "severity", "message", "location", "fingerprint"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding lacks %q: %v", k, f)
		}
	}
	loc := f["location"].(map[string]any)
	for _, k := range []string{"path", "start_line", "start_col", "end_line", "end_col"} {
		if _, ok := loc[k]; !ok {
			t.Errorf("location lacks %q", k)
		}
	}
}

func TestBadPolicyExitsTwoWithPosition(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"unknown block":  {"gates {\n}\n", ".tollgate.hcl:1:1: Unsupported block type"},
		"bad severity":   {"gate {\n  fail_on = \"urgent\"\n}\n", ".tollgate.hcl:2:13: Invalid severity"},
		"ignore no why":  {"ignore {\n  rule = \"parse/error\"\n}\n", ".tollgate.hcl:1:1: Ignore without a reason"},
		"severity typo":  {"rule \"parse/error\" {\n  severity = \"hgh\"\n}\n", ".tollgate.hcl:2:14: Invalid severity"},
		"unknown in blk": {"tags {\n  requird = [\"a\"]\n}\n", ".tollgate.hcl:2:3: Unsupported argument"},
	} {
		t.Run(name, func(t *testing.T) {
			repo := gitrepo.New(t)
			repo.Write(map[string]string{".tollgate.hcl": tc.src})
			t.Chdir(repo.Dir)
			code, _, errOut := tollgate(t, "check", ".")
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, tc.want)
			}
		})
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	for name := range commands {
		code, _, errOut := tollgate(t, name, "--help")
		if code != exitClean || !strings.Contains(errOut, "Usage: tollgate "+name) {
			t.Errorf("%s --help: exit %d, %q", name, code, errOut)
		}
	}
	if code, _, _ := tollgate(t, "nonsense"); code != exitUsage {
		t.Errorf("unknown command exit %d", code)
	}
	if code, _, _ := tollgate(t); code != exitUsage {
		t.Errorf("no command exit %d", code)
	}
}

func TestRulesAndExplain(t *testing.T) {
	code, out, _ := tollgate(t, "rules")
	if code != 0 || !strings.Contains(out, "parse/error") {
		t.Errorf("rules: %d %q", code, out)
	}
	code, out, _ = tollgate(t, "explain", "parse/error")
	if code != 0 || !strings.Contains(out, "Default severity: high") {
		t.Errorf("explain: %d %q", code, out)
	}
	if code, _, _ := tollgate(t, "explain", "no/such-rule"); code != exitUsage {
		t.Errorf("explain unknown: %d", code)
	}
}

func TestInitWritesAValidPolicy(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := tollgate(t, "init", dir); code != 0 {
		t.Fatalf("init: %d %s", code, errOut)
	}
	if code, _, _ := tollgate(t, "init", dir); code != exitUsage {
		t.Error("init overwrote an existing policy")
	}
	t.Chdir(dir)
	if code, _, errOut := tollgate(t, "scan", "."); code != 0 {
		t.Errorf("scan with the starter policy: %d %s", code, errOut)
	}
}

func TestEvidenceAndVerify(t *testing.T) {
	brokenRepo(t)
	if code, _, errOut := tollgate(t, "keygen", "key.pem"); code != 0 {
		t.Fatalf("keygen: %s", errOut)
	}
	code, _, errOut := tollgate(t, "evidence", "-o", "packet", "--sign-key", "key.pem", "--now", "2026-03-04T05:06:07Z", ".")
	if code != exitGate {
		t.Fatalf("evidence exit %d (want the gate's 1): %s", code, errOut)
	}
	code, out, errOut := tollgate(t, "verify", "--key", "key.pem.pub", "packet")
	if code != 0 || !strings.Contains(out, "signature: valid") || !strings.Contains(out, "gates passed: false") {
		t.Errorf("verify: %d %s %s", code, out, errOut)
	}
	if err := os.WriteFile(filepath.Join("packet", "report.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := tollgate(t, "verify", "packet"); code != exitGate || !strings.Contains(errOut, "report.json") {
		t.Errorf("tampered packet: exit %d, %s", code, errOut)
	}
}

func TestScanHistory(t *testing.T) {
	repo := brokenRepo(t)
	hist := filepath.Join(t.TempDir(), "history")
	// A record an earlier version wrote as JSON is imported into the store.
	old := history.Record{Schema: history.Schema, At: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Commit: "0123456789abcdef",
		PolicyDigest: "p", Active: map[string]int{"high": 9}, Rules: map[string]int{}, Fingerprints: []string{"gone"}}
	if _, err := history.Append(hist, old); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := tollgate(t, "scan", "--history", hist, "--now", "2026-03-04T05:06:07Z", "."); code != exitGate {
		t.Fatalf("first scan: %d %s", code, errOut)
	}
	// A re-run of the same commit stands for it: it is not a run "earlier".
	if code, _, errOut := tollgate(t, "scan", "--history", hist, "--now", "2026-03-04T06:06:07Z", "."); code != exitGate {
		t.Fatalf("re-run: %d %s", code, errOut)
	}
	repo.Commit("fix the workflow", map[string]string{".github/workflows/ci.yml": "on: push\njobs: {}\n"})
	code, _, errOut := tollgate(t, "scan", "--history", hist, "--now", "2026-03-05T05:06:07Z", "--format", "json=r.json", ".")
	if code != exitGate {
		t.Fatalf("second scan: %d %s", code, errOut)
	}
	b, _ := os.ReadFile("r.json")
	var doc struct {
		Trend struct {
			New, Fixed int
			Series     []struct{ Commit string }
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Trend.Fixed != 1 || doc.Trend.New != 0 || len(doc.Trend.Series) != 3 || doc.Trend.Series[0].Commit != old.Commit {
		t.Errorf("trend = %+v; want the imported record, one run of the first commit, this run; one fixed", doc.Trend)
	}
	if _, err := os.Stat(filepath.Join(hist, "history.db")); err != nil {
		t.Errorf("the history directory holds no database: %v", err)
	}
	// The same store through a SQLite file and under another name.
	db := filepath.Join(t.TempDir(), "h.db")
	for range 2 {
		if code, _, errOut := tollgate(t, "scan", "--history", db, "--repo", "example.com/acme/x", "--now", "2026-03-06T05:06:07Z", "."); code != exitGate {
			t.Fatalf("scan --history file.db: %d %s", code, errOut)
		}
	}
	if code, out, errOut := tollgate(t, "history", "--store", db, "trend", "--repo", "example.com/acme/x"); code != exitClean || strings.Count(out, "2026-03-06") != 1 {
		t.Errorf("history trend after the same run twice: %d %q %s; want one run", code, out, errOut)
	}
	// A link planted where the database goes is refused, and nothing is
	// written through it.
	planted := filepath.Join(t.TempDir(), "h")
	if err := os.MkdirAll(planted, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "victim")
	if err := os.Symlink(target, filepath.Join(planted, "history.db-wal")); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := tollgate(t, "scan", "--history", planted, "."); code != exitInternal || !strings.Contains(errOut, "not a regular file") {
		t.Errorf("planted link: exit %d %q; want %d and a message", code, errOut, exitInternal)
	}
	if _, err := os.Lstat(target); err == nil {
		t.Errorf("the link's target was written")
	}
}

func TestBaselineAcceptsOnlyExistingFindings(t *testing.T) {
	repo := brokenRepo(t)
	code, out, errOut := tollgate(t, "baseline", ".")
	if code != 0 || !strings.Contains(out, "3 finding(s) accepted") {
		t.Fatalf("baseline: %d %q %q", code, out, errOut)
	}
	repo.Write(map[string]string{".tollgate.hcl": "baseline = \".tollgate-baseline.json\"\n"})
	if code, out, _ := tollgate(t, "check", "./..."); code != 0 || out != "" {
		t.Errorf("check with baseline: %d %q", code, out)
	}
	// A new broken file is not in the baseline and fails the gate.
	repo.Write(map[string]string{"infra/new.tf": "resource {\n"})
	if code, out, _ := tollgate(t, "check", "./..."); code != exitGate || !strings.Contains(out, "infra/new.tf") || strings.Contains(out, "infra/main.tf") {
		t.Errorf("new finding under baseline: %d %q", code, out)
	}
	os.Remove(".tollgate-baseline.json")
	if code, _, errOut := tollgate(t, "check", "./..."); code != exitUsage || !strings.Contains(errOut, "does not exist") {
		t.Errorf("missing baseline: %d %q", code, errOut)
	}
}
