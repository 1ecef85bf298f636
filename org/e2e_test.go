package org

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/store"
)

// TestMain doubles as a shard process: the end-to-end test re-executes the
// test binary with TOLLGATE_ORG_CHILD_PLAN set, and the engine's own
// variables naming the shard.
func TestMain(m *testing.M) {
	if plan := os.Getenv("TOLLGATE_ORG_CHILD_PLAN"); plan != "" {
		os.Exit(child(plan))
	}
	os.Exit(m.Run())
}

func child(planPath string) int {
	p, err := ReadPlan(planPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	i, err := ShardFromEnv(os.Getenv("TOLLGATE_ORG_CHILD_ENGINE"), os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	opts := ScanOptions{Out: os.Getenv("TOLLGATE_ORG_CHILD_OUT"), Now: fixedNow, Version: testVersion}
	if os.Getenv("TOLLGATE_ORG_CHILD_HANG") != "" {
		// Stop after the first repository, as a shard killed mid-run would.
		opts.Progress = func(Status) {
			fmt.Println("first repository done")
			time.Sleep(time.Hour)
		}
	}
	if _, err := ScanShard(context.Background(), p, i, opts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

// shardCmd is a shard process with the engine's variable for shard i.
func shardCmd(t *testing.T, planPath, out, engine string, i int) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	env := append(os.Environ(), "TOLLGATE_ORG_CHILD_PLAN="+planPath, "TOLLGATE_ORG_CHILD_OUT="+out,
		"TOLLGATE_ORG_CHILD_ENGINE="+engine)
	switch engine {
	case "k8s":
		env = append(env, fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i))
	case "gitlab":
		env = append(env, fmt.Sprintf("CI_NODE_INDEX=%d", i+1), "CI_NODE_TOTAL=99")
	case "gha":
		env = append(env, fmt.Sprintf("TOLLGATE_SHARD=%d", i))
	}
	cmd.Env = env
	return cmd
}

func writePlan(t *testing.T, p *Plan) string {
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, p.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mergeBytes(t *testing.T, runDir string) (string, string) {
	t.Helper()
	rep, err := Merge(context.Background(), runDir, MergeOptions{MinCompletion: 1})
	if err != nil {
		t.Fatalf("merge %s: %v", runDir, err)
	}
	if err := WriteReport(runDir, rep); err != nil {
		t.Fatal(err)
	}
	j, _ := os.ReadFile(filepath.Join(runDir, "org.json"))
	m, _ := os.ReadFile(filepath.Join(runDir, "org.md"))
	h, _ := os.ReadFile(filepath.Join(runDir, "org.html"))
	return string(j), string(m) + string(h)
}

// TestEndToEnd builds an organisation, scans it as one process and as 3, 4
// and 7 shard processes on the engines' variables (one shard killed and
// rerun, one run twice at once, one given a changed list), and checks that
// every merge gives the same bytes.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds 20 repositories and runs shard processes")
	}
	ctx := context.Background()
	clones, list := makeOrg(t, 20)
	repos, err := ReadRepos(list, clones)
	if err != nil {
		t.Fatal(err)
	}
	plan := func(shards int) *Plan {
		p, err := NewPlan(repos, PlanOptions{Shards: shards, Version: testVersion, Only: testOnly, Run: "nightly"})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}

	// One process, in this one.
	single := t.TempDir()
	if _, err := ScanShard(ctx, plan(1), 0, ScanOptions{Out: single, Now: fixedNow, Version: testVersion}); err != nil {
		t.Fatal(err)
	}
	wantJSON, wantMD := mergeBytes(t, filepath.Join(single, "nightly"))
	if dump := os.Getenv("TOLLGATE_ORG_DUMP"); dump != "" {
		os.WriteFile(dump, []byte(wantMD), 0o644)
	}
	if j, m := mergeBytes(t, filepath.Join(single, "nightly")); j != wantJSON || m != wantMD {
		t.Error("merging twice gave other bytes")
	}
	for _, want := range []string{`"planned": 20`, `"scanned": 20`, `"provider": "openai"`} {
		if !strings.Contains(wantJSON, want) {
			t.Errorf("org.json lacks %s:\n%s", want, wantJSON)
		}
	}

	for _, tc := range []struct {
		shards int
		engine string
	}{{3, "k8s"}, {4, "gitlab"}, {7, "gha"}} {
		t.Run(fmt.Sprintf("%d shards on %s", tc.shards, tc.engine), func(t *testing.T) {
			p := plan(tc.shards)
			planPath := writePlan(t, p)
			out := t.TempDir()
			runDir := filepath.Join(out, "nightly")

			// The shard with the most repositories is killed after its
			// first one and run again.
			victim := 0
			for i := range p.Shards {
				if len(p.ShardRepos(i)) > len(p.ShardRepos(victim)) {
					victim = i
				}
			}
			if len(p.ShardRepos(victim)) < 2 {
				t.Fatalf("no shard of %d has two repositories", tc.shards)
			}
			hang := shardCmd(t, planPath, out, tc.engine, victim)
			hang.Env = append(hang.Env, "TOLLGATE_ORG_CHILD_HANG=1")
			pipe, err := hang.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := hang.Start(); err != nil {
				t.Fatal(err)
			}
			first := p.ShardRepos(victim)[0]
			line, err := bufio.NewReader(pipe).ReadString('\n')
			if line != "first repository done\n" {
				hang.Process.Kill()
				t.Fatalf("the shard to kill said %q, %v; want it done with its first repository", line, err)
			}
			hang.Process.Signal(syscall.SIGKILL)
			hang.Wait()
			if exists(DonePath(runDir, victim)) {
				t.Fatal("a killed shard left its marker")
			}
			firstResults, _ := filepath.Glob(filepath.Join(runDir, "repos", filepath.FromSlash(first.Name), "*.json"))
			if len(firstResults) != 1 {
				t.Fatalf("killed shard: %d results for its first repository; want 1", len(firstResults))
			}
			before, _ := os.ReadFile(firstResults[0])
			stBefore, _ := os.Stat(firstResults[0])

			// Every shard, the other shards in parallel; shard 0 (or 1) twice
			// at once; the victim again.
			twice := (victim + 1) % p.Shards
			var cmds []*exec.Cmd
			for i := range p.Shards {
				cmds = append(cmds, shardCmd(t, planPath, out, tc.engine, i))
				if i == twice {
					cmds = append(cmds, shardCmd(t, planPath, out, tc.engine, i))
				}
			}
			var wg sync.WaitGroup
			errs := make([]string, len(cmds))
			for k, c := range cmds {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if b, err := c.CombinedOutput(); err != nil {
						errs[k] = fmt.Sprintf("shard process %d: %v\n%s", k, err, b)
					}
				}()
			}
			wg.Wait()
			for _, e := range errs {
				if e != "" {
					t.Error(e)
				}
			}
			after, _ := os.ReadFile(firstResults[0])
			stAfter, _ := os.Stat(firstResults[0])
			if !bytes.Equal(before, after) || !stBefore.ModTime().Equal(stAfter.ModTime()) {
				t.Error("the rerun rewrote a result the killed shard had finished")
			}

			// The repository list changed mid-run: refused.
			changed, err := NewPlan(repos[1:], PlanOptions{Shards: tc.shards, Version: testVersion, Only: testOnly, Run: "nightly"})
			if err != nil {
				t.Fatal(err)
			}
			b, err := shardCmd(t, writePlan(t, changed), out, tc.engine, 0).CombinedOutput()
			if err == nil || !strings.Contains(string(b), "changed mid-run") {
				t.Errorf("changed list: %v\n%s; want it refused", err, b)
			}

			j, m := mergeBytes(t, runDir)
			if j != wantJSON {
				t.Errorf("org.json differs from the single-process run:\n%s\nwant:\n%s", j, wantJSON)
			}
			if m != wantMD {
				t.Errorf("org.md or org.html differs from the single-process run:\n%s\nwant:\n%s", m, wantMD)
			}
		})
	}

	// Merging merges: each shard run on its own machine, its output handed
	// back in a directory of its own (one artifact per job), merged from
	// all of them, and with one shard run in two places.
	t.Run("shards in separate directories", func(t *testing.T) {
		p := plan(3)
		var dirs []string
		for i := range p.Shards {
			out := t.TempDir()
			if _, err := ScanShard(ctx, p, i, ScanOptions{Out: out, Now: fixedNow, Version: testVersion}); err != nil {
				t.Fatal(err)
			}
			dirs = append(dirs, filepath.Join(out, "nightly"))
		}
		again := t.TempDir()
		if _, err := ScanShard(ctx, p, 1, ScanOptions{Out: again, Now: fixedNow, Version: testVersion}); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, filepath.Join(again, "nightly"))
		rep, err := Merge(ctx, dirs[0], MergeOptions{MinCompletion: 1, More: dirs[1:]})
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteReport(dirs[0], rep); err != nil {
			t.Fatal(err)
		}
		if j, _ := os.ReadFile(filepath.Join(dirs[0], "org.json")); string(j) != wantJSON {
			t.Errorf("merge of separate directories differs from the single-process run:\n%s", j)
		}
		// A part of another run is refused.
		other := t.TempDir()
		if _, err := ScanShard(ctx, plan(4), 0, ScanOptions{Out: other, Now: fixedNow, Version: testVersion}); err != nil {
			t.Fatal(err)
		}
		if _, err := Merge(ctx, dirs[0], MergeOptions{More: []string{filepath.Join(other, "nightly")}}); err == nil || !strings.Contains(err.Error(), "another run") {
			t.Errorf("merge with a part of another plan: %v; want it refused", err)
		}
	})

	// Ingest into the store twice: the second changes nothing.
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var exports []string
	for range 2 {
		if _, err := Merge(ctx, filepath.Join(single, "nightly"), MergeOptions{Store: s}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := s.Export(ctx, &buf, ""); err != nil {
			t.Fatal(err)
		}
		exports = append(exports, buf.String())
	}
	if exports[0] != exports[1] || strings.Count(exports[0], `"type":"run"`) != 20 {
		t.Errorf("ingest twice: exports differ or do not hold 20 runs:\n%s", exports[1])
	}
}
