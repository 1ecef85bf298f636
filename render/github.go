package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "github", Doc: "GitHub Actions annotations (::error/::warning), at most 10 of each plus a notice for the rest", Render: GitHubAnnotations})
}

// annotationCap is how many annotations of each kind GitHub shows per step;
// more are dropped silently by GitHub, so we stop there and say so.
const annotationCap = 10

// GitHubAnnotations writes GitHub Actions workflow commands: one ::error
// per failed gate and per high or critical finding, one ::warning per medium
// finding, at most 10 of each, worst first; then one ::notice counting what
// was left out (the rest, low and info findings included). Every value is
// escaped as the workflow-command syntax requires, so a hostile message can
// neither end the command nor start a new one.
func GitHubAnnotations(w io.Writer, r *report.Report, _ Options) error {
	bw := bufio.NewWriter(w)
	errs, warns := 0, 0
	restErr, restWarn, restNote := 0, 0, 0
	for _, g := range r.Gates {
		if g.Passed {
			continue
		}
		if errs >= annotationCap {
			restErr++
			continue
		}
		errs++
		fmt.Fprintf(bw, "::error title=%s::%s\n", annotationProperty("tollgate gate "+g.Name+" failed"),
			annotationData(fmt.Sprintf("%s (threshold: %s, observed: %s)", g.Detail, g.Threshold, g.Observed)))
	}
	for _, f := range bySeverity(r.Active()) {
		var kind string
		switch {
		case f.Severity >= finding.High:
			if errs >= annotationCap {
				restErr++
				continue
			}
			errs++
			kind = "error"
		case f.Severity == finding.Medium:
			if warns >= annotationCap {
				restWarn++
				continue
			}
			warns++
			kind = "warning"
		default:
			restNote++
			continue
		}
		var props []string
		if f.Location.Path != "" {
			props = append(props, "file="+annotationProperty(f.Location.Path))
			if l := f.Location; l.StartLine > 0 {
				props = append(props, fmt.Sprintf("line=%d", l.StartLine))
				if l.EndLine >= l.StartLine {
					props = append(props, fmt.Sprintf("endLine=%d", l.EndLine))
				}
				if l.StartCol > 0 {
					props = append(props, fmt.Sprintf("col=%d", l.StartCol))
					if l.EndLine == l.StartLine && l.EndCol > l.StartCol {
						props = append(props, fmt.Sprintf("endColumn=%d", l.EndCol))
					}
				}
			}
		}
		props = append(props, "title="+annotationProperty(fmt.Sprintf("%s (%s)", f.Rule, f.Severity)))
		fmt.Fprintf(bw, "::%s %s::%s\n", kind, strings.Join(props, ","), annotationData(cleanLine(f.Message, 2000)))
	}
	if rest := restErr + restWarn + restNote; rest > 0 {
		fmt.Fprintf(bw, "::notice title=tollgate::%s\n", annotationData(fmt.Sprintf(
			"%d more finding(s) not annotated (%d error, %d warning, %d low or info); see the full report", rest, restErr, restWarn, restNote)))
	}
	return bw.Flush()
}
