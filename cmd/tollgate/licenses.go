package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/licensing"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/scan"
)

func init() {
	var (
		out, policyPath, cache, platforms, now string
		tests, asJSON, stats                   bool
	)
	register(&command{
		name:    "licenses",
		usage:   "[list | notices] [flags] [dir]",
		summary: "list dependency licenses, or write THIRD_PARTY_NOTICES",
		help: `licenses reads the Go module graph of the module or workspace at dir (default
"."), offline, and judges every module@version's license with the policy's
licenses block, like check does.

  tollgate licenses                 a table: module, version, license, category, verdict
  tollgate licenses --json          the report's licenses section as JSON
  tollgate licenses notices         write THIRD_PARTY_NOTICES: every third-party
                                    module, each license text once, NOTICE files verbatim
  tollgate licenses notices -o -    the same to standard output

For a CycloneDX SBOM use: tollgate scan --format cyclonedx=sbom.json`,
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&out, "o", "THIRD_PARTY_NOTICES", "`file` that notices writes (- for standard output)")
			fs.StringVar(&policyPath, "policy", "", "policy `file` (default: .tollgate.hcl in dir, or the defaults)")
			fs.StringVar(&cache, "cache", "", "classification cache `dir` (default: the user cache directory; off: none)")
			fs.StringVar(&platforms, "platforms", "", "comma-separated GOOS/GOARCH `list` whose union is checked (default: the policy's, or the host's)")
			fs.BoolVar(&tests, "tests", false, "include the test dependencies of the module's packages")
			fs.BoolVar(&asJSON, "json", false, "print the licenses section as JSON instead of a table")
			fs.BoolVar(&stats, "stats", false, "print what was classified and cached to standard error")
			fs.StringVar(&now, "now", "", "`time` (RFC 3339) exceptions are judged at (default: now)")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			sub := "list"
			if len(args) > 0 && (args[0] == "list" || args[0] == "notices") {
				sub, args = args[0], args[1:]
			}
			if len(args) > 1 {
				fmt.Fprintln(e.stderr, "tollgate licenses: want at most one directory")
				return exitUsage
			}
			dir := "."
			if len(args) == 1 {
				dir = strings.TrimSuffix(strings.TrimSuffix(args[0], "..."), "/")
				if dir == "" {
					dir = "."
				}
			}
			abs, err := filepath.Abs(dir)
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate licenses: %v\n", err)
				return exitUsage
			}
			if !hasModuleFile(abs) {
				fmt.Fprintf(e.stderr, "tollgate licenses: %s has no go.mod, go.work or lock file (package-lock.json, yarn.lock, pnpm-lock.yaml, bun.lock)\n", dir)
				return exitUsage
			}
			var pol *policy.Policy
			if policyPath != "" {
				pol, err = policy.LoadFile(policyPath)
			} else {
				pol, err = policy.Load(abs)
			}
			if err != nil {
				var pe *policy.Error
				if errors.As(err, &pe) {
					fmt.Fprintf(e.stderr, "tollgate: bad policy file:\n%v\n", err)
				} else {
					fmt.Fprintf(e.stderr, "tollgate licenses: %v\n", err)
				}
				return exitUsage
			}
			dopts := map[string]string{"licenses.cache": cache, "licenses.platforms": platforms}
			if tests {
				dopts["licenses.tests"] = "true"
			}
			if _, err := scan.LicensingOptions(abs, pol, dopts); err != nil {
				fmt.Fprintf(e.stderr, "tollgate licenses: %v\n", err)
				return exitUsage
			}
			clock := time.Now
			if now != "" {
				t, err := time.Parse(time.RFC3339, now)
				if err != nil {
					fmt.Fprintf(e.stderr, "tollgate licenses: --now: %v\n", err)
					return exitUsage
				}
				clock = func() time.Time { return t }
			}
			start := time.Now()
			// The same engine run as `scan --only licenses`: one notion of
			// the module roots, first party, suppressions and the gate.
			r, res, err := scan.RunLicenses(ctx, scan.Options{Root: abs, Policy: pol, Now: clock, Mode: "check", DomainOptions: dopts})
			if err != nil {
				var pe *policy.Error
				if errors.As(err, &pe) {
					fmt.Fprintf(e.stderr, "tollgate: bad policy file:\n%v\n", err)
					return exitUsage
				}
				fmt.Fprintf(e.stderr, "tollgate licenses: %v\n", err)
				return exitInternal
			}
			if stats {
				s := res.Stats
				fmt.Fprintf(e.stderr, "licenses: %d modules, %d files, %d distinct texts, %d classified, %d from cache, classifier loaded: %v, %s\n",
					s.Modules, s.Files, s.DistinctTexts, s.Classified, s.CacheHits, s.ClassifierLoads, time.Since(start).Round(time.Millisecond))
			}
			verdict := licensesExit(e, r, pol.FailOn)
			switch {
			case sub == "notices":
				var buf bytes.Buffer
				if err := licensing.WriteNotices(&buf, res); err != nil {
					fmt.Fprintf(e.stderr, "tollgate licenses notices: %v\n", err)
					return exitInternal
				}
				if out == "-" {
					_, _ = e.stdout.Write(buf.Bytes())
					return verdict()
				}
				if err := writeFileAtomic(out, buf.Bytes()); err != nil {
					fmt.Fprintf(e.stderr, "tollgate licenses notices: %v\n", err)
					return exitInternal
				}
				fmt.Fprintf(e.stderr, "wrote %s\n", out)
			case asJSON:
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				sec := r.Licenses
				if sec == nil {
					sec = scan.LicensesSection(res)
				}
				if err := enc.Encode(sec); err != nil {
					return exitInternal
				}
			default:
				tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "MODULE\tVERSION\tLICENSE\tCATEGORY\tVERDICT")
				for _, m := range res.Modules {
					v := m.Version
					if m.Replace != nil && m.Replace.Local {
						v = "=> " + m.Replace.Path
					}
					expr := m.Concluded
					if expr == "" {
						expr = "-"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.Path, v, expr, m.Category, m.Verdict)
				}
				tw.Flush()
			}
			return verdict()
		},
	})
}

// licensesExit reports on standard error what kept the run from reading
// the license evidence, and returns the function that gives the exit code
// once the output is written, as check does: 1 when the policy fails, 3
// when the module graph could not be read completely, so the verdicts are
// not a decision (a failing verdict on what was read is still 1).
func licensesExit(e *env, r *report.Report, failOn finding.Severity) func() int {
	gap, fails := false, false
	for _, f := range r.Active() {
		switch f.Rule {
		case licensing.GraphError.ID:
			gap = true
		case licensing.OutsideRoot.ID, licensing.UnreadableFile.ID:
		default:
			fails = fails || f.Severity >= failOn
			continue
		}
		fmt.Fprintf(e.stderr, "tollgate licenses: %s: %s\n", f.Location.Path, f.Message)
	}
	return func() int {
		switch {
		case fails && !r.Passed():
			fmt.Fprintln(e.stderr, "tollgate licenses: the license policy fails")
			return exitGate
		case gap:
			fmt.Fprintln(e.stderr, "tollgate licenses: the module graph could not be read completely, so the licenses were not all checked")
			return exitInternal
		case !r.Passed():
			fmt.Fprintln(e.stderr, "tollgate licenses: the license policy fails")
			return exitGate
		}
		return exitClean
	}
}

// hasModuleFile reports whether dir has a go.mod, go.work or lock file of
// its own (a link counts; where it leads is checked, and reported, by the
// analysis). A lock file that carries no licenses is reported by the run.
func hasModuleFile(dir string) bool {
	r, err := safefs.Open(dir, 0)
	if err != nil {
		return false
	}
	defer r.Close()
	for _, n := range []string{"go.mod", "go.work", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb"} {
		if _, err := r.Lstat(n); err == nil {
			return true
		}
	}
	return false
}
