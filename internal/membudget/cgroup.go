package membudget

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
)

// CgroupTriggerPercent is how much of the cgroup's memory limit the
// anonymous memory of the whole group (this process, the supervisor and the
// go command's children) may reach before the watchdog stops the domains
// still running. The Go heap is only part of what the kernel counts: a
// `go list` child can hold hundreds of MiB, and the kernel kills the group
// at its limit whatever the heap is.
const CgroupTriggerPercent = 80

// CgroupUsage returns a reader of the anonymous memory charged to this
// process's memory cgroup (v2 memory.stat "anon", v1 "total_rss"), or nil
// when there is no cgroup limit or no memory.stat to read. Page cache is
// left out: the kernel reclaims it before it kills anything.
func CgroupUsage() func() int64 {
	stat := cgroupStatFile(os.DirFS("/"))
	if stat == "" {
		return nil
	}
	fsys := os.DirFS("/")
	return func() int64 { return anonBytes(fsys, stat) }
}

// cgroupStatFile finds the memory.stat of the process's own memory cgroup
// (the first that exists from the group named in /proc/self/cgroup up to
// the mount's root, as cgroupLimit walks).
func cgroupStatFile(fsys fs.FS) string {
	data, _ := readSmall(fsys, "proc/self/cgroup")
	first := func(base, group string) string {
		for p := path.Clean("/" + group); ; p = path.Dir(p) {
			name := path.Join(base, p, "memory.stat")
			if _, err := fs.Stat(fsys, name); err == nil {
				return name
			}
			if p == "/" {
				return ""
			}
		}
	}
	for _, line := range strings.Split(string(data), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case hasController(parts[1], "memory"):
			if f := first("sys/fs/cgroup/memory", parts[2]); f != "" {
				return f
			}
		case parts[0] == "0" && parts[1] == "":
			if f := first("sys/fs/cgroup", parts[2]); f != "" {
				return f
			}
		}
	}
	return ""
}

// anonBytes reads the anonymous memory of a memory.stat file: "anon" (v2)
// or "total_rss" (v1, the group and its descendants); 0 when unreadable.
func anonBytes(fsys fs.FS, name string) int64 {
	data, err := readSmall(fsys, name)
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 && (f[0] == "anon" || f[0] == "total_rss") {
			if n, err := strconv.ParseInt(f[1], 10, 64); err == nil {
				return n
			}
		}
	}
	return 0
}
