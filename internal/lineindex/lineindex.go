// Package lineindex finds a file's lines by number without splitting it:
// one pass records where each line starts, and a line is a slice of the
// source.
package lineindex

import "bytes"

// Index holds the offset of each line's first byte in a source.
type Index []int

// New indexes src: line 1 starts at 0, each later line after a '\n'.
func New(src []byte) Index {
	starts := append(make([]int, 0, bytes.Count(src, []byte{'\n'})+1), 0)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return starts
		}
		i += j + 1
		starts = append(starts, i)
	}
}

// Line returns line n (from 1) of src, which x indexes, without its
// newline (capacity capped, so an append cannot write into src), or nil
// when there is no such line.
func (x Index) Line(src []byte, n int) []byte {
	if n < 1 || n > len(x) {
		return nil
	}
	end := len(src)
	if n < len(x) {
		end = x[n] - 1
	}
	return src[x[n-1]:end:end]
}
