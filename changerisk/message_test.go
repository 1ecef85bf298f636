package changerisk

import (
	"bytes"
	"strings"
	"testing"
)

func TestIsFix(t *testing.T) {
	cases := []struct {
		msg, author string
		want        bool
	}{
		{"fix division by zero in Ratio", "Ada", true},
		{"Fixes #123: crash on empty input", "Ada", true},
		{"handle nil config\n\nCloses #77", "Ada", true},
		{"bugfix: wrong exit code", "Ada", true},
		{"add feature flag", "Ada", false},
		{"docs: fix typo in README", "Ada", false},
		{"chore(deps): bump golang.org/x/net", "Ada", false},
		{"build(deps): bump actions/checkout from 3 to 4", "dependabot[bot]", false},
		{"fix tests", "Ada", false},
		{"fix: panic on nil map", "renovate[bot]", false},
		{"Revert \"fix parser\"", "Ada", false},
		// Conventional commits: the type says what the change is.
		{"fix(parser): handle empty input", "Ada", true},
		{"fix!: reject negative sizes", "Ada", true},
		{"feat(router): support wildcards\n\nFixes #88", "Ada", true},
		{"feat(router): support wildcards", "Ada", false},
		{"refactor: fix naming of handlers", "Ada", false},
		{"revert: fix(parser): handle empty input", "Ada", false},
		{"fix(deps): update module golang.org/x/net to v0.30.0", "Ada", false},
		{"fix(docs): broken link", "Ada", false},
		{"fix(ci): flaky cache step", "Ada", false},
	}
	for _, c := range cases {
		if got := IsFix(c.msg, c.author, ""); got != c.want {
			t.Errorf("IsFix(%q, %q) = %v, want %v", c.msg, c.author, got, c.want)
		}
	}
}

func TestAIAuthored(t *testing.T) {
	cases := []struct {
		name, email, msg string
		want             bool
	}{
		{"Ada", "ada@example.com", "add x\n\nCo-authored-by: Claude <noreply@anthropic.com>", true},
		{"Ada", "ada@example.com", "add x\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)", true},
		{"Copilot", "198982749+Copilot@users.noreply.github.com", "add x\n\nCo-authored-by: copilot-swe-agent[bot] <x@users.noreply.github.com>", true},
		{"devin-ai-integration[bot]", "158243242+devin-ai-integration[bot]@users.noreply.github.com", "add x", true},
		{"Ada", "ada@example.com", "add x\n\nAI-Assisted: yes", true},
		{"Ada", "ada@example.com", "add x\n\nAI-Assisted: no", false},
		{"Ada", "ada@example.com", "decline the request\n\nCo-authored-by: Bob <bob@example.com>", false},
		{"Ada", "ada@example.com", "support the cursor API", false},
	}
	for _, c := range cases {
		if got, _ := AIAuthored(c.name, c.email, c.msg); got != c.want {
			t.Errorf("AIAuthored(%q, %q) = %v, want %v", c.name, c.msg, got, c.want)
		}
	}
}

func TestClassifyPath(t *testing.T) {
	cases := []struct {
		path string
		want uint16
	}{
		{"main.go", KindSource},
		{"pkg/a_test.go", KindSource | KindTest},
		{"vendor/x/y.go", KindSource | KindExcluded},
		{"api/v1/x.pb.go", KindSource | KindExcluded},
		{".github/workflows/ci.yml", KindCI},
		{"infra/main.tf", KindIaC},
		{"go.mod", KindDeps},
		{"go.sum", KindDeps | KindExcluded},
		{"db/migrations/001_init.sql", KindSource | KindMigration},
		{"prompts/summarize.txt", KindAI},
		{"docs/guide.md", KindDocs},
	}
	for _, c := range cases {
		if got := classifyPath(c.path); got != c.want {
			t.Errorf("classifyPath(%q) = %b, want %b", c.path, got, c.want)
		}
	}
}

// FuzzDecodeCache feeds the cache decoder arbitrary bytes: the cache is a
// file on disk anyone can damage, and decoding must fail cleanly.
func FuzzDecodeCache(f *testing.F) {
	var buf bytes.Buffer
	w := newBufWriter(&buf)
	c := &Commit{Message: "fix x", Files: []FileChange{{Path: "a.go", Status: 'M', Added: 1, Hunks: []Hunk{{1, 1, 1, 1}}, SigDeleted: []int32{1}}}}
	if err := encodeCache(w, []*Commit{c}); err != nil {
		f.Fatal(err)
	}
	w.Flush()
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Add([]byte(cacheKey))
	// A count that promises more records than the bytes can hold, and a
	// file cut in the middle.
	huge := append([]byte{byte(len(cacheKey))}, cacheKey...)
	huge = append(huge, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)
	f.Add(huge)
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeCache(data)
		if err == nil && m == nil {
			t.Fatal("nil map without error")
		}
	})
}

// sameAnswers fails when the kept message answers subject, IsRevert or
// AIAuthored differently from the whole one.
func sameAnswers(t *testing.T, full, kept string) {
	t.Helper()
	if subject(full) != subject(kept) {
		t.Errorf("subject %q, kept %q", subject(full), subject(kept))
	}
	if IsRevert(full) != IsRevert(kept) {
		t.Errorf("IsRevert(%q) = %v, kept %q: %v", full, IsRevert(full), kept, IsRevert(kept))
	}
	a1, e1 := AIAuthored("Ada", "ada@example.com", full)
	a2, e2 := AIAuthored("Ada", "ada@example.com", kept)
	if a1 != a2 || e1 != e2 {
		t.Errorf("AIAuthored(%q) = %v %q, kept %q: %v %q", full, a1, e1, kept, a2, e2)
	}
}

func TestKeptMessage(t *testing.T) {
	msgs := []string{
		"fix: nil map in parser\n\nThe parser crashed on an empty map.\nFixes #12\n",
		"Revert \"add cache\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n",
		"\n\n  Revert the cache\nbody\n",
		"add tool calls\n\nlong body line one\nline two\n\n🤖 Generated with [Claude Code](https://claude.ai/code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
		"tweak\n\nSigned-off-by: Ada <ada@example.com>\nAssisted-by: Copilot\n",
		"one line only",
		"subject\r\nbody\r\nCo-authored-by: Cursor Agent <agent@cursor.com>\r\n",
		"reword\n\nthiſ reverts commit 0123456789ab\n",
	}
	for _, m := range msgs {
		k := keptMessage(m)
		if len(k) > len(m) {
			t.Errorf("kept %q is longer than %q", k, m)
		}
		sameAnswers(t, m, k)
		for _, o := range msgs {
			sameAnswers(t, m+"\n\n"+o, keptMessage(m)+"\n\n"+keptMessage(o))
		}
	}
	if k := keptMessage(msgs[0]); strings.Contains(k, "crashed") {
		t.Errorf("the body was kept: %q", k)
	}
	if k := keptMessage(msgs[3]); !strings.Contains(k, "Co-Authored-By: Claude") {
		t.Errorf("the trailer was dropped: %q", k)
	}
}

// FuzzKeptMessage: on any message, alone or joined to another (a range),
// the kept part gives the answers the whole message gives.
func FuzzKeptMessage(f *testing.F) {
	f.Add("fix: x\n\nbody\nCo-authored-by: Claude <c@anthropic.com>\n", "Revert \"y\"\n\nThis reverts commit abcdef0.")
	f.Add("\n\n  subject\n\nGenerated with Cursor\n", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a)+len(b) > fuzzMaxInput {
			return
		}
		sameAnswers(t, a, keptMessage(a))
		sameAnswers(t, a+"\n\n"+b, keptMessage(a)+"\n\n"+keptMessage(b))
	})
}
