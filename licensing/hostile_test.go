package licensing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/licensing"
	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// within runs f and fails the test if it does not return in time: a FIFO
// opened for reading, or /dev/zero read whole, never returns.
func within[T any](t *testing.T, what string, f func() (T, error)) T {
	t.Helper()
	type out struct {
		v   T
		err error
	}
	ch := make(chan out, 1)
	go func() {
		v, err := f()
		ch <- out{v, err}
	}()
	select {
	case o := <-ch:
		if o.err != nil {
			t.Fatalf("%s: %v", what, o.err)
		}
		return o.v
	case <-time.After(3 * time.Minute):
		t.Fatalf("%s did not return: it blocks", what)
	}
	panic("unreachable")
}

// hostileRun analyzes root (with the graph cache on when cache is set) and
// writes its notices and JSON, checking that nothing outside shows.
func hostileRun(t *testing.T, h lt.Hostile, root, cache string) (*licensing.Result, string) {
	t.Helper()
	o := licensing.Options{Root: root, Env: h.Env.Vars(), Classifier: shared, Now: now}
	if cache != "" {
		o.Classifier, o.CacheDir = nil, cache
	}
	res := within(t, "Analyze", func() (*licensing.Result, error) { return licensing.Analyze(context.Background(), o) })
	notices := within(t, "WriteNotices", func() (string, error) {
		var b bytes.Buffer
		err := licensing.WriteNotices(&b, res)
		return b.String(), err
	})
	js, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for what, out := range map[string]string{"notices": notices, "JSON result": string(js)} {
		if strings.Contains(out, lt.Sentinel) {
			t.Errorf("the %s hold text from outside the repository", what)
		}
	}
	return res, notices
}

// located lists "rule path:line" of the findings.
func located(res *licensing.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s:%d", f.Rule, f.Location.Path, f.Location.StartLine))
	}
	slices.Sort(out)
	return out
}

func TestHostileVendorTree(t *testing.T) {
	h := lt.HostileTrees(t)
	for _, cache := range []string{"", filepath.Join(t.TempDir(), "cache")} {
		res, notices := hostileRun(t, h, h.Vendor, cache)
		for _, want := range []string{
			"lic/outside-root vendor/example.com/m/LICENSE:0",
			"lic/outside-root vendor/example.com/x/LICENSES:0",
			"lic/outside-root vendor/example.com/zero/LICENSE:0",
			"lic/outside-root vendor/example.com/proc/LICENSE:0",
			"lic/unreadable-file vendor/example.com/fifo/LICENSE:0",
			"lic/unreadable-file vendor/example.com/big/LICENSE:0",
		} {
			if !slices.Contains(located(res), want) {
				t.Errorf("no finding %q in\n%s", want, strings.Join(located(res), "\n"))
			}
		}
		if f := findingOf(res, "lic/outside-root", "example.com/dir"); f == nil || !strings.Contains(f.Message, `"vendor/example.com/dir" leads outside the repository`) {
			t.Errorf("vendored module directory linked out: %+v", f)
		}
		for _, p := range []string{"example.com/m", "example.com/x", "example.com/zero", "example.com/proc", "example.com/fifo", "example.com/big", "example.com/dir"} {
			if m := module(t, res, p); m.Verdict != licensing.VerdictUnknown || m.Concluded != "" {
				t.Errorf("%s: verdict %s %q, want unknown", p, m.Verdict, m.Concluded)
			}
		}
		if m := module(t, res, "example.com/mit"); m.Concluded != "MIT" || m.Verdict != licensing.VerdictAllowed {
			t.Errorf("the ordinary module is no longer judged: %q %s", m.Concluded, m.Verdict)
		}
		if n := strings.Count(notices, "Permission is hereby granted"); n != 1 {
			t.Errorf("notices hold %d MIT texts, want the ordinary module's one", n)
		}
		for _, f := range res.Findings {
			if f.Rule == "lic/graph-error" {
				t.Errorf("graph error: %s", f.Message)
			}
		}
	}
}

func TestHostileWorkspaceAndReplace(t *testing.T) {
	h := lt.HostileTrees(t)
	res, _ := hostileRun(t, h, h.Work, "")
	want := []string{
		"lic/outside-root go.work:5", // use ../outside
		"lic/outside-root go.work:8", // replace example.com/y => ../outside/y
	}
	if got := located(res); !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	if m := module(t, res, "example.com/y"); m.Verdict != licensing.VerdictUnknown || m.Outside == "" || len(m.Files) != 0 {
		t.Errorf("module replaced outside: %s %q %+v", m.Verdict, m.Outside, m.Files)
	}
	for _, m := range res.Modules {
		if m.Path == "example.com/outside" {
			t.Error("the workspace module outside the repository was loaded")
		}
	}
	if m := module(t, res, "example.com/mit"); m.Concluded != "MIT" {
		t.Errorf("mit: %q", m.Concluded)
	}

	res, _ = hostileRun(t, h, h.Replace, "")
	gomod, err := os.ReadFile(filepath.Join(h.Replace, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	line := slices.IndexFunc(strings.Split(string(gomod), "\n"), func(l string) bool { return strings.HasPrefix(l, "replace ") }) + 1
	if got, want := located(res), []string{fmt.Sprintf("lic/outside-root go.mod:%d", line)}; line == 0 || !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	if f := findingOf(res, "lic/outside-root", "example.com/y"); f == nil || !strings.Contains(f.Message, `"../outside/y"`) {
		t.Errorf("the finding should name the directory: %+v", f)
	}
}

func TestHostileGoInputs(t *testing.T) {
	h := lt.HostileTrees(t)
	res, _ := hostileRun(t, h, h.GoInputs, "")
	want := []string{"lic/outside-root other.go:0", "lic/unreadable-file evil.go:0"}
	if got := located(res); !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	if len(res.Modules) != 0 {
		t.Errorf("the go command ran: %d modules", len(res.Modules))
	}
}
