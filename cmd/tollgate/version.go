package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

func init() {
	register(&command{
		name:    "version",
		usage:   "",
		summary: "print the version of tollgate and the commit it was built from",
		help: `version prints the module version (set by go install ...@version; "devel"
for a build from a checkout), the VCS revision, its time and whether the
work tree had changes, when the go command recorded them, and the platform
and Go version:

  tollgate v1.2.0 (revision 0123456789ab, 2026-01-02T15:04:05Z) linux/amd64 go1.26.0`,
		run: func(_ context.Context, e *env, _ []string) int {
			bi, ok := debug.ReadBuildInfo()
			if !ok {
				bi = nil
			}
			fmt.Fprintln(e.stdout, versionLine(bi, runtime.GOOS+"/"+runtime.GOARCH, runtime.Version()))
			return exitClean
		},
	})
}

// versionLine formats the build information: the main module's version
// ("devel" when it has none), then the revision (shortened to 12
// characters), its time and "modified" from the vcs.* settings, then the
// platform and the Go version. bi may be nil (a binary built without module
// support).
func versionLine(bi *debug.BuildInfo, platform, goVersion string) string {
	v := "devel"
	var vcs []string
	if bi != nil {
		if mv := bi.Main.Version; mv != "" && mv != "(devel)" {
			v = mv
		}
		var rev, at string
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" {
			vcs = append(vcs, "revision "+rev[:min(len(rev), 12)])
			if at != "" {
				vcs = append(vcs, at)
			}
			if modified {
				vcs = append(vcs, "modified")
			}
		}
	}
	line := "tollgate " + v
	if len(vcs) > 0 {
		line += " (" + strings.Join(vcs, ", ") + ")"
	}
	return line + " " + platform + " " + goVersion
}
