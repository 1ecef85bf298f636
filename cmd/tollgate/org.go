package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tollgate-dev/tollgate/org"
	"github.com/tollgate-dev/tollgate/store"
)

func init() {
	var (
		repos, dir, clones, format, policyFile, only, run string
		shards                                            int
		planPath, shardEnv, out                           string
		shard                                             int
		minCompletion                                     float64
		storeDSN                                          string
	)
	register(&command{
		name:    "org",
		usage:   "plan|scan|merge [flags] [run-dir]",
		summary: "scan a whole organisation in shards on an existing engine, then merge",
		help: `org splits the scan of many repositories into shards that an engine you already
run executes (a GitHub Actions matrix, a Kubernetes Indexed Job, GitLab
parallel:), then merges the results. tollgate never clones: a step before the
shard puts the clones where the plan says.

  tollgate org plan --repos repos.txt --shards 8 [--format gha-matrix|k8s-job|gitlab] > plan.json
  tollgate org scan --plan plan.json --shard 3 --out out     (or --shard-from-env k8s|gitlab|gha)
  tollgate org merge out/<run> [more parts of the run…] --min-completion 0.99 [--store history.db|postgres://…]

repos.txt holds one host/owner/name a line, optionally followed by the clone's
directory (default: --clones/host/owner/name). A shard writes
out/<run>/repos/<host>/<owner>/<name>/<commit>.json atomically and
out/<run>/shards/<i>.done last, skips what is already done at the same commit,
version and policy, and refuses a plan other than the one the run began with.
merge writes out/<run>/org.json, org.md and org.html; run it twice and get the same bytes.
When the shards' outputs come back in separate directories (one artifact per job), name
them all: the first receives the report, which is the same as if they had been gathered.`,
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&repos, "repos", "", "plan: repository list `file`")
			fs.StringVar(&dir, "dir", "", "plan: `directory` of clones laid out as host/owner/name (instead of --repos)")
			fs.StringVar(&clones, "clones", "", "plan: `directory` holding the clones named in --repos (default: the list's directory)")
			fs.IntVar(&shards, "shards", 1, "plan: number of shards, 1 to 256")
			fs.StringVar(&format, "format", "json", "plan: json, gha-matrix, k8s-job or gitlab")
			fs.StringVar(&policyFile, "policy", "", "plan: organisation policy `file` applied to every repository (default: the defaults)")
			fs.StringVar(&only, "only", "", "plan: comma-separated `domains` to run")
			fs.StringVar(&run, "run", "", "plan: run `name` (default: from the repository list's digest)")
			fs.StringVar(&planPath, "plan", "plan.json", "scan: plan `file`")
			fs.IntVar(&shard, "shard", -1, "scan: shard `index`, from 0")
			fs.StringVar(&shardEnv, "shard-from-env", "", "scan: take the shard from the `engine`'s variables: k8s, gitlab or gha")
			fs.StringVar(&out, "out", "out", "scan: output `directory`")
			fs.Float64Var(&minCompletion, "min-completion", 1, "merge: least share of planned repositories with a result")
			fs.StringVar(&storeDSN, "store", "", "merge: history store to ingest into: a SQLite `file` or a postgres:// URL")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			fail := func(code int, err error) int {
				fmt.Fprintf(e.stderr, "tollgate org: %v\n", err)
				return code
			}
			if len(args) == 0 {
				fmt.Fprintln(e.stderr, "tollgate org: want plan, scan or merge")
				return exitUsage
			}
			switch args[0] {
			case "plan":
				var rs []org.Repo
				var err error
				switch {
				case (repos == "") == (dir == ""):
					return fail(exitUsage, fmt.Errorf("plan: want one of --repos and --dir"))
				case repos != "":
					rs, err = org.ReadRepos(repos, clones)
				default:
					rs, err = org.FindClones(dir)
				}
				if err != nil {
					return fail(exitUsage, err)
				}
				var domains []string
				if only != "" {
					domains = strings.Split(only, ",")
				}
				p, err := org.NewPlan(rs, org.PlanOptions{Shards: shards, PolicyFile: policyFile, Only: domains, Run: run})
				if err != nil {
					return fail(exitUsage, err)
				}
				b, err := org.Render(p, format, planPath)
				if err != nil {
					return fail(exitUsage, err)
				}
				e.stdout.Write(b)
				return exitClean
			case "scan":
				p, err := org.ReadPlan(planPath)
				if err != nil {
					return fail(exitUsage, err)
				}
				i := shard
				if shardEnv != "" {
					if i, err = org.ShardFromEnv(shardEnv, e.getenv); err != nil {
						return fail(exitUsage, err)
					}
				}
				if i < 0 {
					return fail(exitUsage, fmt.Errorf("scan: want --shard or --shard-from-env"))
				}
				d, err := org.ScanShard(ctx, p, i, org.ScanOptions{Out: out, Progress: func(st org.Status) {
					fmt.Fprintf(e.stderr, "%s %s %s\n", st.State, st.Repo, st.Reason)
				}})
				if err != nil {
					return fail(exitUsage, err)
				}
				failed := 0
				for _, st := range d.Repos {
					if st.State == "failed" {
						failed++
					}
				}
				fmt.Fprintf(e.stdout, "shard %d: %d repositories, %d failed; wrote %s\n", i, len(d.Repos), failed,
					org.DonePath(org.RunDir(out, p), i))
				if failed > 0 {
					return exitGate
				}
				return exitClean
			case "merge":
				if len(args) < 2 {
					return fail(exitUsage, fmt.Errorf("merge: want a run directory (and the directories of its other parts)"))
				}
				opts := org.MergeOptions{MinCompletion: minCompletion, More: args[2:]}
				if storeDSN != "" {
					s, err := store.Open(ctx, storeDSN)
					if err != nil {
						return fail(exitInternal, err)
					}
					defer s.Close()
					opts.Store = s
				}
				rep, err := org.Merge(ctx, args[1], opts)
				if rep == nil {
					return fail(exitUsage, err)
				}
				if err != nil {
					fmt.Fprintf(e.stderr, "tollgate org: %v\n", err)
					for _, m := range rep.Missing {
						fmt.Fprintf(e.stderr, "missing %s: %s\n", m.Repo, m.Reason)
					}
					return exitGate
				}
				if err := org.WriteReport(args[1], rep); err != nil {
					return fail(exitInternal, err)
				}
				fmt.Fprintf(e.stdout, "merged %d of %d repositories: %d passed, %d failed; wrote %s, %s and org.html\n",
					rep.Scanned, rep.Planned, rep.Verdicts["passed"], rep.Verdicts["failed"],
					filepath.Join(args[1], "org.json"), filepath.Join(args[1], "org.md"))
				// Repositories failing their gates are the report's news, not
				// the merge's failure.
				return exitClean
			}
			return fail(exitUsage, fmt.Errorf("unknown subcommand %q: want plan, scan or merge", args[0]))
		},
	})
}
