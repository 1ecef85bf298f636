package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/tollgate-dev/tollgate/store"
)

func init() {
	var dsn, repo, format, since string
	var n int
	register(&command{
		name:    "history",
		usage:   "trend|diff|mttr|export|import --store DSN [--repo host/owner/name] [history-dir]",
		summary: "query the history store: trend, diff since last, time to fix, export",
		help: `history answers questions over the history store that ` + "`org merge --store`" + ` fills:

  trend   the last -n runs of --repo: counts, risk, scoring version, policy
  diff    --since last: findings new and fixed since the run before the newest
  mttr    time to fix: from first seen to the first run without the finding
  export  every run and finding lifecycle as NDJSON (--format ndjson)
  import  the records of a ` + "`scan --history DIR`" + ` directory, as runs of --repo

--store is a SQLite file or a postgres:// URL.`,
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&dsn, "store", "", "history store: a SQLite `file` or a postgres:// URL")
			fs.StringVar(&repo, "repo", "", "repository `name` (host/owner/name); empty means all where allowed")
			fs.StringVar(&format, "format", "text", "text or json (ndjson for export)")
			fs.StringVar(&since, "since", "last", "diff: compare with `run`; only last is supported")
			fs.IntVar(&n, "n", 30, "trend: number of runs")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			fail := func(code int, err error) int {
				fmt.Fprintf(e.stderr, "tollgate history: %v\n", err)
				return code
			}
			if len(args) == 0 || len(args) != 1 && args[0] != "import" {
				return fail(exitUsage, fmt.Errorf("want one of trend, diff, mttr, export, import"))
			}
			if dsn == "" {
				return fail(exitUsage, fmt.Errorf("want --store"))
			}
			s, err := store.Open(ctx, dsn)
			if err != nil {
				return fail(exitInternal, err)
			}
			defer s.Close()
			asJSON := func(v any) int {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(v); err != nil {
					return fail(exitInternal, err)
				}
				return exitClean
			}
			switch args[0] {
			case "trend":
				if repo == "" {
					return fail(exitUsage, fmt.Errorf("trend: want --repo"))
				}
				runs, err := s.Trend(ctx, repo, n)
				if err != nil {
					return fail(exitInternal, err)
				}
				if format == "json" {
					return asJSON(runs)
				}
				fmt.Fprintf(e.stdout, "%-20s  %-12s  %6s  %4s  %4s  %4s  %4s  %s\n", "at", "commit", "active", "crit", "high", "risk", "pass", "scoring")
				for _, r := range runs {
					risk := "-"
					if r.Risk != nil {
						risk = fmt.Sprint(*r.Risk)
					}
					fmt.Fprintf(e.stdout, "%-20s  %-12.12s  %6d  %4d  %4d  %4s  %4t  %s\n", r.At.Format(time.RFC3339), r.Commit,
						r.Counts.Active, r.Counts.Critical, r.Counts.High, risk, r.Passed, r.ScoringVersion)
				}
			case "diff":
				if since != "last" {
					return fail(exitUsage, fmt.Errorf("diff: --since %q: only last is supported", since))
				}
				if repo == "" {
					return fail(exitUsage, fmt.Errorf("diff: want --repo"))
				}
				d, err := s.DiffSinceLast(ctx, repo)
				if err != nil {
					return fail(exitInternal, err)
				}
				if format == "json" {
					return asJSON(d)
				}
				fmt.Fprintf(e.stdout, "%s: %.12s → %.12s: %d new, %d fixed\n", repo, d.From.Commit, d.To.Commit, len(d.New), len(d.Fixed))
				for _, f := range d.New {
					fmt.Fprintf(e.stdout, "new    %s %s %s\n", f.Rule, f.Severity, f.Path)
				}
				for _, f := range d.Fixed {
					fmt.Fprintf(e.stdout, "fixed  %s %s %s\n", f.Rule, f.Severity, f.Path)
				}
			case "mttr":
				m, err := s.TimeToFix(ctx, repo)
				if err != nil {
					return fail(exitInternal, err)
				}
				if format == "json" {
					return asJSON(m)
				}
				fmt.Fprintf(e.stdout, "fixed %d, open %d, mean time to fix %s, median %s\n", m.Fixed, m.Open, m.Mean, m.Median)
			case "export":
				if format != "ndjson" && format != "text" {
					return fail(exitUsage, fmt.Errorf("export: --format %q: want ndjson", format))
				}
				if err := s.Export(ctx, e.stdout, repo); err != nil {
					return fail(exitInternal, err)
				}
			case "import":
				if len(args) != 2 || repo == "" {
					return fail(exitUsage, fmt.Errorf("import: want --repo and one history directory"))
				}
				n, err := s.ImportHistory(ctx, repo, args[1])
				if err != nil {
					return fail(exitInternal, err)
				}
				fmt.Fprintf(e.stdout, "imported %d record(s) of %s\n", n, repo)
			default:
				return fail(exitUsage, fmt.Errorf("unknown query %q: want trend, diff, mttr, export or import", args[0]))
			}
			return exitClean
		},
	})
}
