package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tollgate-dev/tollgate/policy"
)

//go:embed starter.hcl
var starterPolicy []byte

func init() {
	var force bool
	register(&command{
		name:    "init",
		usage:   "[--force] [dir]",
		summary: "write a starter .tollgate.hcl with every option commented",
		setup: func(fs *flag.FlagSet) {
			fs.BoolVar(&force, "force", false, "overwrite an existing policy file")
		},
		run: func(_ context.Context, e *env, args []string) int {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			} else if len(args) > 1 {
				fmt.Fprintln(e.stderr, "tollgate init: want at most one directory")
				return exitUsage
			}
			path := filepath.Join(dir, policy.FileName)
			if _, err := os.Stat(path); err == nil && !force {
				fmt.Fprintf(e.stderr, "tollgate init: %s exists; use --force to overwrite\n", path)
				return exitUsage
			} else if err != nil && !errors.Is(err, os.ErrNotExist) {
				fmt.Fprintf(e.stderr, "tollgate init: %v\n", err)
				return exitInternal
			}
			if err := writeFileAtomic(path, starterPolicy); err != nil {
				fmt.Fprintf(e.stderr, "tollgate init: %v\n", err)
				return exitInternal
			}
			fmt.Fprintf(e.stdout, "wrote %s\n", path)
			return exitClean
		},
	})
}
