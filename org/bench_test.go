package org

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/store"
)

// synthOrg writes a run directory of n synthetic results (20 findings
// each, a third with AI steps, every one with a risk score) and n/50+1
// shard markers, as a nightly run of n repositories leaves it.
func synthOrg(b *testing.B, n int) string {
	b.Helper()
	var repos []Repo
	for i := range n {
		repos = append(repos, Repo{Name: fmt.Sprintf("github.com/org%d/repo%04d", i%17, i), Dir: "/clones"})
	}
	p, err := NewPlan(repos, PlanOptions{Shards: n/50 + 1, Version: testVersion, Run: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	runDir := filepath.Join(b.TempDir(), "bench")
	if err := os.MkdirAll(runDir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := writeAtomic(filepath.Join(runDir, "plan.json"), p.Encode()); err != nil {
		b.Fatal(err)
	}
	markers := make([]Done, p.Shards)
	for i := range markers {
		markers[i] = Done{Schema: DoneSchema, Shard: i, PlanDigest: p.Digest, Repos: []Status{}}
	}
	sevs := finding.Severities()
	for i, r := range p.Repos {
		commit := fmt.Sprintf("%040x", i+1)
		rep := &report.Report{Schema: report.Schema, Tool: report.Tool{Name: "tollgate", Version: testVersion},
			Repository: report.Repository{Root: r.Name, Commit: commit}, PolicyDigest: p.PolicyDigest,
			StartedAt: fixedNow(), FinishedAt: fixedNow(), Risk: &report.Risk{Score: (i * 37) % 101, Model: "bench"}}
		for k := range 20 {
			rule := fmt.Sprintf("ci/rule-%02d", (i+k*k)%40)
			path := fmt.Sprintf(".github/workflows/w%d.yml", k%4)
			rep.Findings = append(rep.Findings, finding.Finding{Rule: rule, Severity: sevs[(i+k)%len(sevs)],
				Message: "synthetic finding", Location: finding.Location{Path: path, StartLine: k + 1},
				Fingerprint: finding.Fingerprint(rule, path, fmt.Sprint(k))})
		}
		rep.Gates = []report.Gate{{Name: "severity", Passed: i%4 != 0}}
		if i%3 == 0 {
			rep.AI = &report.AI{Pipeline: []report.AIStep{{Provider: []string{"openai", "anthropic", "google"}[i/3%3], Workflow: "w"}}}
		}
		data, err := json.Marshal(Result{Schema: ResultSchema, Repo: r.Name, Commit: commit, ToolVersion: testVersion,
			PolicyDigest: p.PolicyDigest, Report: rep})
		if err != nil {
			b.Fatal(err)
		}
		if err := writeAtomic(ResultPath(runDir, r.Name, commit), data); err != nil {
			b.Fatal(err)
		}
		markers[r.Shard].Repos = append(markers[r.Shard].Repos, Status{Repo: r.Name, Commit: commit, State: "ok"})
	}
	for i, d := range markers {
		data, _ := json.Marshal(d)
		if err := writeAtomic(DonePath(runDir, i), data); err != nil {
			b.Fatal(err)
		}
	}
	return runDir
}

// BenchmarkMerge1000 merges 1,000 repository results into the report.
func BenchmarkMerge1000(b *testing.B) {
	runDir := synthOrg(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		rep, err := Merge(context.Background(), runDir, MergeOptions{})
		if err != nil || rep.Scanned != 1000 {
			b.Fatalf("merge: %v", err)
		}
		if err := WriteReport(runDir, rep); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMerge1000Store merges 1,000 results and ingests them into a
// fresh SQLite store (the first, full ingest).
func BenchmarkMerge1000Store(b *testing.B) {
	runDir := synthOrg(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		s, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "h.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := Merge(context.Background(), runDir, MergeOptions{Store: s}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkScanShard scans one shard of 20 small repositories (pipeline,
// Terraform and MLOps domains); repos/min is the shard's throughput.
func BenchmarkScanShard(b *testing.B) {
	clones, list := makeOrg(b, 20)
	repos, err := ReadRepos(list, clones)
	if err != nil {
		b.Fatal(err)
	}
	p, err := NewPlan(repos, PlanOptions{Version: testVersion, Only: []string{"pipeline", "iac", "mlops"}})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		out := b.TempDir()
		b.StartTimer()
		if _, err := ScanShard(context.Background(), p, 0, ScanOptions{Out: out, Version: testVersion, Now: fixedNow}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(repos))*float64(b.N)/b.Elapsed().Minutes(), "repos/min")
}
