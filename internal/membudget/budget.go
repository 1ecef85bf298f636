// Package membudget bounds the memory of a run. It resolves the budget
// (--max-memory, GOMEMLIMIT, the cgroup's memory limit, physical memory) and
// runs a watchdog that stops the work still running when the live heap comes
// close to it, so that a domain degrades with a finding, and the report is
// still written, instead of the process being killed half-way.
package membudget

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
)

// DefaultGCLimit is the garbage collector's soft limit when the user sets
// no budget: the heap of a large repository is kept near this size rather
// than growing fivefold under GOGC=400.
const DefaultGCLimit = GiB

// MinBudget is the smallest budget accepted: below it nothing useful runs,
// and a value that small is almost always a missing unit ("512").
const MinBudget = 32 * MiB

// share is the part of a cgroup or physical memory limit given to the
// budget, in percent: the rest is for memory outside the Go heap (stacks,
// the runtime's own structures, page cache charged to the cgroup).
const share = 80

// Budget is the memory a run may use and where that figure came from.
type Budget struct {
	// Limit is the budget in bytes that the watchdog holds the live heap
	// under; 0 means none (no watchdog).
	Limit int64
	// GCLimit is the soft limit to give the garbage collector
	// (debug.SetMemoryLimit); 0 means leave the runtime's setting alone
	// (GOMEMLIMIT=off).
	GCLimit int64
	// Source says where Limit came from, for messages: "--max-memory",
	// "GOMEMLIMIT", "80% of the cgroup memory limit of 640 MiB".
	Source string
}

// String describes the budget in a message: "512 MiB (--max-memory)".
func (b Budget) String() string {
	if b.Limit <= 0 {
		return "none"
	}
	return fmt.Sprintf("%s (%s)", FormatSize(b.Limit), b.Source)
}

// System holds the memory limits of the machine the process runs on; zero
// fields are unknown or unlimited.
type System struct {
	// Cgroup is the smallest memory limit of the process's cgroup and its
	// ancestors (cgroup v2 memory.max, v1 memory.limit_in_bytes).
	Cgroup int64
	// Physical is the machine's memory (MemTotal of /proc/meminfo).
	Physical int64
}

// Resolve picks the budget. The --max-memory value (flag; empty if not
// given, "off" for none) wins, then GOMEMLIMIT (gomemlimit, as the
// environment holds it), then 80% of the cgroup memory limit, then 80% of
// physical memory; a budget the user set is lowered to 80% of the cgroup
// limit when that is less. A budget the user set is also the GC's soft
// limit; a derived one is a ceiling only, and the GC keeps DefaultGCLimit
// when it is lower, as before budgets existed.
func Resolve(flag, gomemlimit string, sys System) (Budget, error) {
	derived := func(limit int64, source string) Budget {
		return Budget{Limit: limit, GCLimit: min(limit, DefaultGCLimit), Source: source}
	}
	// capped keeps a budget the user set under the cgroup's: the kernel
	// kills the process at that limit whatever the user asked for.
	capped := func(n int64, source string) Budget {
		if c := percent(sys.Cgroup, share); c > 0 && c < n {
			return Budget{Limit: c, GCLimit: c, Source: fmt.Sprintf("%s %s, capped at %d%% of the cgroup memory limit of %s",
				source, FormatSize(n), share, FormatSize(sys.Cgroup))}
		}
		return Budget{Limit: n, GCLimit: n, Source: source}
	}
	switch {
	case strings.EqualFold(strings.TrimSpace(flag), "off"):
		if gomemlimit != "" {
			return Budget{}, nil
		}
		return Budget{GCLimit: DefaultGCLimit}, nil
	case flag != "":
		n, err := ParseSize(flag)
		if err != nil {
			return Budget{}, fmt.Errorf("--max-memory: %w", err)
		}
		if n < MinBudget {
			return Budget{}, fmt.Errorf("--max-memory %s: below the minimum of %s", flag, FormatSize(MinBudget))
		}
		return capped(n, "--max-memory"), nil
	case gomemlimit != "":
		if strings.TrimSpace(gomemlimit) == "off" {
			return Budget{}, nil
		}
		n, err := ParseSize(gomemlimit)
		if err != nil {
			return Budget{}, fmt.Errorf("GOMEMLIMIT: %w", err)
		}
		return capped(n, "GOMEMLIMIT"), nil
	case sys.Cgroup > 0:
		return derived(percent(sys.Cgroup, share), fmt.Sprintf("%d%% of the cgroup memory limit of %s", share, FormatSize(sys.Cgroup))), nil
	case sys.Physical > 0:
		return derived(percent(sys.Physical, share), fmt.Sprintf("%d%% of the machine's %s", share, FormatSize(sys.Physical))), nil
	}
	return Budget{GCLimit: DefaultGCLimit}, nil
}

// percent returns p% of n without overflow.
func percent(n, p int64) int64 { return n/100*p + n%100*p/100 }

// DetectSystem reads the memory limits of this process's cgroup and of the
// machine. Where they cannot be read (not Linux, no cgroup mounted) the
// fields stay zero.
func DetectSystem() System { return detect(os.DirFS("/")) }

// unlimited is the least value taken as "no limit": cgroup v1 writes the
// largest page-aligned int64 for an unlimited group.
const unlimited = 1 << 60

func detect(fsys fs.FS) System {
	return System{Cgroup: cgroupLimit(fsys), Physical: memTotal(fsys)}
}

// cgroupLimit returns the smallest memory limit on the way from the
// process's cgroup (v2 unified or v1 memory controller, as
// /proc/self/cgroup names it) up to the root of the mounted hierarchy: a
// parent's limit binds its children. In a container without a cgroup
// namespace the named path does not exist under /sys/fs/cgroup and the walk
// ends at the mount's root, which is the container's group.
func cgroupLimit(fsys fs.FS) int64 {
	var best int64
	take := func(n int64) {
		if n > 0 && n < unlimited && (best == 0 || n < best) {
			best = n
		}
	}
	walk := func(base, group, file string) {
		p := path.Clean("/" + group)
		for {
			take(readLimit(fsys, path.Join(base, p, file)))
			if p == "/" {
				return
			}
			p = path.Dir(p)
		}
	}
	data, _ := readSmall(fsys, "proc/self/cgroup")
	for _, line := range strings.Split(string(data), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			walk("sys/fs/cgroup", parts[2], "memory.max")
		case hasController(parts[1], "memory"):
			walk("sys/fs/cgroup/memory", parts[2], "memory.limit_in_bytes")
		}
	}
	if len(data) == 0 {
		take(readLimit(fsys, "sys/fs/cgroup/memory.max"))
		take(readLimit(fsys, "sys/fs/cgroup/memory/memory.limit_in_bytes"))
	}
	return best
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// readLimit reads a cgroup limit file: a number of bytes, or "max".
func readLimit(fsys fs.FS, name string) int64 {
	data, err := readSmall(fsys, name)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(data)), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

func memTotal(fsys fs.FS) int64 {
	data, err := readSmall(fsys, "proc/meminfo")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "MemTotal:" && f[2] == "kB" {
			if n, err := strconv.ParseInt(f[1], 10, 64); err == nil && n > 0 && n < unlimited/KiB {
				return n * KiB
			}
		}
	}
	return 0
}

// readSmall reads at most 64 KiB of a system file: /proc and /sys files
// report no size, and nothing this package reads is longer.
func readSmall(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 64*KiB))
}
