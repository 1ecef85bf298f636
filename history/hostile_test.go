package history

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// bounded fails the test when f does not return in time.
func bounded(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("blocked")
	}
}

func TestLoadSkipsWhatIsNotARegularFile(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "h"), filepath.Join(base, "sentinel.json")
	must(t, os.Mkdir(dir, 0o755))
	must(t, os.WriteFile(outside, []byte(`{"schema":"tollgate.history/v1","commit":"SENTINEL"}`), 0o644))
	if _, err := Append(dir, FromReport(rep(1, "aaaa", "a"))); err != nil {
		t.Fatal(err)
	}
	must(t, os.Symlink(outside, filepath.Join(dir, "20260101T000000Z-link.json")))
	must(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.json")))
	must(t, syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o644))
	var past []Record
	var err error
	bounded(t, func() { past, err = Load(dir) })
	if err != nil || len(past) != 1 || past[0].Commit != "aaaa" {
		t.Errorf("Load = %+v, %v", past, err)
	}
}

func TestLoadCapsARecord(t *testing.T) {
	dir := t.TempDir()
	old := MaxRecordSize
	MaxRecordSize = 64
	t.Cleanup(func() { MaxRecordSize = old })
	must(t, os.WriteFile(filepath.Join(dir, "x.json"), []byte(`{"schema":"tollgate.history/v1","fingerprints":["`+strings.Repeat("f", 100)+`"]}`), 0o644))
	if _, err := Load(dir); !errors.Is(err, safefs.ErrTooLarge) || !strings.Contains(err.Error(), `"x.json"`) {
		t.Errorf("Load: %v, want ErrTooLarge naming the file", err)
	}
}

func TestLoadNamesABadRecordSafely(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "\x1b[2Jx.json"), []byte(`{"schema":"other"}`), 0o644))
	_, err := Load(dir)
	if err == nil || strings.ContainsRune(err.Error(), 0x1b) || !strings.Contains(err.Error(), `schema "other"`) {
		t.Errorf("Load: %q", err)
	}
}

func TestHistoryDirectoryMustBeReal(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	must(t, os.Mkdir(outside, 0o755))
	repo := filepath.Join(base, "repo")
	must(t, os.MkdirAll(filepath.Join(repo, "real"), 0o755))
	// The repository links its history folder, or a folder on the way to
	// it, out of itself.
	must(t, os.Symlink(outside, filepath.Join(repo, "hist")))
	must(t, os.Symlink(outside, filepath.Join(repo, ".tollgate")))
	must(t, os.WriteFile(filepath.Join(repo, "file"), nil, 0o644))
	t.Chdir(repo)
	rec := FromReport(rep(1, "aaaa", "a"))
	for _, dir := range []string{"hist", ".tollgate/history", "./.tollgate/history/deeper", filepath.Join(repo, "hist"), "file"} {
		if _, err := Append(dir, rec); err == nil {
			t.Errorf("Append(%q) wrote through a link", dir)
		}
		if _, err := Load(dir); err == nil && dir != "file" {
			t.Errorf("Load(%q) read through a link", dir)
		}
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Errorf("files created outside: %v", ents)
	}
	if _, err := Append("real/h", rec); err != nil {
		t.Errorf("Append(real/h): %v", err)
	}
}

func TestRerunOfACommitReplacesItsRecord(t *testing.T) {
	dir := t.TempDir()
	first := FromReport(rep(1, "aaaa", "a"))
	if _, err := Append(dir, first); err != nil {
		t.Fatal(err)
	}
	// Another commit, then the same commit twice more at later times.
	if _, err := Append(dir, FromReport(rep(2, "bbbb", "a", "b"))); err != nil {
		t.Fatal(err)
	}
	again := FromReport(rep(3, "bbbb", "b"))
	// A file that is not tollgate's own, named like a record, stays.
	must(t, os.WriteFile(filepath.Join(dir, "notes-bbbb.json"), []byte(`{"schema":"tollgate.history/v1","commit":"zz"}`), 0o644))
	past, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	tr := Trend(past, again)
	// Compared with aaaa (a), not with bbbb's first run (a, b).
	if tr.Previous == nil || tr.Previous.Commit != "aaaa" || tr.New != 1 || tr.Fixed != 1 {
		t.Errorf("a re-run compared itself with its own commit: previous %+v new %d fixed %d", tr.Previous, tr.New, tr.Fixed)
	}
	if _, err := Append(dir, again); err != nil {
		t.Fatal(err)
	}
	past, err = Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var commits []string
	for _, p := range past {
		commits = append(commits, p.Commit)
	}
	if strings.Join(commits, " ") != "zz aaaa bbbb" || !past[2].At.Equal(again.At) {
		t.Errorf("records = %v (last at %v)", commits, past[len(past)-1].At)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 3 {
		t.Errorf("files = %d, want 3", len(ents))
	}
}

func TestLoadKeepsTheLatestOfACommit(t *testing.T) {
	// Two records of one commit, as a run that stopped between writing the
	// new record and removing the old one leaves them.
	dir := t.TempDir()
	for day, fp := range map[int]string{1: "old", 2: "new"} {
		b, _ := json.Marshal(FromReport(rep(day, "cccc", fp)))
		name := recordName(FromReport(rep(day, "cccc")))
		must(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	past, err := Load(dir)
	if err != nil || len(past) != 1 || past[0].Fingerprints[0] != "new" {
		t.Errorf("Load = %+v, %v", past, err)
	}
}

func FuzzParseRecord(f *testing.F) {
	good, _ := json.Marshal(FromReport(rep(1, "aaaa", "a", "b")))
	f.Add(good)
	f.Add([]byte(`{"schema":"tollgate.history/v1","at":"9999-12-31T23:59:59Z","active":{"\u001b[2J":-1},"risk":-5}`))
	f.Add([]byte(`{"schema":"tollgate.history/v1","at":"0000-01-01T00:00:00Z","fingerprints":null,"rules":null}`))
	f.Add([]byte(`{"schema":"tollgate.history/v1","at":"not a time"}`))
	f.Add([]byte(strings.Repeat(`{"a":`, 5000)))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := ParseRecord(data)
		if err != nil {
			return
		}
		if rec.Schema != Schema {
			t.Fatalf("schema %q accepted", rec.Schema)
		}
		// A hostile record must not break the trend built over it.
		cur := FromReport(rep(9, "dddd", "x"))
		tr := Trend([]Record{rec, rec}, cur)
		if len(tr.Series) == 0 || tr.Series[len(tr.Series)-1].Commit != "dddd" {
			t.Fatalf("series %+v", tr.Series)
		}
		if tr.New < 0 || tr.Fixed < 0 {
			t.Fatalf("new %d fixed %d", tr.New, tr.Fixed)
		}
	})
}
