package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "text", Doc: "path:line:col: message (rule), one finding a line, go vet style", Render: Text})
}

// Text writes one line per active finding, `path:line:col: message (rule)`,
// in report order. Suppressed findings are left out unless
// opts.ShowSuppressed, then marked with their reason. Control characters
// from the repository are escaped so a hostile path or message cannot drive
// the terminal.
func Text(w io.Writer, r *report.Report, opts Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		if f.Suppressed != nil && !opts.ShowSuppressed {
			continue
		}
		loc := f.Location.String()
		if loc == "" {
			loc = "."
		}
		fmt.Fprintf(bw, "%s: %s (%s)", Terminal(loc), Terminal(f.Message), f.Rule)
		if f.Suppressed != nil {
			fmt.Fprintf(bw, " [suppressed: %s]", Terminal(f.Suppressed.Reason))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Terminal makes untrusted text safe for a terminal: control characters
// (escape sequences, carriage returns, newlines) are written as Go escapes,
// and invalid UTF-8 as \x escapes.
func Terminal(s string) string {
	clean := true
	for _, r := range s {
		if r == unicode.ReplacementChar || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := decodeRune(s[i:])
		switch {
		case r == unicode.ReplacementChar && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			q := fmt.Sprintf("%+q", string(r))
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
