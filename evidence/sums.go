package evidence

import (
	"bytes"
	"errors"
	"fmt"
)

// maxSumsLines caps SHA256SUMS; a packet holds about a dozen files.
const maxSumsLines = MaxEntries

// sumsLine is one line of SHA256SUMS.
type sumsLine struct {
	name, digest string
	line         int // 1-based
}

// parseSums parses SHA256SUMS in the one form Build writes: lines
// "<64 lowercase hex digits><two spaces><plain file name>\n". It returns the
// lines it could read (the first of each name) and one error per bad line, so
// that a caller can report them all. SHA256SUMS is not signed: its lines are
// only ever compared with the statement, never trusted on their own.
func parseSums(b []byte) ([]sumsLine, []error) {
	var out []sumsLine
	var errs []error
	if len(b) == 0 {
		return nil, []error{fmt.Errorf("%s is empty", SumsFile)}
	}
	seen := map[string]int{}
	rest := b
	for n := 1; len(rest) > 0; n++ {
		if n > maxSumsLines {
			errs = append(errs, fmt.Errorf("%s: more than %d lines", SumsFile, maxSumsLines))
			break
		}
		line, after, found := bytes.Cut(rest, []byte{'\n'})
		rest = after
		if !found {
			errs = append(errs, fmt.Errorf("%s:%d: no newline at the end of the file", SumsFile, n))
		}
		if len(line) < 67 || line[64] != ' ' || line[65] != ' ' {
			errs = append(errs, fmt.Errorf("%s:%d: malformed line %q: want \"<sha256>  <name>\"", SumsFile, n, clip(line)))
			continue
		}
		digest, name := string(line[:64]), string(line[66:])
		if !isDigest(digest) {
			errs = append(errs, fmt.Errorf("%s:%d: digest %q is not 64 lowercase hex digits", SumsFile, n, digest))
			continue
		}
		if err := checkName(name); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", SumsFile, n, err))
			continue
		}
		if name == SumsFile {
			errs = append(errs, fmt.Errorf("%s:%d: %s lists itself", SumsFile, n, SumsFile))
			continue
		}
		if first, dup := seen[name]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: %q is listed twice (first on line %d)", SumsFile, n, name, first))
			continue
		}
		seen[name] = n
		out = append(out, sumsLine{name: name, digest: digest, line: n})
	}
	return out, errs
}

// clip shortens a malformed line for an error message.
func clip(b []byte) string {
	const max = 80
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}

// isDigest reports whether s is a hex SHA-256 as Build writes it.
func isDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// maxNameLen is the longest file name a packet may hold.
const maxNameLen = 255

// checkName accepts the plain file names a packet holds: letters, digits,
// '.', '_', '-' and '+', not "." or "..". Anything else (a path, an absolute
// name, a control character, a look-alike letter) is refused rather than
// interpreted.
func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("empty file name")
	case len(name) > maxNameLen:
		return fmt.Errorf("file name %q is longer than %d bytes", clip([]byte(name)), maxNameLen)
	case name == "." || name == "..":
		return fmt.Errorf("%q is not a file name", name)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-', c == '+':
		case c == '/' || c == '\\':
			return fmt.Errorf("%q is a path, not a plain file name", name)
		default:
			return fmt.Errorf("file name %q has a character other than letters, digits, '.', '_', '-' and '+'", name)
		}
	}
	return nil
}
