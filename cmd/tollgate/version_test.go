package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "tollgate devel linux/amd64 go1.26.0"},
		{"go install at a version", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}},
			"tollgate v1.2.0 linux/amd64 go1.26.0"},
		{"checkout with changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-01-02T15:04:05Z"},
			{Key: "vcs.modified", Value: "true"},
		}}, "tollgate devel (revision 0123456789ab, 2026-01-02T15:04:05Z, modified) linux/amd64 go1.26.0"},
		{"pseudo-version, clean tree", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102150405-0123456789ab"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc"},
			{Key: "vcs.modified", Value: "false"},
		}}, "tollgate v0.0.0-20260102150405-0123456789ab (revision abc) linux/amd64 go1.26.0"},
	} {
		if got := versionLine(tc.bi, "linux/amd64", "go1.26.0"); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	code, out, _ := tollgate(t, "version")
	if code != exitClean || !strings.HasPrefix(out, "tollgate ") || !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("version = %d, %q", code, out)
	}
}
