package render

import (
	"bufio"
	"fmt"
	"io"

	"github.com/tollgate-dev/tollgate/internal/termsafe"
	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "text", Doc: "path:line:col: severity: message (rule), one finding a line, go vet style", Render: Text})
}

// Text writes one line per active finding,
// `path:line:col: severity: message (rule)`, in report order; findings below
// opts.MinSeverity are left out, and so are those opts.Persona hides. Suppressed findings are left out unless
// opts.ShowSuppressed, then marked with their reason. Control characters
// from the repository are escaped so a hostile path or message cannot drive
// the terminal.
func Text(w io.Writer, r *report.Report, opts Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		if f.Suppressed != nil && !opts.ShowSuppressed || !opts.Persona.Shows(&f, opts.MinSeverity) {
			continue
		}
		loc := f.Location.String()
		if loc == "" {
			loc = "."
		}
		fmt.Fprintf(bw, "%s: %s: %s (%s)", Terminal(loc), f.Severity, Terminal(f.Message), Terminal(f.Rule))
		if f.Suppressed != nil {
			fmt.Fprintf(bw, " [suppressed: %s]", Terminal(f.Suppressed.Reason))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Terminal makes untrusted text safe for a terminal (termsafe.Escape):
// control characters (escape sequences, carriage returns, newlines), bidi
// overrides and line separators are written as Go escapes, and invalid UTF-8
// as \x escapes.
func Terminal(s string) string { return termsafe.Escape(s) }
