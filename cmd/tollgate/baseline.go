package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/scan"
)

// defaultBaseline is where `tollgate baseline` writes, relative to the root.
const defaultBaseline = ".tollgate-baseline.json"

func init() {
	var c common
	var out string
	register(&command{
		name:    "baseline",
		usage:   "[-o file] [dir]",
		summary: "accept every current finding: write a baseline so only new findings fail",
		help: `baseline runs the file-based domains, as check does, and writes the active
findings to a baseline file (default ` + defaultBaseline + ` at the root). Name it in
.tollgate.hcl with ` + "`baseline = \"" + defaultBaseline + "\"`" + `: its findings stay in every report,
suppressed with kind "baseline", and only new ones fail the gate. Entries match
by fingerprint, so they survive line moves. Commit the file; regenerate it to
accept more, delete entries to stop accepting them.`,
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&c.policyPath, "policy", "", "policy `file` (default: .tollgate.hcl at the root)")
			fs.StringVar(&out, "o", "", "baseline `file` to write (default "+defaultBaseline+" at the root)")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			if len(args) > 1 {
				fmt.Fprintln(e.stderr, "tollgate baseline: want at most one directory")
				return exitUsage
			}
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			pol, err := c.loadPolicy()
			if err == nil && pol == nil {
				pol, err = policy.Load(root)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate baseline: %v\n", err)
				return exitUsage
			}
			// Judge the findings without the current baseline, so it is replaced, not shrunk.
			cp := *pol
			cp.Baseline, cp.BaselineData = "", nil
			r, err := scan.Run(ctx, scan.Options{Root: root, Policy: &cp, Mode: "check", Skip: []string{"risk"}})
			var de *scan.DomainError
			if err != nil && !errors.As(err, &de) {
				fmt.Fprintf(e.stderr, "tollgate baseline: %v\n", err)
				return exitInternal
			}
			if de != nil {
				fmt.Fprintf(e.stderr, "tollgate baseline: %v\n", de)
				return exitInternal
			}
			b := policy.NewBaseline(r.Findings)
			data, err := b.Encode()
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate baseline: %v\n", err)
				return exitInternal
			}
			if out == "" {
				out = filepath.Join(root, defaultBaseline)
			}
			if err := writeFileAtomic(out, data); err != nil {
				fmt.Fprintf(e.stderr, "tollgate baseline: %v\n", err)
				return exitInternal
			}
			fmt.Fprintf(e.stdout, "wrote %s: %d finding(s) accepted\n", out, len(b.Entries))
			if pol.Baseline == "" {
				fmt.Fprintf(e.stdout, "add `baseline = %q` to %s to use it\n", filepath.ToSlash(mustRel(root, out)), policy.FileName)
			}
			return exitClean
		},
	})
}

func mustRel(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return p
	}
	return r
}
