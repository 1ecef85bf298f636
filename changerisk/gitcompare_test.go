package changerisk

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAgainstGit compares the walker's per-file line counts with
// `git log --numstat` on the repository named by TOLLGATE_RISK_REPO. It is
// skipped without it: it needs a real history and the git binary.
func TestAgainstGit(t *testing.T) {
	dir := os.Getenv("TOLLGATE_RISK_REPO")
	if dir == "" {
		t.Skip("TOLLGATE_RISK_REPO not set")
	}
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	h, err := r.Walk(context.Background(), WalkOptions{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("walked %d commits in %v (missing objects %d)", len(h.Commits), time.Since(start), h.Missing)
	out, err := exec.Command("git", "-C", dir, "log", "--numstat", "--no-renames", "--first-parent", "-m", "--format=C %H").Output()
	if err != nil {
		t.Logf("git log: %v", err)
	}
	type key struct{ c, p string }
	want := map[key][2]int{}
	var cur string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "C ") {
			cur = l[2:]
			continue
		}
		f := strings.SplitN(l, "\t", 3)
		if len(f) != 3 || f[0] == "-" {
			continue
		}
		a, _ := strconv.Atoi(f[0])
		d, _ := strconv.Atoi(f[1])
		want[key{cur, f[2]}] = [2]int{a, d}
	}
	same, diff, total := 0, 0, 0
	for _, c := range h.Commits {
		for _, f := range c.Files {
			if f.Status == 'R' || f.Kind&(KindBinary|KindMissing|KindExcluded) != 0 {
				continue
			}
			w, ok := want[key{c.Hash.String(), f.Path}]
			if !ok {
				continue
			}
			total++
			if w == [2]int{int(f.Added), int(f.Deleted)} {
				same++
			} else {
				diff++
				if diff <= 10 {
					t.Logf("%s %s: git %v, ours %d %d", c.Hash.String()[:8], f.Path, w, f.Added, f.Deleted)
				}
			}
		}
	}
	t.Logf("per-file counts: %d of %d agree with git (%.1f%%)", same, total, 100*float64(same)/float64(max(total, 1)))
}
