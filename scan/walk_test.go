package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/mlops"
	"github.com/tollgate-dev/tollgate/policy"
)

func TestIgnorePatternsAreCapped(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range maxIgnorePatterns + 10 {
		fmt.Fprintf(&b, "p%d\n", i)
	}
	b.WriteString("*.tf\n") // beyond the cap: not applied
	writeFile(t, filepath.Join(dir, ".gitignore"), b.String())
	writeFile(t, filepath.Join(dir, "p1"), "x")
	writeFile(t, filepath.Join(dir, "a.tf"), "x")
	root, err := safefs.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	files, _, problems, err := walk(root, policy.Default())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	if strings.Join(got, " ") != ".gitignore a.tf" {
		t.Errorf("files = %v", got)
	}
	if len(problems) != 1 || problems[0].Location.Path != ".gitignore" || !strings.Contains(problems[0].Message, "patterns") {
		t.Errorf("problems = %+v", problems)
	}
}

func TestWalkIgnoresAndSkips(t *testing.T) {
	dir := t.TempDir()
	for p, s := range map[string]string{
		".git/info/exclude": "excluded.txt\n",
		".gitignore":        "# comment\n\n*.log\r\n/build/\n!keep.log\n",
		"a.log":             "",
		"keep.log":          "",
		"excluded.txt":      "",
		"build/x":           "",
		"src/build/y":       "",
		"src/.gitignore":    "gen/\n",
		"src/gen/z":         "",
		"gen/z":             "",
	} {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(p)), s)
	}
	if err := os.Symlink("keep.log", filepath.Join(dir, "link.log")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("src", filepath.Join(dir, "srclink")); err != nil {
		t.Fatal(err)
	}
	root, err := safefs.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	files, _, problems, err := walk(root, policy.Default())
	if err != nil || len(problems) != 0 {
		t.Fatalf("walk: %v %+v", err, problems)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	// a.log and link.log are ignored, keep.log re-included; /build/ only
	// at the root; gen/ only below src; the link to a directory is not followed.
	want := ".gitignore gen/z keep.log src/.gitignore src/build/y"
	if strings.Join(got, " ") != want {
		t.Errorf("files = %q\nwant    %q", strings.Join(got, " "), want)
	}
}

// FuzzIgnoreFile parses .gitignore bytes and matches paths against the
// patterns: no input may panic, and the work is linear in the input.
func FuzzIgnoreFile(f *testing.F) {
	for _, s := range []string{
		"*.log\n!keep.log\n/build/\n",
		"# comment\r\n\r\n\\#not-comment\n\\!x\n",
		"**/**/**/**/**/**/**/**/**/x\n",
		"a/**/b/**/c/**\n[\n[]\n[^]\n\\\n",
		"\x00\xff\xfe\n\u202e\n",
		strings.Repeat("*", 300) + "a\n",
		"/\n//\n!/\n!\n   \n\\ \n",
		strings.Repeat("a/", 200) + "\n",
	} {
		f.Add([]byte(s))
	}
	paths := [][]string{
		{"a"}, {"a", "b", "c"}, {"build"}, {"x", "y", "build", "keep.log"},
		strings.Split(strings.Repeat("a/", 40)+"x", "/"),
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps := parseIgnore(data, []string{"sub"})
		if len(ps) > strings.Count(string(data), "\n")+1 {
			t.Fatalf("%d patterns from %d lines", len(ps), strings.Count(string(data), "\n")+1)
		}
		m := gitignore.NewMatcher(ps)
		for _, p := range paths {
			m.Match(append([]string{"sub"}, p...), false)
			m.Match(append([]string{"sub"}, p...), true)
		}
	})
}

// FuzzLFSAttributes runs the mlops domain's .gitattributes and LFS pointer
// reading on fuzzed bytes: a hostile attributes file or pointer must not
// panic, and a model is stored by exactly one means.
func FuzzLFSAttributes(f *testing.F) {
	f.Add([]byte("*.onnx filter=lfs diff=lfs merge=lfs -text\n"), []byte("version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n"))
	f.Add([]byte("[attr]binary -diff -merge -text\n*.bin binary\n"), []byte("version https://git-lfs.github.com/spec/v1"))
	f.Add([]byte("\"a b\" filter=lfs\n!x\n**/* filter=\n#\n\x00\xff\n"), []byte("version https://git-lfs.github.com/spec/v"))
	f.Add([]byte(strings.Repeat("*", 500)+" filter=lfs\n"), []byte{})
	f.Fuzz(func(t *testing.T, attrs, pointer []byte) {
		fsys := fstest.MapFS{
			".gitattributes":        {Data: attrs},
			"models/.gitattributes": {Data: attrs},
			"models/m.onnx":         {Data: pointer},
			"data/d.parquet":        {Data: pointer},
		}
		tree := []mlops.File{
			{Path: ".gitattributes", Size: int64(len(attrs))},
			{Path: "data/d.parquet", Size: 200 << 20},
			{Path: "models/.gitattributes", Size: int64(len(attrs))},
			{Path: "models/m.onnx", Size: 200 << 20},
		}
		res, err := mlops.Analyze(context.Background(), fsys, tree, mlops.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range res.Artifacts {
			switch a.Storage {
			case "git", "lfs", "lfs-pointer":
			default:
				t.Fatalf("%s stored as %q", a.Path, a.Storage)
			}
		}
	})
}
