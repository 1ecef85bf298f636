package prgate

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds of a diff shown in a finding: the policy and baseline files come
// from the pull request, and a diff of them must not grow a report without
// end.
const (
	diffContext  = 3
	diffMaxLines = 120
	diffMaxBytes = 8 << 10
	diffMaxLine  = 200 // runes kept of one line
	// diffMaxCells caps the LCS table (lines of a × lines of b, after the
	// common prefix and suffix are trimmed); past it the middle is shown
	// as removed and added whole.
	diffMaxCells = 1 << 18
)

type opKind byte

const (
	opEqual opKind = ' '
	opDel   opKind = '-'
	opAdd   opKind = '+'
)

type op struct {
	kind opKind
	a, b int // 0-based line in a and in b before this op
	text string
}

// splitText splits text into lines without their newlines.
func splitText(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	s := string(b)
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n")
}

// editScript returns the line operations that turn a into b: the common
// prefix and suffix are kept, and the middle is a longest-common-subsequence
// edit when it is small enough, else one removed and one added block.
func editScript(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{opEqual, i, i, a[i]})
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(am)*len(bm) <= diffMaxCells {
		ops = append(ops, lcsOps(am, bm, pre)...)
	} else {
		for i, l := range am {
			ops = append(ops, op{opDel, pre + i, pre, l})
		}
		for j, l := range bm {
			ops = append(ops, op{opAdd, pre + len(am), pre + j, l})
		}
	}
	for k := 0; k < suf; k++ {
		i, j := len(a)-suf+k, len(b)-suf+k
		ops = append(ops, op{opEqual, i, j, a[i]})
	}
	return ops
}

// lcsOps diffs two small line slices by dynamic programming; off is the
// line number of their first lines in both files.
func lcsOps(a, b []string, off int) []op {
	n, m := len(a), len(b)
	// Compare small integers, not strings, in the quadratic loop.
	ids := map[string]int32{}
	intern := func(ls []string) []int32 {
		out := make([]int32, len(ls))
		for i, l := range ls {
			id, ok := ids[l]
			if !ok {
				id = int32(len(ids))
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	ai, bi := intern(a), intern(b)
	// l[i*(m+1)+j] is the LCS length of a[i:] and b[j:].
	l := make([]int32, (n+1)*(m+1))
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ai[i] == bi[j] {
				l[i*(m+1)+j] = l[(i+1)*(m+1)+j+1] + 1
			} else {
				l[i*(m+1)+j] = max(l[(i+1)*(m+1)+j], l[i*(m+1)+j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && ai[i] == bi[j]:
			ops = append(ops, op{opEqual, off + i, off + j, a[i]})
			i, j = i+1, j+1
		case i < n && (j == m || l[(i+1)*(m+1)+j] >= l[i*(m+1)+j+1]):
			// Removals first, as diff(1) shows a replaced line.
			ops = append(ops, op{opDel, off + i, off + j, a[i]})
			i++
		default:
			ops = append(ops, op{opAdd, off + i, off + j, b[j]})
			j++
		}
	}
	return ops
}

// unifiedDiff returns a unified diff of a and b (empty when they are
// equal), bounded to diffMaxLines lines and diffMaxBytes bytes with a note
// of what was cut, and the 1-based line of b where the first change stands
// (0 when b is empty). Every line is made safe to show: control
// characters, bidirectional overrides and invalid UTF-8 are escaped, and
// long lines are cut.
func unifiedDiff(name string, a, b []byte) (text string, first int) {
	if bytes.Equal(a, b) {
		return "", 0
	}
	al, bl := splitText(a), splitText(b)
	ops := editScript(al, bl)
	first = 0
	for _, o := range ops {
		if o.kind != opEqual {
			first = o.b + 1
			break
		}
	}
	if first > len(bl) {
		first = len(bl)
	}
	var sb strings.Builder
	shown, cut := 0, 0
	emit := func(l string) {
		if cut > 0 || shown >= diffMaxLines || sb.Len()+len(l)+1 > diffMaxBytes {
			cut++
			return
		}
		sb.WriteString(l)
		sb.WriteByte('\n')
		shown++
	}
	emit("--- base/" + safeLine(name))
	emit("+++ head/" + safeLine(name))
	// Group the changes into hunks with diffContext lines around them.
	for i := 0; i < len(ops); {
		if ops[i].kind == opEqual {
			i++
			continue
		}
		start := max(0, i-diffContext)
		end := i
		for end < len(ops) {
			if ops[end].kind != opEqual {
				end++
				continue
			}
			// Run of equal lines: does another change follow within
			// 2*diffContext lines?
			k := end
			for k < len(ops) && ops[k].kind == opEqual {
				k++
			}
			if k < len(ops) && k-end <= 2*diffContext {
				end = k
				continue
			}
			end = min(end+diffContext, len(ops))
			break
		}
		h := ops[start:end]
		var na, nb int
		for _, o := range h {
			if o.kind != opAdd {
				na++
			}
			if o.kind != opDel {
				nb++
			}
		}
		emit(fmt.Sprintf("@@ -%s +%s @@", hunkRange(h[0].a, na), hunkRange(h[0].b, nb)))
		for _, o := range h {
			if cut > 0 {
				cut++ // not shown: spare the escaping
				continue
			}
			emit(string(o.kind) + safeLine(o.text))
		}
		i = end
	}
	if cut > 0 {
		fmt.Fprintf(&sb, "… %d more line(s) of diff not shown\n", cut)
	}
	return sb.String(), first
}

// hunkRange formats a hunk's start and length as unified diffs do: the
// start is 1-based, and the line before the hunk when it is empty.
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// safeLine escapes what a terminal, an annotation or a Markdown renderer
// could act on (control characters, bidirectional overrides, invalid
// UTF-8) and cuts the line to diffMaxLine runes.
func safeLine(s string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		if n == diffMaxLine {
			b.WriteString("…")
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteByte('\t')
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' || r == '\ufeff':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
		n++
	}
	return b.String()
}
