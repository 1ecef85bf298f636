package scan

import (
	"bytes"
	"go/scanner"
	"go/token"
)

// goDirectiveComments blanks everything in Go source but the comments that
// start with a tollgate:ignore directive, keeping every byte's line and
// column. Go code is parsed properly because string literals and doc comments
// often quote a directive (documentation, tests of the directive parser);
// only a comment that is itself a directive suppresses.
func goDirectiveComments(src []byte) []byte {
	if !bytes.Contains(src, []byte("tollgate:ignore")) {
		return src
	}
	out := make([]byte, len(src))
	for i, c := range src {
		if c == '\n' {
			out[i] = '\n'
		} else {
			out[i] = ' '
		}
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.COMMENT {
			continue
		}
		body := bytes.TrimLeft([]byte(lit[2:]), " \t")
		if !bytes.HasPrefix(body, []byte("tollgate:ignore")) {
			continue
		}
		off := file.Offset(pos)
		copy(out[off:], lit)
	}
	return out
}
