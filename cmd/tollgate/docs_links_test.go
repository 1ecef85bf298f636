package main

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// TestDocsLinks checks every link of the repository's Markdown (README.md,
// CHANGELOG.md and everything under docs/): a relative link names a file or
// directory of the repository, and its #fragment a heading of the target
// page. External links are only checked to be well formed: tests never use
// the network.
func TestDocsLinks(t *testing.T) {
	const root = "../.."
	files := docsMarkdown(t, root)
	for _, want := range []string{"README.md", "docs/usage.md", "docs/rules.md"} {
		if !slices.Contains(files, want) {
			t.Fatalf("%s not among the checked files %v", want, files)
		}
	}
	for _, p := range checkMarkdownLinks(root, files) {
		t.Error(p)
	}
}

// TestDocsLinksBroken: the checker reports each kind of broken link, with
// its file and line, and nothing for the links that work.
func TestDocsLinksBroken(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"README.md": "# Title\n\n" +
			"## Use it in CI\n\n" +
			"## Use it in CI\n\n" +
			"### History store: `tollgate history trend|diff`\n\n" +
			"Good: [page](docs/a.md), [anchor](docs/a.md#the-policy-file-tollgatehcl), [here](#use-it-in-ci),\n" +
			"[dup](#use-it-in-ci-1), [code](#history-store-tollgate-history-trenddiff), [dir](docs/),\n" +
			"![img](docs/pic.png), [web](https://example.com/x#y), <https://example.com>, [mail](mailto:a@example.com),\n" +
			"[ref][r], [space](docs/b%20c.md), [lines](docs/pic.png#L3-L5).\n\n" +
			"[r]: docs/a.md#s-été_x-2\n\n" +
			"Bad: [missing](docs/nope.md)\n" +
			"[frag](docs/a.md#no-such-heading)\n" +
			"[self](#use-it-in-ci-2)\n" +
			"[out](../outside.md)\n" +
			"[empty]()\n" +
			"[nohost](https://)\n" +
			"[js](javascript:alert(1))\n" +
			"[pngfrag](docs/pic.png#top)\n" +
			"![gone](docs/gone.png)\n",
		"docs/a.md":    "# The policy file: `.tollgate.hcl`\n\n## S été_x 2\n\nBack [up](../README.md#title), [bad](../README.md#titl).\n",
		"docs/b c.md":  "# B\n",
		"docs/pic.png": "",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := checkMarkdownLinks(dir, []string{"README.md", "docs/a.md", "docs/b c.md"})
	want := []string{
		`README.md:16: link "docs/nope.md": "docs/nope.md" does not exist`,
		`README.md:17: link "docs/a.md#no-such-heading": docs/a.md has no heading with anchor "no-such-heading"`,
		`README.md:18: link "#use-it-in-ci-2": README.md has no heading with anchor "use-it-in-ci-2"`,
		`README.md:19: link "../outside.md": leads out of the repository`,
		`README.md:20: link "": empty destination`,
		`README.md:21: link "https://": external link without a host`,
		`README.md:22: link "javascript:alert(1)": scheme "javascript" is neither http(s) nor mailto`,
		`README.md:23: link "docs/pic.png#top": fragment "top" on docs/pic.png, which is not Markdown`,
		`README.md:24: link "docs/gone.png": "docs/gone.png" does not exist`,
		`docs/a.md:5: link "../README.md#titl": README.md has no heading with anchor "titl"`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

func TestGitHubAnchors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Use it in CI", "use-it-in-ci"},
		{"The policy file: .tollgate.hcl", "the-policy-file-tollgatehcl"},
		{"Standard templates: template coverage and ci/template-not-approved", "standard-templates-template-coverage-and-citemplate-not-approved"},
		{"JSON report schema tollgate.report/v2", "json-report-schema-tollgatereportv2"},
		{"Memory on a large repository (issue 11)", "memory-on-a-large-repository-issue-11"},
		{"Pull requests: tollgate pr --base <ref>", "pull-requests-tollgate-pr---base-ref"},
		{"MLOps stages 0–4", "mlops-stages-04"},
		{"Été  à_b", "été--à_b"},
	} {
		if got := githubSlug(c.in); got != c.want {
			t.Errorf("githubSlug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// docsMarkdown lists the Markdown files whose links TestDocsLinks checks:
// the top-level ones and every one under docs/, slash-separated and sorted.
func docsMarkdown(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	top, err := filepath.Glob(filepath.Join(root, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range top {
		files = append(files, filepath.Base(f))
	}
	err = filepath.WalkDir(filepath.Join(root, "docs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

var (
	docsMarkdownParser = goldmark.New(goldmark.WithExtensions(extension.GFM))
	lineFragment       = regexp.MustCompile(`^L[0-9]+(-L[0-9]+)?$`)
)

// checkMarkdownLinks parses each file (slash-separated, relative to root)
// with goldmark and returns one line per broken link, "file:line: link
// "dest": problem", in file order.
func checkMarkdownLinks(root string, files []string) []string {
	anchors := map[string]map[string]bool{} // Markdown file → its heading anchors
	anchorsOf := func(file string) (map[string]bool, error) {
		if a, ok := anchors[file]; ok {
			return a, nil
		}
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			return nil, err
		}
		a := headingAnchors(src)
		anchors[file] = a
		return a, nil
	}
	var problems []string
	for _, file := range files {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", file, err))
			continue
		}
		doc := docsMarkdownParser.Parser().Parse(text.NewReader(src))
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			var dest string
			switch n := n.(type) {
			case *ast.Link:
				dest = string(n.Destination)
			case *ast.Image:
				dest = string(n.Destination)
			case *ast.AutoLink:
				if n.AutoLinkType == ast.AutoLinkEmail {
					return ast.WalkContinue, nil
				}
				dest = string(n.URL(src))
			default:
				return ast.WalkContinue, nil
			}
			if p := checkLink(root, file, dest, anchorsOf); p != "" {
				problems = append(problems, fmt.Sprintf("%s:%d: link %q: %s", file, lineOf(src, n), dest, p))
			}
			return ast.WalkContinue, nil
		})
	}
	return problems
}

// checkLink returns what is wrong with one link destination of file, or "".
func checkLink(root, file, dest string, anchorsOf func(string) (map[string]bool, error)) string {
	if dest == "" {
		return "empty destination"
	}
	u, err := url.Parse(dest)
	if err != nil {
		return fmt.Sprintf("malformed: %v", err)
	}
	switch u.Scheme {
	case "":
	case "http", "https":
		if u.Host == "" {
			return "external link without a host"
		}
		return ""
	case "mailto":
		return ""
	default:
		return fmt.Sprintf("scheme %q is neither http(s) nor mailto", u.Scheme)
	}
	target := file
	if u.Path != "" {
		if strings.HasPrefix(u.Path, "/") {
			target = path.Clean(strings.TrimPrefix(u.Path, "/"))
		} else {
			target = path.Join(path.Dir(file), u.Path)
		}
		if target == ".." || strings.HasPrefix(target, "../") {
			return "leads out of the repository"
		}
		info, err := os.Stat(filepath.Join(root, filepath.FromSlash(target)))
		if err != nil {
			return fmt.Sprintf("%q does not exist", target)
		}
		if info.IsDir() {
			if u.Fragment != "" {
				return fmt.Sprintf("fragment %q on directory %s", u.Fragment, target)
			}
			return ""
		}
	}
	if u.Fragment == "" {
		return ""
	}
	if !strings.HasSuffix(target, ".md") {
		if lineFragment.MatchString(u.Fragment) {
			return ""
		}
		return fmt.Sprintf("fragment %q on %s, which is not Markdown", u.Fragment, target)
	}
	a, err := anchorsOf(target)
	if err != nil {
		return err.Error()
	}
	if !a[u.Fragment] {
		return fmt.Sprintf("%s has no heading with anchor %q", target, u.Fragment)
	}
	return ""
}

// headingAnchors returns the anchors GitHub gives the headings of a
// Markdown page: each heading's slug, with -1, -2... on repeats.
func headingAnchors(src []byte) map[string]bool {
	doc := docsMarkdownParser.Parser().Parse(text.NewReader(src))
	seen := map[string]int{}
	out := map[string]bool{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		// github-slugger: a slug already taken gets the next free suffix of
		// its base, and every slug handed out is taken.
		base := githubSlug(inlineText(h, src))
		slug := base
		for _, taken := seen[slug]; taken; _, taken = seen[slug] {
			seen[base]++
			slug = fmt.Sprintf("%s-%d", base, seen[base])
		}
		seen[slug] = 0
		out[slug] = true
		return ast.WalkSkipChildren, nil
	})
	return out
}

// inlineText is the plain text of a node's inline content: text, code spans
// and link texts, without markup or raw HTML.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
		case *ast.String:
			b.Write(c.Value)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// githubSlug is GitHub's heading anchor (github-slugger): lower case,
// letters, marks, digits, '-' and '_' kept, each space a '-', everything else
// dropped.
func githubSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lineOf is the 1-based line of an inline node: that of its first text, or
// of the first line of the block holding it.
func lineOf(src []byte, n ast.Node) int {
	off := -1
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				off = p.Lines().At(0).Start
				break
			}
		}
	}
	if off < 0 {
		return 0
	}
	return 1 + strings.Count(string(src[:off]), "\n")
}
