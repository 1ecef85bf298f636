package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Hostile strings, as a scanned repository could hold them in paths, YAML
// values, commit messages and author names.
const (
	hScript  = `<script>document.body.setAttribute('data-pwned', 'PW'+'NED')</script>`
	hImg     = `"><img src=x onerror="document.title='PW'+'NED'">`
	hMention = `@org/team`
	hMarker  = `<!-- tollgate:report v1 -->`
	hPipe    = `a|b||c`
	hDetails = `</details></summary>`
	hJSLink  = `[click](javascript:alert(1))`
	hInvalid = "bad\xff\xfeutf8"
	hBidi    = "admin\u202e\u2066txt.exe"
	hNewline = "line one\n::error::forged annotation\r\n## forged heading"
)

var riskScore = 42

var hLong = strings.Repeat("very-long-line-", 400)

// fixture is the one report every golden test renders. It holds every
// section and every hostile string above in the places the repository
// controls.
func fixture() *report.Report {
	t0 := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	r := &report.Report{
		Tool:         report.Tool{Name: "tollgate", Version: "v1.2.3"},
		Repository:   report.Repository{Root: ".", Name: "github.com/acme/" + hPipe, Commit: "0123456789abcdef0123456789abcdef01234567", Branch: "feature/" + hMention, Dirty: true},
		PolicyDigest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		PolicyPath:   ".tollgate.hcl",
		StartedAt:    t0,
		FinishedAt:   t0.Add(3 * time.Second),
		Findings: []finding.Finding{
			{Rule: "ci/ai-step-write-access", Severity: finding.Critical, Message: "job " + `"` + hScript + `"` + " runs an AI step with write access",
				Detail:   "Give the job `permissions: read-all`.\n\n" + hJSLink + " ![x](http://127.0.0.1:1/tracker.png) <b>raw</b> " + hMarker,
				Location: finding.Location{Path: ".github/workflows/" + hImg + ".yml", StartLine: 12, StartCol: 5, EndLine: 12, EndCol: 30},
				Evidence: map[string]string{"permission": "contents: write", "job": hScript}, Fingerprint: "fp-critical-1"},
			{Rule: "ci/missing-timeout", Severity: finding.Low, Message: "job " + hMention + " has no timeout-minutes " + hMarker,
				Location: finding.Location{Path: ".github/workflows/ci.yml", StartLine: 3, StartCol: 3}, Fingerprint: "fp-low-1"},
			{Rule: "go/ai-no-deadline", Severity: finding.High, Message: "call to " + hPipe + " has no deadline " + hDetails,
				Detail:   "| a | b |\n|---|---|\n| 1 | 2 |",
				Location: finding.Location{Path: "internal/llm/" + hInvalid + ".go", StartLine: 40, StartCol: 2}, Fingerprint: "fp-high-1"},
			{Rule: "go/ai-inline-prompt", Severity: finding.Medium, Message: "inline prompt " + hLong,
				Location: finding.Location{Path: "cmd/" + hBidi + ".go", StartLine: 7}, Fingerprint: "fp-medium-1"},
			{Rule: "tf/missing-cost-tags", Severity: finding.Medium, Message: "resource \"aws_instance.gpu\" lacks tags " + hNewline,
				Location: finding.Location{Path: "infra/main.tf", StartLine: 1, StartCol: 1, EndLine: 9, EndCol: 2}, Fingerprint: "fp-medium-2"},
			{Rule: "parse/error", Severity: finding.High, Message: "repository-level problem " + hJSLink, Fingerprint: "fp-high-2"},
			{Rule: "ci/missing-timeout", Severity: finding.Low, Message: "job \"lint\" has no timeout-minutes",
				Location: finding.Location{Path: ".github/workflows/ci.yml", StartLine: 30, StartCol: 3}, Fingerprint: "fp-low-2",
				Suppressed: &finding.Suppression{Kind: "directive", Reason: "lint is fast " + hScript + " " + hMention,
					Location: finding.Location{Path: ".github/workflows/ci.yml", StartLine: 29}}},
			{Rule: "tf/missing-cost-tags", Severity: finding.Info, Message: "example resource lacks tags",
				Location: finding.Location{Path: "examples/main.tf", StartLine: 2}, Fingerprint: "fp-info-1",
				Suppressed: &finding.Suppression{Kind: "policy", Reason: "examples are not deployed " + hMarker,
					Location: finding.Location{Path: ".tollgate.hcl", StartLine: 5}}},
		},
		Gates: []report.Gate{
			{Name: "findings", Passed: false, Threshold: "no active finding at or above high", Observed: "3", Detail: "3 active finding(s) of severity high or higher"},
			{Name: "change-risk", Passed: true, Threshold: "70", Observed: "42", Detail: "risk of main.." + hMention + " is below the limit"},
		},
		Domains: []report.DomainRun{{Name: "pipeline", Files: 2}, {Name: "iac", Files: 1}, {Name: "licenses", Error: "module cache missing " + hScript}},
		Risk: &report.Risk{Subject: "main..HEAD", Score: 42, Level: "medium", Percentile: 87.5, Commits: 3, Author: "Mallory " + hMention + " " + hScript,
			Summary: "fix " + hMarker + " #12 " + hDetails, AIAuthored: true, SizeRate: "changes of this size later needed a fix 31% of the time",
			Model:        "coefficients fitted on this repository (" + hPipe + ")",
			History:      report.RiskHistory{Commits: 1200, Scored: 1100, BugInducing: 140, Fixes: 120, Shallow: true, MissingObjects: 3},
			HotSpots:     []report.RiskHotSpot{{Path: "internal/" + hImg + ".go", Churn: 900, Changes: 14, Fixes: 5}},
			AI:           &report.RiskAI{Commits: 40, Share: 3.6, MeanScore: 38.2, OtherMeanScore: 29.9, BugRate: 15, OtherBugRate: 12.5},
			Distribution: []int{300, 250, 180, 120, 90, 60, 40, 30, 20, 10},
			Notes:        []string{"shallow clone: history starts at " + hInvalid},
			Drivers: []report.RiskDriver{
				{Factor: "churn", Description: "1,204 lines changed by " + hMention + " " + hImg, Contribution: 18.5},
				{Factor: "ownership", Description: "author " + hScript + " new to internal/llm", Contribution: 12},
				{Factor: "tests", Description: "tests changed with the code", Contribution: -4.25},
			}},
		AI: &report.AI{
			Code: []report.AICall{{Location: finding.Location{Path: "internal/llm/client.go", StartLine: 40, StartCol: 2}, Provider: "openai",
				SDK: "github.com/openai/openai-go", Method: "Chat.Completions.New", Model: "gpt-4o" + hPipe, Function: "(*Client).Ask", Via: "sdk"}},
			Pipeline: []report.AIStep{{Location: finding.Location{Path: ".github/workflows/review.yml", StartLine: 20}, Workflow: "review",
				Job: "review", Step: hImg, Provider: "anthropic", Model: "implicit", Via: "action", Triggers: []string{"pull_request_target"},
				Permissions: []string{"contents: write"}, Secrets: []string{"ANTHROPIC_API_KEY"}}},
			Infrastructure: []report.AIResource{{Location: finding.Location{Path: "infra/main.tf", StartLine: 1}, Address: "aws_instance.gpu",
				Type: "aws_instance", Module: "root", Kind: "gpu", Why: "instance_type = " + hPipe, TagStatus: "fail"}},
		},
		Pipelines: &report.Pipelines{TotalRunnerMinutes: 600, Workflows: []report.WorkflowMetrics{
			{Path: ".github/workflows/ci.yml", Kind: "github", Lines: 120, Jobs: 4, Steps: 22, MaxMatrix: 6, RunnerMinutes: 240},
			{Path: ".github/workflows/" + hImg + ".yml", Kind: "github", Lines: 40, Jobs: 1, Steps: 5, RunnerMinutes: 360, UntimedJobs: 1,
				Generated: "gen/" + hScript, AISteps: 1},
		}},
		Terraform: &report.Terraform{Modules: 2, Instances: 3, Resources: 14, NotTaggable: 2, NotCreated: 1, CallsNotFollowed: 1,
			External: []report.ExternalModule{{Location: finding.Location{Path: "infra/main.tf", StartLine: 20}, Name: "vpc" + hPipe,
				Source: "git::https://example.com/" + hScript + ".git", Kind: "git", Version: "~> 5.0"}},
			Coverage: []report.ProviderCount{
				{Provider: "aws", Pass: 9, Fail: 3, Unknown: 1}, {Provider: "google" + hMention, Pass: 0, Fail: 1, Unknown: 0},
			}},
		Licenses: &report.Licenses{Platforms: []string{"linux/amd64", "darwin/arm64"}, Engine: "licenseclassifier v2.0.0",
			Summary: report.LicenseSummary{Modules: 3, ByVerdict: map[string]int{"denied": 1, "allowed": 1, "unknown": 1},
				ByCategory: map[string]int{"forbidden": 1, "notice": 1}},
			Modules: []report.ModuleLicense{
				{Module: "golang.org/x/text", Version: "v0.43.0", Expression: "BSD-3-Clause", Declared: "BSD-3-Clause", Category: "notice", Verdict: "allowed", DecidedBy: "allow list", Packages: 4},
				{Module: "github.com/example/agpl", Version: "v1.0.0", Expression: "AGPL-3.0-only", Category: "forbidden", Verdict: "denied", DecidedBy: "deny list",
					Replace: "../agpl-fork", Local: true, Packages: 1, Platforms: []string{"linux/amd64"}},
				{Module: "example.com/" + hScript, Version: "v0.0.1", Verdict: "unknown", Vendored: true, Error: "no license file " + hMention,
					Link: "javascript:alert(1)"},
			}},
		MLOps: &report.MLOps{Level: 1, Stage: "ad hoc " + hMarker, Signals: []report.MLOpsSignal{
			{Name: "model versioning", Present: true, Evidence: []report.MLOpsEvidence{{Location: finding.Location{Path: "models/" + hImg + ".dvc", StartLine: 1}, What: "dvc " + hPipe}}},
			{Name: "evaluation gate", Present: false},
		}, Artifacts: []report.MLArtifact{{Path: "models/model.onnx", Kind: "model", Size: 3 << 20, Storage: "lfs"}},
			Cards:            []string{"models/" + hScript + ".md"},
			Cap:              "placebo evaluation gate in train.yml " + hPipe,
			ArtifactsFrom:    "git",
			HistoryTruncated: true,
			Levels: []report.MLOpsLevel{
				{Level: 1, Name: "ML pipeline automation", Reached: true, Evidence: []report.MLOpsEvidence{
					{Location: finding.Location{Path: ".github/workflows/train.yml", StartLine: 4}, What: "schedule retrains " + hMention}}},
				{Level: 2, Name: "CI/CD pipeline automation", Reached: false, Missing: "a deploy of the model that depends on a blocking evaluation " + hDetails},
				{Level: 3, Name: "monitored", Reached: false, Missing: "monitoring of the served model"},
				{Level: 4, Name: "governed", Reached: false, Missing: "an approval before promotion `" + hScript + "`"},
			},
			Tools: []report.MLTool{
				{Name: "dvc", Role: "versioning", Evidence: []report.MLOpsEvidence{{Location: finding.Location{Path: "dvc.yaml", StartLine: 1}, What: "stages " + hPipe}}},
				{Name: "mlflow" + hImg, Role: "tracking"},
			},
			CardFreshness: []report.CardFreshness{
				{Card: "models/" + hScript + ".md", CardCommit: "89abcdef0123456789abcdef0123456789abcdef", Stale: true,
					ChangedAfter: []string{"train.py", "data/" + hMention + ".csv"}, CommitsAfter: 7},
				{Card: "models/README.md", CardCommit: "", Stale: false},
			}},
		Governance: &report.Governance{
			Gates: &report.GateInventory{
				Gates: []report.QualityGate{
					{Location: finding.Location{Path: ".github/workflows/ci.yml", StartLine: 14, StartCol: 9}, Pipeline: ".github/workflows/ci.yml", Job: "test", Step: "go test",
						Kind: "tests", Tool: "go test", Blocks: []string{".github/workflows/ci.yml#deploy"}, Blocking: true},
					{Location: finding.Location{Path: ".github/workflows/ci.yml", StartLine: 20, StartCol: 9}, Pipeline: ".github/workflows/ci.yml", Job: "scan" + hPipe, Step: "`trivy` " + hScript,
						Kind: "container-scan", Tool: "trivy", Placebo: "|| true " + hNewline},
					{Location: finding.Location{Path: ".github/workflows/ci.yml", StartLine: 26, StartCol: 9}, Pipeline: ".github/workflows/ci.yml", Job: "lint",
						Kind: "sast", Tool: "codeql"},
					{Location: finding.Location{Path: ".github/dependabot.yml", StartLine: 1}, Pipeline: ".github/dependabot.yml", Job: "dependabot",
						Kind: "dependency-scan", Tool: "dependabot", Signal: true},
					{Location: finding.Location{Path: ".gitlab-ci.yml", StartLine: 30, StartCol: 3}, Pipeline: ".gitlab-ci.yml", Job: "evaluate " + hMention,
						Kind: "evaluation", Tool: "pytest", Placebo: "literal metric", Blocks: []string{".gitlab-ci.yml#release"}},
				},
				Deploys: []report.Deploy{
					{Location: finding.Location{Path: ".github/workflows/ci.yml", StartLine: 40, StartCol: 9}, Pipeline: ".github/workflows/ci.yml", Job: "deploy", Step: "kubectl apply",
						Kind: "kubernetes", What: "kubectl apply -f k8s/", Environment: "production", Triggers: []string{"push"}, Approval: "environment", GatedBy: []string{"tests"}},
					{Location: finding.Location{Path: ".gitlab-ci.yml", StartLine: 50, StartCol: 3}, Pipeline: ".gitlab-ci.yml", Job: "release" + hImg,
						Kind: "endpoint", What: "gcloud ai endpoints deploy-model " + hPipe + " `x`", Model: true, Triggers: []string{"tag"}},
				},
			},
			Templates: &report.TemplateCoverage{Approved: []string{"acme/templates/.github/workflows/*.yml@v2", "gitlab.com/acme/" + hMention},
				Covered: 1, Total: 3,
				Jobs: []report.TemplateUse{
					{Location: finding.Location{Path: ".github/workflows/ci.yml", StartLine: 38}, Pipeline: ".github/workflows/ci.yml", Job: "deploy", Kind: "deploy",
						Template: "acme/templates/.github/workflows/deploy.yml@v2", Approved: true},
					{Location: finding.Location{Path: ".github/workflows/review.yml", StartLine: 10}, Pipeline: ".github/workflows/review.yml", Job: "review", Kind: "ai",
						Template: "evil/" + hScript + "@main"},
					{Location: finding.Location{Path: ".gitlab-ci.yml", StartLine: 48}, Pipeline: ".gitlab-ci.yml", Job: "release" + hImg, Kind: "ai+deploy"},
				}},
			Controls: &report.Controls{Catalogue: "tollgate-controls/2026.12", WithEvidence: 3, Total: 4,
				Frameworks: []report.ControlFramework{
					{ID: "NIST-AI-RMF", Name: "NIST AI Risk Management Framework 1.0", Source: "NIST AI 100-1 (2023)"},
					{ID: "SOC2", Name: "SOC 2 Trust Services Criteria", Source: "AICPA TSC 2017 " + hPipe},
				},
				Controls: []report.Control{
					{ID: "NIST-AI-RMF:MANAGE-4.1", Framework: "NIST-AI-RMF", Title: "Post-deployment monitoring " + hScript, Status: "fail",
						Rules:       []report.ControlRule{{Rule: "ci/ai-step-write-access", Ran: true, Findings: 1}, {Rule: "go/ai-no-deadline", Ran: true, Findings: 1, Suppressed: 2}},
						Inventories: []string{"ai"}},
					{ID: "NIST-AI-RMF:MEASURE-2.7", Framework: "NIST-AI-RMF", Title: "Security and resilience", Status: "pass",
						Rules: []report.ControlRule{{Rule: "ci/missing-timeout", Ran: true}}, Inventories: []string{"gates", "sbom"}},
					{ID: "NIST-AI-RMF:GOVERN-1.6", Framework: "NIST-AI-RMF", Title: "AI system inventory " + hMention, Status: "pass", Inventories: []string{"ai"}},
					{ID: "SOC2:CC8.1", Framework: "SOC2", Title: "Change management | " + hMarker, Status: "no-evidence",
						Rules: []report.ControlRule{{Rule: "lic/denied-license", Ran: false}}},
				}},
		},
		Trend: &report.Trend{
			Previous: &report.TrendPoint{At: t0.Add(-24 * time.Hour), Commit: "fedcba9876543210", Active: map[string]int{"high": 1, "low": 2}, Passed: true},
			New:      4, Fixed: 1,
			Series: []report.TrendPoint{
				{At: t0.Add(-24 * time.Hour), Commit: "fedcba9876543210", Active: map[string]int{"high": 1, "low": 2}, Passed: true},
				{At: t0, Commit: "0123456789abcdef", Active: map[string]int{"critical": 1, "high": 2, "medium": 2, "low": 1}, Passed: false, Risk: &riskScore},
			},
		},
	}
	r.Normalize()
	return r
}

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", name, cmp.Diff(string(want), string(got)))
	}
}

// renderFormat renders the fixture in a registered format, twice, and fails
// when the two runs differ: output must be byte-stable.
func renderFormat(t *testing.T, format string, r *report.Report) []byte {
	t.Helper()
	f, err := Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := f.Render(&a, r, Options{}); err != nil {
		t.Fatalf("render %s: %v", format, err)
	}
	if err := f.Render(&b, r, Options{}); err != nil {
		t.Fatalf("render %s: %v", format, err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("%s output is not byte-stable", format)
	}
	return a.Bytes()
}

// bigReport is a report with n active findings spread over every area and
// severity, with long hostile messages, for the size budgets.
func bigReport(n int) *report.Report {
	r := fixture()
	areas := []string{"ci/missing-timeout", "go/ai-no-deadline", "tf/missing-cost-tags", "lic/denied-license", "mlops/no-model-card"}
	r.Findings = r.Findings[:0]
	for i := range n {
		rule := areas[i%len(areas)]
		r.Findings = append(r.Findings, finding.Finding{
			Rule:        rule,
			Severity:    finding.Severity(i % 5),
			Message:     fmt.Sprintf("finding %d %s %s %s", i, hScript, hMention, hLong[:200]),
			Location:    finding.Location{Path: fmt.Sprintf("dir%d/%s/file%d.go", i%17, hImg, i), StartLine: i%900 + 1, StartCol: 1},
			Fingerprint: fmt.Sprintf("fp-%06d", i),
		})
	}
	r.Normalize()
	return r
}
