package changerisk

import (
	"bytes"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// deltaOf makes a git delta from base to target: copies of base's first
// half, then the rest inserted, with the size header.
func deltaOf(base, target []byte) []byte {
	var d []byte
	put := func(v uint64) {
		for v >= 0x80 {
			d = append(d, byte(v)|0x80)
			v >>= 7
		}
		d = append(d, byte(v))
	}
	put(uint64(len(base)))
	put(uint64(len(target)))
	common := 0
	for common < len(base) && common < len(target) && base[common] == target[common] {
		common++
	}
	if common > 0 {
		// copy from offset 0, size in two bytes
		d = append(d, 0x80|0x10|0x20, byte(common), byte(common>>8))
	}
	for rest := target[common:]; len(rest) > 0; {
		n := min(len(rest), 127)
		d = append(d, byte(n))
		d = append(d, rest[:n]...)
		rest = rest[n:]
	}
	return d
}

// patch applies a delta with its size header, as the reader does.
func patch(base, delta []byte) ([]byte, error) {
	_, q, ok := uvarint(delta)
	if !ok {
		return nil, errCorrupt
	}
	target, q2, ok := uvarint(delta[q:])
	if !ok || target > 1<<20 {
		return nil, errCorrupt
	}
	return patchDelta(base, delta[q+q2:], target)
}

func TestPatchDelta(t *testing.T) {
	base := []byte("package calc\n\nfunc Div(a, b int) int {\n\treturn a / b\n}\n")
	target := []byte("package calc\n\nfunc Div(a, b int) int {\n\tif b == 0 {\n\t\treturn 0\n\t}\n\treturn a / b\n}\n")
	got, err := patch(base, deltaOf(base, target))
	if err != nil || !bytes.Equal(got, target) {
		t.Fatalf("patch = %q, %v; want %q", got, err, target)
	}
	// A copy out of the base's bounds, a zero opcode, a short result.
	for _, bad := range [][]byte{
		{byte(len(base)), 10, 0x80 | 0x01 | 0x10, 200, 10},
		{byte(len(base)), 1, 0},
		{byte(len(base)), 5, 2, 'a', 'b'},
	} {
		if got, err := patch(base, bad); err == nil {
			t.Errorf("patch(%v) = %q, want an error", bad, got)
		}
	}
}

func TestObjectHeaders(t *testing.T) {
	// type 3 (blob), size 300: 0b1011_1100 then 300>>4 = 18.
	typ, size, p, ok := parseObjectHeader([]byte{0x80 | 3<<4 | 300&15, 300 >> 4, 0xff})
	if !ok || typ != plumbing.BlobObject || size != 300 || p != 2 {
		t.Errorf("header = %v %d %d %v", typ, size, p, ok)
	}
	if _, _, _, ok := parseObjectHeader([]byte{0x80 | 3<<4}); ok {
		t.Error("a truncated header was accepted")
	}
	// Distance 200: git writes 0x80|((200>>7)-1) = 0x80, then 200&127 = 72.
	rel, p, ok := parseDeltaOffset([]byte{0x80, 72})
	if !ok || rel != 200 || p != 2 {
		t.Errorf("offset = %d %d %v, want 200", rel, p, ok)
	}
}

// FuzzPatchDelta applies arbitrary deltas (a damaged pack can hold
// anything) to arbitrary bases: never a panic, and whenever go-git's
// reference implementation accepts a delta, the same bytes.
func FuzzPatchDelta(f *testing.F) {
	base := []byte("package calc\n\nfunc Div(a, b int) int {\n\treturn a / b\n}\n")
	f.Add(base, deltaOf(base, []byte("package calc\n\nfunc Div(a, b int) int {\n\treturn a * b\n}\n")))
	f.Add(base, []byte{byte(len(base)), 3, 0x90, 3})
	f.Add([]byte{}, []byte{0, 2, 2, 'h', 'i'})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		if len(base) > fuzzMaxInput || len(delta) > fuzzMaxInput {
			return
		}
		got, err := patch(base, delta)
		want, rerr := packfile.PatchDelta(base, delta)
		if err == nil && rerr == nil && !bytes.Equal(got, want) {
			t.Fatalf("patch = %q, go-git's = %q", got, want)
		}
		parseObjectHeader(delta)
		parseDeltaOffset(delta)
	})
}
