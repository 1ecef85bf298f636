package iac

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/policy"
)

// The fixtures: testdata/want/<case>/ holds a small repository whose flagged
// lines carry `# want "regexp"` comments (a .tf.json file, which has no
// comments, lists its wants in want.txt as `path:line: regexp`);
// testdata/ok/<case>/ holds repositories that must produce nothing. Each
// case's policy.hcl, when present, is the tags policy.

var wantRE = regexp.MustCompile(`(?:#|//) want ((?:"(?:[^"\\]|\\.)*"\s*)+)`)
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

type want struct {
	path string
	line int
	re   *regexp.Regexp
	hit  bool
}

func runCase(t *testing.T, dir string) (*Result, []*want) {
	t.Helper()
	opts := Options{}
	if src, err := os.ReadFile(filepath.Join(dir, "policy.hcl")); err == nil {
		p, err := policy.Parse("policy.hcl", src)
		if err != nil {
			t.Fatalf("policy: %v", err)
		}
		opts = optionsFromPolicy(p.Tags)
	}
	fsys := os.DirFS(dir)
	var files []string
	var wants []*want
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if p == "want.txt" {
			wants = append(wants, readWantFile(t, fsys, p)...)
			return nil
		}
		if !Owns(p) {
			return nil
		}
		files = append(files, p)
		wants = append(wants, readWants(t, fsys, p)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	res, err := Analyze(context.Background(), fsys, files, opts)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return res, wants
}

func optionsFromPolicy(tp *policy.Tags) Options {
	var o Options
	if tp == nil {
		return o
	}
	o.Required = tp.Required
	o.ProviderCoverage = tp.ProviderCoverage != nil && *tp.ProviderCoverage
	for _, v := range tp.Values {
		vr := ValueRule{Key: v.Key, Allowed: v.Allowed}
		if v.Pattern != nil {
			vr.Pattern = regexp.MustCompile(*v.Pattern)
		}
		o.Values = append(o.Values, vr)
	}
	return o
}

func readWants(t *testing.T, fsys fs.FS, p string) []*want {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	var out []*want
	sc := bufio.NewScanner(strings.NewReader(string(src)))
	for n := 1; sc.Scan(); n++ {
		m := wantRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		for _, q := range quotedRE.FindAllString(m[1], -1) {
			s, err := strconv.Unquote(q)
			if err != nil {
				t.Fatalf("%s:%d: bad want %s: %v", p, n, q, err)
			}
			out = append(out, &want{path: p, line: n, re: regexp.MustCompile(s)})
		}
	}
	return out
}

func readWantFile(t *testing.T, fsys fs.FS, p string) []*want {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	var out []*want
	for _, l := range strings.Split(strings.TrimSpace(string(src)), "\n") {
		loc, re, ok := strings.Cut(l, ": ")
		file, line, ok2 := strings.Cut(loc, ":")
		n, err := strconv.Atoi(line)
		if !ok || !ok2 || err != nil {
			t.Fatalf("bad line in want.txt: %q", l)
		}
		out = append(out, &want{path: file, line: n, re: regexp.MustCompile(re)})
	}
	return out
}

func format(f finding.Finding) string {
	return fmt.Sprintf("%s: %s (%s)", f.Location, f.Message, f.Rule)
}

func TestWant(t *testing.T) {
	cases, _ := filepath.Glob("testdata/want/*")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res, wants := runCase(t, dir)
			for _, f := range res.Findings {
				matched := false
				for _, w := range wants {
					if w.path == f.Location.Path && w.line == f.Location.StartLine && w.re.MatchString(f.Message+" ("+f.Rule+")") {
						w.hit, matched = true, true
					}
				}
				if !matched {
					t.Errorf("unexpected finding %s", format(f))
				}
			}
			for _, w := range wants {
				if !w.hit {
					t.Errorf("%s:%d: no finding matched %q", w.path, w.line, w.re)
				}
			}
		})
	}
}

func TestOK(t *testing.T) {
	cases, _ := filepath.Glob("testdata/ok/*")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res, _ := runCase(t, dir)
			for _, f := range res.Findings {
				t.Errorf("unexpected finding %s", format(f))
			}
		})
	}
}
