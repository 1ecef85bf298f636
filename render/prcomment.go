package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "pr-comment", Doc: "one pull-request comment in Markdown: verdict, new/existing/fixed, top new findings, under 60,000 characters", Render: PRComment})
}

// Marker opens every pull-request comment, so that a CI step can find and
// update the comment it posted before instead of adding another. Untrusted
// text can never contain it: Markdown escaping writes "<" as "&lt;".
const Marker = "<!-- tollgate:report v1 -->"

// commentBudget is the pull-request comment's size limit in characters
// (GitHub refuses comments over 65,536), counted in bytes to be safe.
const commentBudget = 60_000

// topNew is how many new findings the comment lists before the areas.
const topNew = 10

// PRComment writes one Markdown comment for a pull request: the marker, the
// verdict, counts of new, existing and fixed findings by severity, the gates,
// the top new findings, the change risk of the range, one <details> block
// per area and one for fixed findings, and a footer with the version, the
// commit and the policy digest. It stays under 60,000 characters: sections
// are filled by priority and cut at row or section boundaries, and every cut
// says "N more in the full report".
func PRComment(w io.Writer, r *report.Report, _ Options) error {
	_, err := io.WriteString(w, fillMarkdown(prSections(r), commentBudget))
	return err
}

func prSections(r *report.Report) []mdSection {
	var ss []mdSection
	add := func(s mdSection) { s.order = len(ss); ss = append(ss, s) }
	newF, existing := r.Split()
	cmp := r.Comparison

	word, why := verdict(r)
	icon := "✅"
	if word == "FAILED" {
		icon = "❌"
	}
	head := Marker + "\n## " + icon + " tollgate: " + word + "\n\n" + strings.ToUpper(why[:1]) + why[1:] + ".\n\n"
	if cmp != nil {
		base := mdText(shortHash(cmp.Base), 40)
		if cmp.BaseRef != "" && cmp.BaseRef != cmp.Base {
			base = mdText(cmp.BaseRef, maxValue) + " (" + base + ")"
		}
		head += fmt.Sprintf("Compared with %s: **%d new**, %d existing, %d fixed.\n\n", base, cmp.New, cmp.Existing, cmp.Fixed)
		if src, ok := policySources[cmp.Policy]; ok {
			head += "Judged with " + src + "; the pull request's own policy does not judge it.\n\n"
		}
		for _, u := range cmp.Unknown {
			head += fmt.Sprintf("**Comparison unknown** for %s (%s side): %d finding(s) counted neither new nor existing; %s.\n\n",
				mdCode(u.Name), mdText(u.Side, 20), u.Findings, mdText(u.Reason, maxMessage))
		}
	} else {
		head += fmt.Sprintf("No base to compare with: all %d active finding(s) are listed as new.\n\n", len(newF))
	}
	if g := r.Governance; g != nil && g.Gates != nil {
		if w := gateWarning(g.Gates); w != "" {
			head += "⚠️ " + w + "\n\n" // counts and fixed words only
		}
	}
	// Counts by severity.
	cols := []string{"findings"}
	for _, s := range severitiesDesc() {
		cols = append(cols, s.String()+" ")
	}
	cols = append(cols, "total ")
	head += mdTableHead(cols...)
	rows := []struct {
		name string
		fs   []finding.Finding
	}{{"new", newF}, {"existing", existing}}
	if cmp != nil {
		rows = append(rows, struct {
			name string
			fs   []finding.Finding
		}{"fixed", cmp.FixedFindings})
	}
	for _, row := range rows {
		var n [5]int
		for _, f := range row.fs {
			if f.Severity >= finding.Info && f.Severity <= finding.Critical {
				n[f.Severity]++
			}
		}
		cells := []string{row.name}
		for _, s := range severitiesDesc() {
			cells = append(cells, strconv.Itoa(n[s]))
		}
		cells = append(cells, strconv.Itoa(len(row.fs)))
		head += mdRow(cells...)
	}
	head += "\n"
	add(mdSection{required: true, title: head})

	gates := mdSection{prio: 1, title: "### Gates\n\n"}
	if len(r.Gates) == 0 {
		gates.body = "No gate was evaluated.\n\n"
	} else {
		gates.tableHead = mdTableHead("gate", "result", "threshold", "observed")
		for _, g := range r.Gates {
			gates.rows = append(gates.rows, mdRow(mdText(g.Name, maxValue), passFail(g.Passed), mdText(g.Threshold, maxValue), mdText(g.Observed, maxValue)))
		}
	}
	add(gates)

	top := mdSection{prio: 2, title: "### Top new findings\n\n"}
	sorted := bySeverity(newF)
	if len(sorted) == 0 {
		top.body = "No new finding.\n\n"
	} else {
		top.tableHead = mdTableHead("severity", "location", "rule", "message")
		for i, f := range sorted {
			if i == topNew {
				break
			}
			top.rows = append(top.rows, findingRow(f))
		}
		if len(sorted) > topNew {
			top.body = fmt.Sprintf("%d more new finding(s) below, by area.\n\n", len(sorted)-topNew)
		}
	}
	add(top)

	risk := riskSection(r)
	risk.prio = 3
	risk.title = strings.Replace(risk.title, "## ", "### ", 1)
	add(risk)

	status := map[bool]string{true: "new", false: "existing"}
	areas, groups := groupByArea(append(append([]finding.Finding{}, newF...), existing...))
	newSet := map[string]int{}
	for _, f := range newF {
		newSet[key(f)]++
	}
	for _, a := range areas {
		fs := groups[a]
		var nn, ne int
		var newRows, oldRows []string
		for _, f := range bySeverity(fs) {
			fresh := newSet[key(f)] > 0
			if fresh {
				newSet[key(f)]--
				nn++
				newRows = append(newRows, mdRow(status[true], mdText(f.Severity.String(), 20), mdText(location(f.Location), maxPath), mdCode(f.Rule), mdText(f.Message, maxMessage)))
			} else {
				ne++
				oldRows = append(oldRows, mdRow(status[false], mdText(f.Severity.String(), 20), mdText(location(f.Location), maxPath), mdCode(f.Rule), mdText(f.Message, maxMessage)))
			}
		}
		s := mdSection{prio: 4,
			title:     fmt.Sprintf("<details>\n<summary>%s: %d new, %d existing</summary>\n\n", mdHTML(areaTitle(a), maxValue), nn, ne),
			tableHead: mdTableHead("status", "severity", "location", "rule", "message"),
			rows:      append(newRows, oldRows...),
			tail:      "</details>\n\n",
		}
		add(s)
	}
	if cmp != nil && len(cmp.FixedFindings) > 0 {
		s := mdSection{prio: 5,
			title:     fmt.Sprintf("<details>\n<summary>Fixed: %d</summary>\n\n", len(cmp.FixedFindings)),
			tableHead: mdTableHead("severity", "location", "rule", "message"),
			tail:      "</details>\n\n",
		}
		for _, f := range bySeverity(cmp.FixedFindings) {
			s.rows = append(s.rows, findingRow(f))
		}
		add(s)
	}

	foot := "---\n\n" + mdText(r.Tool.Name+" "+r.Tool.Version, maxValue)
	if r.Repository.Commit != "" {
		foot += " · head " + mdText(shortHash(r.Repository.Commit), 40)
	}
	if cmp != nil && cmp.Base != "" {
		foot += " · base " + mdText(shortHash(cmp.Base), 40)
	}
	digest := r.PolicyDigest
	if digest == "" {
		digest = "none"
	}
	foot += " · policy " + mdText(orDash(r.PolicyPath), maxPath) + " sha256 " + mdText(digest, 80) + "\n"
	add(mdSection{required: true, prio: 9, title: foot})
	return ss
}

// policySources words Comparison.Policy.
var policySources = map[string]string{
	"base":     "the base's policy",
	"defaults": "the built-in defaults (the base has no policy file)",
	"flag":     "the policy given with `--policy`",
}

// key identifies a finding within one report, for matching the new list.
func key(f finding.Finding) string {
	return f.Fingerprint + "\x00" + f.Location.String() + "\x00" + f.Message
}
