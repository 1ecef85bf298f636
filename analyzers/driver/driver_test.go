package driver

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func write(t *testing.T, root string, files map[string]string) []string {
	t.Helper()
	var names []string
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}

// A module whose SDK dependency is replaced by a local stub loads offline.
func TestAnalyzeModule(t *testing.T) {
	root := t.TempDir()
	files := write(t, root, map[string]string{
		"go.mod":      "module example.com/app\n\ngo 1.22\n\nrequire github.com/sashabaranov/go-openai v1.41.2\n\nreplace github.com/sashabaranov/go-openai => ./stub\n",
		"stub/go.mod": "module github.com/sashabaranov/go-openai\n\ngo 1.22\n",
		"stub/openai.go": `package openai

import "context"

type Client struct{}
type ChatCompletionRequest struct{ Model string }

func (c *Client) CreateChatCompletion(ctx context.Context, r ChatCompletionRequest) (string, error) { return "", nil }
`,
		"seam/seam.go": `package seam

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

type Completer interface {
	CreateChatCompletion(ctx context.Context, r openai.ChatCompletionRequest) (string, error)
}

func New() Completer { return &openai.Client{} }
`,
		"user/user.go": `package user

import (
	"context"

	"example.com/app/seam"
	openai "github.com/sashabaranov/go-openai"
)

func Ask(ctx context.Context) {
	seam.New().CreateChatCompletion(ctx, openai.ChatCompletionRequest{})
}
`,
		"app/app.go": `package app

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

func Ask(ctx context.Context, c *openai.Client) {
	c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o-2024-08-06"})
}
`,
	})
	for _, fast := range []bool{true, false} {
		res, err := Analyze(context.Background(), root, files, Options{Fast: fast})
		if err != nil {
			t.Fatal(err)
		}
		// The call through the seam in another package needs facts.
		want := 2
		if fast {
			want = 1
		}
		if len(res.Calls) != want {
			t.Fatalf("fast=%v: got %d calls, want %d: %+v (findings %+v)", fast, len(res.Calls), want, res.Calls, res.Findings)
		}
		if !fast && (res.Calls[1].Via != "interface" || res.Calls[1].Location.Path != "user/user.go") {
			t.Errorf("call through the seam = %+v", res.Calls[1])
		}
		c := res.Calls[0]
		if c.Location.Path != "app/app.go" || c.Location.StartLine != 10 || c.Location.StartCol != 2 ||
			c.Model != "gpt-4o-2024-08-06" || c.Provider != "openai" || c.Function != "example.com/app/app.Ask" {
			t.Errorf("fast=%v: call = %+v", fast, c)
		}
	}
}

// A module missing from the cache is a finding at its require line, not a
// download and not an error.
func TestMissingModule(t *testing.T) {
	root := t.TempDir()
	files := write(t, root, map[string]string{
		"go.mod":  "module example.com/app\n\ngo 1.22\n\nrequire example.invalid/nothere v1.2.3\n",
		"go.sum":  "",
		"main.go": "package main\n\nimport _ \"example.invalid/nothere\"\n\nfunc main() {}\n",
	})
	res, err := Analyze(context.Background(), root, files, Options{Fast: true, Env: []string{"GOMODCACHE=" + t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want 1: %+v", len(res.Findings), res.Findings)
	}
	f := res.Findings[0]
	if f.Rule != ModuleNotCached.ID || f.Location.Path != "go.mod" || f.Location.StartLine != 5 ||
		!strings.Contains(f.Message, "example.invalid/nothere@v1.2.3") {
		t.Errorf("finding = %+v", f)
	}
}

func TestSkippedDir(t *testing.T) {
	for dir, want := range map[string]bool{".": false, "a/b": false, "a/testdata/x": true, "_x": true, ".git/x": true, "vendor/m": true} {
		if got := skippedDir(dir); got != want {
			t.Errorf("skippedDir(%q) = %v, want %v", dir, got, want)
		}
	}
}

// cachedXMod returns a GOMODCACHE holding golang.org/x/mod v0.42.0 (a
// dependency of tollgate, so in the module cache wherever tollgate builds),
// or skips the test.
func cachedXMod(t *testing.T) {
	t.Helper()
	if !inModCache(nil, "golang.org/x/mod", "v0.42.0") || modCache.dir == "" {
		t.Skip("golang.org/x/mod v0.42.0 not in the module cache")
	}
}

// An import no requirement provides and a required module without go.sum
// entries are reported with their cause and fix, each once per module.
func TestUntidyModule(t *testing.T) {
	cachedXMod(t)
	imports := "package main\n\nimport (\n\t_ \"golang.org/x/mod/semver\"\n\t_ \"golang.org/x/mod/modfile\"\n\t_ \"golang.org/x/mod/module\"\n)\n\nfunc main() {}\n"
	for _, c := range []struct {
		name, gomod, want string
		line              int
	}{
		{"no requirement", "module example.com/app\n\ngo 1.22\n", "go.mod requires no module providing package", 0},
		{"no go.sum", "module example.com/app\n\ngo 1.22\n\nrequire golang.org/x/mod v0.42.0\n", `go.sum has no checksum for module "golang.org/x/mod@v0.42.0"`, 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			files := write(t, root, map[string]string{"go.mod": c.gomod, "main.go": imports})
			res, err := Analyze(context.Background(), root, files, Options{Fast: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 {
				t.Fatalf("got %d findings, want 1: %+v", len(res.Findings), res.Findings)
			}
			f := res.Findings[0]
			if f.Rule != ModuleUntidy.ID || f.Location.Path != "go.mod" || f.Location.StartLine != c.line ||
				!strings.Contains(f.Message, c.want) || !strings.Contains(f.Message, "go mod tidy") {
				t.Errorf("finding = %+v", f)
			}
		})
	}
}

// A cgo package, and the packages that import it, are type-checked without a
// C toolchain: import "C" is opaque. A package that is broken for another
// reason is still reported, with its error.
func TestCgoPackage(t *testing.T) {
	root := t.TempDir()
	files := write(t, root, map[string]string{
		"go.mod":      "module example.com/app\n\ngo 1.22\n\nrequire github.com/sashabaranov/go-openai v1.41.2\n\nreplace github.com/sashabaranov/go-openai => ./stub\n",
		"stub/go.mod": "module github.com/sashabaranov/go-openai\n\ngo 1.22\n",
		"stub/openai.go": `package openai

import "context"

type Client struct{}
type ChatCompletionRequest struct{ Model string }

func (c *Client) CreateChatCompletion(ctx context.Context, r ChatCompletionRequest) (string, error) { return "", nil }
`,
		"native/native.go": `package native

/*
static int twice(int x) { return 2 * x; }
*/
import "C"

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

func Twice(x int) int { return int(C.twice(C.int(x))) }

func Ask(ctx context.Context, c *openai.Client) {
	c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o-2024-08-06"})
}
`,
		"app/app.go": `package app

import (
	"context"

	"example.com/app/native"
	openai "github.com/sashabaranov/go-openai"
)

func Ask(ctx context.Context, c *openai.Client) int {
	c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o-2024-08-06"})
	return native.Twice(2)
}
`,
		"broken/broken.go": "package broken\n\nfunc F() int { return undefined }\n",
	})
	for _, fast := range []bool{true, false} {
		res, err := Analyze(context.Background(), root, files, Options{Fast: fast, Env: []string{"CC=/nonexistent/cc"}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range res.Calls {
			got = append(got, c.Location.Path)
		}
		if strings.Join(got, " ") != "app/app.go native/native.go" {
			t.Errorf("fast=%v: calls in %q, want app/app.go and native/native.go; findings %+v", fast, got, res.Findings)
		}
		var notLoaded []string
		for _, f := range res.Findings {
			if f.Rule == PackageNotLoaded.ID {
				notLoaded = append(notLoaded, f.Message)
			}
		}
		want := `package "example.com/app/broken" was not analysed: broken/broken.go:3:23: undefined: undefined`
		if len(notLoaded) != 1 || notLoaded[0] != want {
			t.Errorf("fast=%v: not loaded = %q, want %q", fast, notLoaded, want)
		}
	}
}

// TestBuildConstraints checks that files left out of the default build by
// their build constraints are reported once per module as not analysed,
// with their tags, and that a package all of whose files are excluded is
// not a package that failed to load. Generators tagged ignore are not
// counted.
func TestBuildConstraints(t *testing.T) {
	root := t.TempDir()
	files := write(t, root, map[string]string{
		"go.mod":           "module example.com/tags\n\ngo 1.22\n",
		"gen.go":           "//go:build ignore\n\npackage main\n\nfunc main() {}\n",
		"a/a.go":           "package a\n\nfunc A() {}\n",
		"tools/tools.go":   "//go:build tools\n\npackage tools\n\nimport _ \"example.com/tags/a\"\n",
		"win/win.go":       "//go:build windows\n\npackage win\n\nfunc W() {}\n",
		"mixed/m.go":       "package mixed\n\nfunc M() {}\n",
		"mixed/m_int.go":   "//go:build integration && !race\n\npackage mixed\n\nfunc I() { undefined() }\n",
		"mixed/m_plan9.go": "package mixed\n\nfunc P() {}\n",
	})
	res, err := Analyze(context.Background(), root, files, Options{Fast: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Rule+" "+f.Location.Path+" "+f.Message+" ["+f.Evidence["files"]+"]")
	}
	want := []string{`go/build-constrained go.mod 4 Go files excluded by build constraints were not analysed (tags "integration", "plan9", "race", "tools", "windows") [mixed/m_int.go mixed/m_plan9.go tools/tools.go win/win.go]`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if res.Packages != 2 {
		t.Errorf("packages analysed = %d, want 2 (a, mixed)", res.Packages)
	}
}
