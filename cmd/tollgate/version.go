package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

func init() {
	register(&command{
		name:    "version",
		usage:   "",
		summary: "print the version of tollgate",
		run: func(_ context.Context, e *env, _ []string) int {
			v := "devel"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
				v = bi.Main.Version
			}
			fmt.Fprintf(e.stdout, "tollgate %s %s/%s %s\n", v, runtime.GOOS, runtime.GOARCH, runtime.Version())
			return exitClean
		},
	})
}
