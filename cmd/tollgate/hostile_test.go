package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
)

// The hostile suite: each archive in testdata/hostile (at the repository
// root) is one class of attack from a scanned repository. The test builds the
// repository in a temporary directory beside a sentinel tree, runs the real
// command in a child process (this test binary, re-executed as tollgate),
// and asserts that
//
//   - nothing outside the repository was read into any output (the
//     sentinel's secret never appears), created, changed or deleted;
//   - the child's peak memory stays under the case's bound;
//   - the exit code is the one the case names;
//   - each expected finding is reported with its path (and line).
//
// An archive's comment holds directives, one per line:
//
//	args: scan --format json=$OUT/report.json .   the command (run in the repo)
//	exit: 1                                       expected exit code
//	maxrss: 400MiB                                peak RSS bound of the child
//	commit                                        commit the files (go-git) before the links/FIFOs below
//	link PATH -> TARGET                           a symbolic link; TARGET may use $SENTINEL, $BASE
//	fifo PATH                                     a named pipe
//	big PATH SIZE                                 a file of SIZE bytes (zeros)
//	corrupt PATH                                  damage the loose object of PATH's blob (after commit)
//	repeat PATH N                                 N copies of the archive file PATH, as PATH.1 … PATH.N
//	want: RULE PATH[:LINE]                        a finding in $OUT/report.json
//	wantmsg: REGEXP                               some finding's "rule: message" matches
//	stderr: REGEXP                                stderr must match
//	stdout: REGEXP                                stdout must match
//	notstdout: REGEXP                             stdout must not match (after sanitizing, no raw ESC)
//	env: NAME=VALUE                               extra environment for the child
//
// Files of the archive whose names start with "@head/" are committed in a
// second commit (for pr).

const hostileChildEnv = "TOLLGATE_HOSTILE_CHILD"

// sentinelSecret is written into every file of the sentinel tree; it must
// never appear in anything tollgate prints or writes.
const sentinelSecret = "SENTINEL-SECRET-7f3a9c"

func init() {
	if os.Getenv(hostileChildEnv) == "1" {
		main()
	}
}

func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end, runs child processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := filepath.Glob(filepath.Join(testdataDir, "..", "..", "..", "testdata", "hostile", "*.txtar"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no hostile cases found: %v", err)
	}
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".txtar")
		t.Run(name, func(t *testing.T) { runHostile(t, exe, c) })
	}
}

type hostileCase struct {
	args      []string
	exit      int
	maxRSS    int64
	ops       []string // link/fifo/big/commit, in order
	wants     []string
	stderr    []*regexp.Regexp
	stdout    []*regexp.Regexp
	notStdout []*regexp.Regexp
	wantMsg   []*regexp.Regexp
	env       []string
}

func parseHostile(t *testing.T, comment []byte) *hostileCase {
	t.Helper()
	hc := &hostileCase{exit: -1, maxRSS: 512 << 20}
	sc := bufio.NewScanner(bytes.NewReader(comment))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, _ := strings.Cut(line, ":")
		val = strings.TrimSpace(val)
		switch {
		case key == "args":
			hc.args = strings.Fields(val)
		case key == "exit":
			n, err := strconv.Atoi(val)
			if err != nil {
				t.Fatalf("bad exit %q", val)
			}
			hc.exit = n
		case key == "maxrss":
			hc.maxRSS = parseSize(t, val)
		case key == "want":
			hc.wants = append(hc.wants, val)
		case key == "stderr":
			hc.stderr = append(hc.stderr, regexp.MustCompile(val))
		case key == "stdout":
			hc.stdout = append(hc.stdout, regexp.MustCompile(val))
		case key == "wantmsg":
			hc.wantMsg = append(hc.wantMsg, regexp.MustCompile(val))
		case key == "notstdout":
			hc.notStdout = append(hc.notStdout, regexp.MustCompile(val))
		case key == "env":
			hc.env = append(hc.env, val)
		default:
			hc.ops = append(hc.ops, line)
		}
	}
	if hc.args == nil || hc.exit < 0 {
		t.Fatal("case needs args: and exit:")
	}
	return hc
}

func parseSize(t *testing.T, s string) int64 {
	t.Helper()
	mult := int64(1)
	for suf, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suf) {
			s, mult = strings.TrimSuffix(s, suf), m
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("bad size %q", s)
	}
	return n * mult
}

// treeSnapshot lists every entry under dir (not following links) with its
// type, size and content digest.
func treeSnapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		desc := fmt.Sprintf("%v %d", info.Mode(), info.Size())
		if info.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			desc += " " + hex.EncodeToString(sum[:8])
		}
		out[p] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func runHostile(t *testing.T, exe, archive string) {
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	hc := parseHostile(t, ar.Comment)

	// base/
	//   repo/       the scanned repository
	//   sentinel/   files outside it, which must stay untouched and unread
	//   out/        where the case writes its outputs (the user's choice)
	//   home/       HOME and the user cache of the child
	repo := gitrepo.New(t)
	base := filepath.Dir(repo.Dir)
	sentinel := filepath.Join(base, "sentinel")
	out := filepath.Join(base, "out")
	home := filepath.Join(base, "home")
	for _, d := range []string{sentinel, filepath.Join(sentinel, "cache"), filepath.Join(sentinel, "LICENSES"), out, home} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"secret.txt", "id_rsa", "cache/keep.json", "LICENSES/MIT.txt", ".env"} {
		if err := os.WriteFile(filepath.Join(sentinel, f), []byte(sentinelSecret+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	expand := func(s string) string {
		return strings.NewReplacer("$SENTINEL", sentinel, "$BASE", base, "$OUT", out).Replace(s)
	}

	files, head := map[string]string{}, map[string]string{}
	for _, f := range ar.Files {
		if p, ok := strings.CutPrefix(f.Name, "@head/"); ok {
			head[p] = expand(string(f.Data))
		} else {
			files[f.Name] = expand(string(f.Data))
		}
	}
	repo.Write(files)
	for _, op := range hc.ops {
		fields := strings.Fields(op)
		full := func(p string) string { return filepath.Join(repo.Dir, filepath.FromSlash(p)) }
		mkParent := func(p string) {
			if err := os.MkdirAll(filepath.Dir(full(p)), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		switch fields[0] {
		case "commit":
			repo.Commit("base", nil)
			if len(head) > 0 {
				repo.Commit("head", head)
			}
		case "corrupt":
			// corrupt PATH: overwrite the loose object of PATH's blob in HEAD.
			h, err := repo.Git.Head()
			if err != nil {
				t.Fatal(err)
			}
			c, err := repo.Git.CommitObject(h.Hash())
			if err != nil {
				t.Fatal(err)
			}
			f, err := c.File(fields[1])
			if err != nil {
				t.Fatal(err)
			}
			hex := f.Hash.String()
			obj := filepath.Join(repo.Dir, ".git", "objects", hex[:2], hex[2:])
			os.Chmod(obj, 0o644)
			if err := os.WriteFile(obj, []byte("this is not a zlib stream"), 0o644); err != nil {
				t.Fatal(err)
			}
		case "link":
			if len(fields) != 4 || fields[2] != "->" {
				t.Fatalf("bad op %q", op)
			}
			mkParent(fields[1])
			if err := os.Symlink(expand(fields[3]), full(fields[1])); err != nil {
				t.Fatal(err)
			}
		case "fifo":
			mkParent(fields[1])
			if err := syscall.Mkfifo(full(fields[1]), 0o644); err != nil {
				t.Fatal(err)
			}
		case "big":
			mkParent(fields[1])
			f, err := os.Create(full(fields[1]))
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(parseSize(t, fields[2])); err != nil {
				t.Fatal(err)
			}
			f.Close()
		case "repeat":
			n, _ := strconv.Atoi(fields[2])
			for i := 1; i <= n; i++ {
				if err := os.WriteFile(full(fmt.Sprintf("%s.%d", fields[1], i)), []byte(files[fields[1]]), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		default:
			t.Fatalf("unknown directive %q", op)
		}
	}

	before := treeSnapshot(t, sentinel)
	baseBefore, _ := os.ReadDir(base)

	args := make([]string, len(hc.args))
	for i, a := range hc.args {
		args[i] = expand(a)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir = repo.Dir
	cmd.Env = append(os.Environ(),
		hostileChildEnv+"=1",
		"HOME="+home,
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"SOURCE_DATE_EPOCH=1767225600",
		"GOPROXY=off",
	)
	for _, e := range hc.env {
		cmd.Env = append(cmd.Env, expand(e))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("tollgate %s did not return (a blocking read?)\nstderr:\n%s", strings.Join(args, " "), stderr.String())
	}
	code := cmd.ProcessState.ExitCode()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("killed by %v\nstderr:\n%s", ws.Signal(), stderr.String())
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if bound := hc.maxRSS * raceFactor; ru != nil && ru.Maxrss*1024 > bound {
		t.Errorf("peak RSS %d MiB, over the case's bound of %d MiB", ru.Maxrss>>10, bound>>20)
	}
	if code != hc.exit {
		t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, hc.exit, stdout.String(), stderr.String())
	}

	// Nothing outside the repository changed, appeared or vanished.
	if after := treeSnapshot(t, sentinel); !mapsEqual(before, after) {
		t.Errorf("the sentinel tree beside the repository changed:\nbefore %v\nafter  %v", before, after)
	}
	baseAfter, _ := os.ReadDir(base)
	if names(baseBefore) != names(baseAfter) {
		t.Errorf("entries beside the repository changed: %s -> %s", names(baseBefore), names(baseAfter))
	}

	// Nothing from outside was published: not on stdout, stderr, in any
	// output file, nor in any file tollgate wrote in the repository or the
	// user cache.
	check := func(where string, b []byte) {
		if bytes.Contains(b, []byte(sentinelSecret)) {
			t.Errorf("%s contains the sentinel's secret: a file outside the repository was read", where)
		}
		if bytes.ContainsAny(b, "\x1b\x07\u202e") && where != "stdin" {
			t.Errorf("%s contains a raw control or bidi character", where)
		}
	}
	check("stdout", stdout.Bytes())
	check("stderr", stderr.Bytes())
	for _, dir := range []string{out, repo.Dir, home} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() || strings.Contains(p, string(filepath.Separator)+".git"+string(filepath.Separator)) {
				return nil
			}
			if dir == repo.Dir && !strings.HasPrefix(filepath.Base(p), "out") {
				return nil // the repository's own files may hold anything
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			if bytes.Contains(b, []byte(sentinelSecret)) {
				t.Errorf("%s contains the sentinel's secret", p)
			}
			if dir == out && (strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".md")) && bytes.ContainsAny(b, "\x1b\x07\u202e") {
				t.Errorf("%s contains a raw control or bidi character", p)
			}
			return nil
		})
	}

	for _, re := range hc.stderr {
		if !re.Match(stderr.Bytes()) {
			t.Errorf("stderr does not match %q:\n%s", re, stderr.String())
		}
	}
	for _, re := range hc.stdout {
		if !re.Match(stdout.Bytes()) {
			t.Errorf("stdout does not match %q:\n%s", re, stdout.String())
		}
	}
	for _, re := range hc.notStdout {
		if re.Match(stdout.Bytes()) {
			t.Errorf("stdout matches %q:\n%s", re, stdout.String())
		}
	}
	if len(hc.wants) > 0 || len(hc.wantMsg) > 0 {
		checkWants(t, filepath.Join(out, "report.json"), hc.wants, hc.wantMsg)
	}
}

// reportFinding is what the suite reads of a finding in report.json.
type reportFinding struct {
	Rule     string `json:"rule"`
	Location struct {
		Path string `json:"path"`
		Line int    `json:"start_line"`
	} `json:"location"`
	Message string `json:"message"`
}

func checkWants(t *testing.T, reportPath string, wants []string, msgs []*regexp.Regexp) {
	t.Helper()
	b, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatalf("want: findings, but no report: %v", err)
	}
	var r struct {
		Findings []reportFinding `json:"findings"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, fmt.Sprintf("%s %s:%d", f.Rule, f.Location.Path, f.Location.Line))
	}
	for _, re := range msgs {
		if !slices.ContainsFunc(r.Findings, func(f reportFinding) bool {
			return re.MatchString(f.Rule + ": " + f.Message)
		}) {
			t.Errorf("no finding message matches %q; got:\n%s", re, strings.Join(got, "\n"))
		}
	}
	for _, w := range wants {
		rule, loc, _ := strings.Cut(w, " ")
		path, line, hasLine := strings.Cut(loc, ":")
		found := slices.ContainsFunc(r.Findings, func(f reportFinding) bool {
			return f.Rule == rule && f.Location.Path == path && (!hasLine || strconv.Itoa(f.Location.Line) == line)
		})
		if !found {
			t.Errorf("no finding %q; got:\n%s", w, strings.Join(got, "\n"))
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func names(es []os.DirEntry) string {
	var ns []string
	for _, e := range es {
		ns = append(ns, e.Name())
	}
	return strings.Join(ns, ",")
}
