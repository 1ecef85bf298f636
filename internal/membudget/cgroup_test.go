package membudget

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"
	"time"
)

func TestWatchdogWatchesTheCgroup(t *testing.T) {
	used := int64(100 * MiB)
	w := startGroup(400*MiB, time.Hour, func() (int64, uint64) { return 50 * MiB, 1 }, 512*MiB, func() int64 { return used })
	defer w.Stop()
	running, release := w.Track(context.Background())
	w.check()
	if running.Err() != nil {
		t.Fatal("fired with the group under its trigger")
	}
	used = 420 * MiB // over 80% of 512 MiB, while the heap is small
	w.check()
	var ex *Exceeded
	if !errors.As(context.Cause(running), &ex) || ex.Live != 420*MiB || ex.Budget != 512*MiB {
		t.Fatalf("cause = %v, want *Exceeded{420 MiB, 512 MiB}", context.Cause(running))
	}
	release()
}

func TestCgroupStat(t *testing.T) {
	v1 := fstest.MapFS{
		"proc/self/cgroup":                               {Data: []byte("4:memory:/job/step\n0::/\n")},
		"sys/fs/cgroup/memory/job/memory.stat":           {Data: []byte("cache 999\nrss 10\ntotal_cache 5000\ntotal_rss 4096\n")},
		"sys/fs/cgroup/memory/job/memory.limit_in_bytes": {Data: []byte("536870912\n")},
	}
	f := cgroupStatFile(v1)
	if f != "sys/fs/cgroup/memory/job/memory.stat" {
		t.Fatalf("cgroupStatFile(v1) = %q", f)
	}
	if n := anonBytes(v1, f); n != 4096 {
		t.Errorf("anonBytes(v1) = %d, want 4096 (total_rss; page cache left out)", n)
	}
	v2 := fstest.MapFS{
		"proc/self/cgroup":                       {Data: []byte("0::/user.slice/x\n")},
		"sys/fs/cgroup/user.slice/x/memory.stat": {Data: []byte("anon 8192\nfile 123456\n")},
	}
	f = cgroupStatFile(v2)
	if n := anonBytes(v2, f); f == "" || n != 8192 {
		t.Errorf("v2: file %q anon %d, want 8192", f, n)
	}
	if f := cgroupStatFile(fstest.MapFS{}); f != "" {
		t.Errorf("no cgroup: %q, want none", f)
	}
}
