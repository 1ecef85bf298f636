package changerisk

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Every fuzz target bounds its input, so that the work per input is
// bounded too and a target cannot stall: the history walker's own cut-offs
// (maxEditCost, the 4 KiB message cut) do the rest.
const fuzzMaxInput = 64 << 10

// fuzzMaxDiff bounds each side of a diff: maxDiffWork bounds the search,
// but an instrumented search near the bound is slow.
const fuzzMaxDiff = 8 << 10

// encodedTree returns the content of a tree object go-git writes.
func encodedTree(t testing.TB, es ...object.TreeEntry) []byte {
	t.Helper()
	var o plumbing.MemoryObject
	if err := (&object.Tree{Entries: es}).Encode(&o); err != nil {
		t.Fatal(err)
	}
	r, err := o.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// FuzzParseTree feeds the walker's tree parser arbitrary tree content: a
// damaged or hand-made object store can hold anything. A tree it accepts
// must describe exactly the bytes it was given.
func FuzzParseTree(f *testing.F) {
	h := plumbing.NewHash("0123456789abcdef0123456789abcdef01234567")
	f.Add(encodedTree(f,
		object.TreeEntry{Name: "a.go", Mode: filemode.Regular, Hash: h},
		object.TreeEntry{Name: "dir", Mode: filemode.Dir, Hash: h},
		object.TreeEntry{Name: "link", Mode: filemode.Symlink, Hash: h},
		object.TreeEntry{Name: "sub", Mode: filemode.Submodule, Hash: h},
	))
	f.Add([]byte{})
	f.Add([]byte("100644 a\x00"))                             // truncated hash
	f.Add([]byte("100644 \x00" + strings.Repeat("x", 20)))    // empty name
	f.Add([]byte("1006448 a\x00" + strings.Repeat("x", 20)))  // mode too long
	f.Add([]byte("10064x a\x00" + strings.Repeat("x", 20)))   // not octal
	f.Add([]byte(" a\x00" + strings.Repeat("x", 20)))         // no mode
	f.Add([]byte("40000 d\x00" + strings.Repeat("\x00", 20))) // zero hash
	f.Add([]byte(strings.Repeat("100644 a\x00"+strings.Repeat("y", 20), 50)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxInput {
			return
		}
		es, err := parseTree(data)
		if len(es) > len(data)/23+1 {
			t.Fatalf("%d entries from %d bytes", len(es), len(data))
		}
		// Names point into data: each entry is "<mode> <name>\0<hash>"
		// right after the one before.
		end := 0
		for i := range es {
			e := &es[i]
			if len(e.name) == 0 || bytes.IndexByte(e.name, 0) >= 0 {
				t.Fatalf("entry %d: name %q", i, e.name)
			}
			start := cap(data) - cap(e.name)
			mode := data[end : start-1]
			if data[start-1] != ' ' || len(mode) == 0 || fmt.Sprintf("%o", uint32(e.mode)) != strings.TrimLeft(string(mode), "0") && e.mode != 0 {
				t.Fatalf("entry %d: mode %q parsed as %o", i, mode, uint32(e.mode))
			}
			end = start + len(e.name) + 1
			if data[end-1] != 0 || !bytes.Equal(e.hash[:], data[end:end+20]) {
				t.Fatalf("entry %d: hash %s, bytes %q", i, e.hash, data[end-1:end+20])
			}
			end += 20
			if i > 0 {
				_ = compareEntries(&es[i-1], e)
			}
		}
		if (err == nil) != (end == len(data)) {
			t.Fatalf("error %v after parsing %d of %d bytes", err, end, len(data))
		}
	})
}

// FuzzDiffLines checks the line diff on arbitrary pairs of files: the
// hunks are ordered, inside both files, and turn the first file into the
// second. The helpers that read blobs through hunks run on them too.
func FuzzDiffLines(f *testing.F) {
	f.Add([]byte("a\nb\nc\n"), []byte("a\nx\nc\n"))
	f.Add([]byte(""), []byte("a\nb\n"))
	f.Add([]byte("a\nb"), []byte("a\nb\n"))
	f.Add([]byte("a\nb\na\nb\na\n"), []byte("b\na\nb\na\nb\n"))
	f.Add([]byte("x\ny\nz\n"), []byte("p\nq\n"))
	f.Add([]byte("\n\n\n\r\n"), []byte("\r\n\n"))
	f.Add([]byte("import openai\n// c\n{\n"), []byte("import anthropic\nfrom openai import OpenAI\n"))
	// A rewrite past the first, cheap Myers attempt. Seeds stay small: the
	// fuzzer minimizes every new input it finds, in time linear in its size.
	var a, b strings.Builder
	for i := 0; i < 80; i++ {
		a.WriteString(strings.Repeat("a", i%13) + "\n")
		b.WriteString(strings.Repeat("b", i%11) + "\n")
	}
	f.Add([]byte(a.String()), []byte(b.String()))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > fuzzMaxDiff || len(b) > fuzzMaxDiff {
			return
		}
		hs := diffLines(a, b)
		la, lb := splitLines(a), splitLines(b)
		po, pn := int32(0), int32(0)
		for _, h := range hs {
			if h.OldLen < 0 || h.NewLen < 0 || h.OldLen == 0 && h.NewLen == 0 ||
				h.OldStart < po || h.NewStart < pn || int(h.OldStart+h.OldLen) > len(la) || int(h.NewStart+h.NewLen) > len(lb) {
				t.Fatalf("bad hunk %+v in %v for %d and %d lines", h, hs, len(la), len(lb))
			}
			if h.OldStart-po != h.NewStart-pn {
				t.Fatalf("unchanged runs differ in length before %+v in %v", h, hs)
			}
			po, pn = h.OldStart+h.OldLen, h.NewStart+h.NewLen
		}
		if len(la)-int(po) != len(lb)-int(pn) {
			t.Fatalf("unchanged tails differ in length: %v", hs)
		}
		var rebuilt []byte
		pos := 0
		for _, h := range hs {
			for _, l := range la[pos:h.OldStart] {
				rebuilt = append(rebuilt, l...)
			}
			for _, l := range lb[h.NewStart : h.NewStart+h.NewLen] {
				rebuilt = append(rebuilt, l...)
			}
			pos = int(h.OldStart + h.OldLen)
		}
		for _, l := range la[pos:] {
			rebuilt = append(rebuilt, l...)
		}
		if !bytes.Equal(rebuilt, b) {
			t.Fatalf("hunks %v do not turn %q into %q (got %q)", hs, a, b, rebuilt)
		}
		add, del := hunkCounts(hs)
		if add > len(lb) || del > len(la) {
			t.Fatalf("+%d -%d for %d and %d lines", add, del, len(la), len(lb))
		}
		_ = aiTouched(b, hs)
		for _, l := range significantDeleted(a, hs) {
			if l < 0 || int(l) >= len(la) {
				t.Fatalf("significant deleted line %d of %d", l, len(la))
			}
		}
	})
}

// FuzzClassifyMessage runs the commit classifiers (fix, revert, AI
// authorship, subject) on arbitrary authors and messages.
func FuzzClassifyMessage(f *testing.F) {
	f.Add("fix: nil pointer in parser", "Ada", "ada@example.com")
	f.Add("docs: fix typo", "Ada", "ada@example.com")
	f.Add("Bump x from 1 to 2\n\nfixes #12", "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
	f.Add("Revert \"add x\"\n\nThis reverts commit 0123456789abcdef.", "Ada", "ada@example.com")
	f.Add("add feature\n\nCo-authored-by: Claude <noreply@anthropic.com>", "Ada", "ada@example.com")
	f.Add("\x1b[31mred\u202e\n\xff\xfe", "\x00", "")
	f.Add(strings.Repeat("fix(", 2000), strings.Repeat("a", 100), "")
	f.Fuzz(func(t *testing.T, msg, name, email string) {
		// The walker cuts messages at 4 KiB.
		if len(msg) > 4096 || len(name)+len(email) > 1024 {
			return
		}
		fix := IsFix(msg, name, email)
		if fix && isBot(name, email) {
			t.Fatalf("a bot's commit classified as a fix: %q by %q <%q>", msg, name, email)
		}
		_ = IsRevert(msg)
		if s := subject(msg); strings.Contains(s, "\n") || len(s) > len(msg) {
			t.Fatalf("subject %q of %q", s, msg)
		}
		if ok, ev := AIAuthored(name, email, msg); ok && ev == "" {
			t.Fatalf("AI-authored without evidence: %q", msg)
		}
	})
}
