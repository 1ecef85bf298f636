// Package wanttest checks rules that read non-Go files against inputs
// annotated with `# want "regexp"` comments, the way analysistest does for
// Go analyzers: every finding must be expected by a want comment on its
// line, and every want comment must be met by a finding.
package wanttest

import (
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
)

// Func analyses one file. path is slash-separated and relative to the
// directory given to Run; the findings it returns must carry paths in the
// same form. A Func may analyse more than the file (a whole fixture
// repository) as long as it returns the findings located in path.
type Func func(path string, src []byte) []finding.Finding

// want is one expectation: a regexp on a line.
type want struct {
	line int
	re   *regexp.Regexp
	met  bool
}

// wantComment finds `# want` or `// want` followed by quoted regexps.
var wantComment = regexp.MustCompile("(?:#|//)\\s*want((?:\\s+(?:\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`))+)")
var quoted = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`")

// Parse returns the want expectations of a source file.
func Parse(src []byte) ([]want, error) {
	var out []want
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range wantComment.FindAllStringSubmatch(line, -1) {
			for _, q := range quoted.FindAllString(m[1], -1) {
				s, err := strconv.Unquote(q)
				if err != nil {
					return nil, fmt.Errorf("line %d: bad want string %s: %w", i+1, q, err)
				}
				re, err := regexp.Compile(s)
				if err != nil {
					return nil, fmt.Errorf("line %d: bad want regexp %q: %w", i+1, s, err)
				}
				out = append(out, want{line: i + 1, re: re})
			}
		}
	}
	return out, nil
}

// Run walks dir (dot directories included) and checks every regular file:
// each finding analyse returns for it must match a want regexp on its line,
// matched against "message (rule)"; each want must be matched once. Files
// under a directory named "ok" must produce no finding at all. Findings
// without a line are matched against wants on line 1.
func Run(t *testing.T, dir string, analyse Func) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		check(t, rel, src, analyse(rel, src))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no files under %s", dir)
	}
}

func check(t *testing.T, rel string, src []byte, got []finding.Finding) {
	t.Helper()
	wants, err := Parse(src)
	if err != nil {
		t.Errorf("%s: %v", rel, err)
		return
	}
	inOK := slices.Contains(strings.Split(rel, "/"), "ok")
	if inOK && len(wants) > 0 {
		t.Errorf("%s: files under ok/ must not carry want comments", rel)
	}
	finding.Sort(got)
	for _, f := range got {
		if f.Location.Path != rel {
			t.Errorf("%s: analyse returned a finding for another file: %s", rel, f.Location)
			continue
		}
		line := max(f.Location.StartLine, 1)
		text := f.Message + " (" + f.Rule + ")"
		matched := false
		for i := range wants {
			if wants[i].line == line && !wants[i].met && wants[i].re.MatchString(text) {
				wants[i].met, matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected finding: %s", rel, line, f.Location.StartCol, text)
		}
	}
	for _, w := range wants {
		if !w.met {
			t.Errorf("%s:%d: no finding matched %q", rel, w.line, w.re)
		}
	}
}
