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
	Register(Format{Name: "markdown", Doc: "the governance report in Markdown (GitHub-flavoured, no raw HTML)", Render: Markdown})
	Register(Format{Name: "github-summary", Doc: "the governance report in Markdown for $GITHUB_STEP_SUMMARY, cut to stay under 1 MiB", Render: GitHubSummary})
}

// Lengths, in runes, at which untrusted text is cut in Markdown tables, so a
// very long line from the repository cannot swallow the document.
const (
	maxMessage = 300
	maxPath    = 160
	maxValue   = 120
)

// stepSummaryBudget keeps the step summary under GitHub's 1 MiB limit with
// room to spare for other steps' summaries in the same job.
const stepSummaryBudget = 1_000_000

// Markdown writes the full governance report as GitHub-flavoured Markdown:
// verdict and every gate, change risk, AI inventory, findings by area and
// severity, pipelines, cost-tag coverage, licenses, MLOps, suppressions and
// the run's metadata. Untrusted text is defused (see mdText); the document
// contains no raw HTML.
func Markdown(w io.Writer, r *report.Report, _ Options) error {
	_, err := io.WriteString(w, fillMarkdown(governanceSections(r), 0))
	return err
}

// GitHubSummary writes the governance report for $GITHUB_STEP_SUMMARY,
// filled by priority and cut at row and section boundaries to stay under
// GitHub's 1 MiB limit.
func GitHubSummary(w io.Writer, r *report.Report, _ Options) error {
	_, err := io.WriteString(w, fillMarkdown(governanceSections(r), stepSummaryBudget))
	return err
}

func mdTableHead(cols ...string) string {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range cols {
		b.WriteString(" " + c + " |")
	}
	b.WriteString("\n|")
	for _, c := range cols {
		if strings.HasSuffix(c, " ") {
			b.WriteString("--:|") // a trailing space marks a numeric column
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	return b.String()
}

func mdRow(cells ...string) string {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range cells {
		if c == "" {
			c = " "
		}
		b.WriteString(" " + c + " |")
	}
	b.WriteString("\n")
	return b.String()
}

// passFail is a gate's result as text, with a symbol; never colour alone.
func passFail(ok bool) string {
	if ok {
		return "✅ pass"
	}
	return "❌ **FAIL**"
}

// domainStatus says in one sentence why a section has no data.
func domainStatus(r *report.Report, what string, names ...string) string {
	for _, d := range r.Domains {
		for _, n := range names {
			if d.Name != n {
				continue
			}
			if d.Error != "" {
				return fmt.Sprintf("No %s: the %s domain failed (%s).", what, n, mdText(d.Error, maxMessage))
			}
			return fmt.Sprintf("No %s: the %s domain ran and found none.", what, n)
		}
	}
	return fmt.Sprintf("No %s in this report: the domain did not run.", what)
}

// governanceSections builds the report's sections. order is the document
// order; prio decides what the step summary keeps when space runs out.
func governanceSections(r *report.Report) []mdSection {
	var ss []mdSection
	add := func(s mdSection) { s.order = len(ss); ss = append(ss, s) }

	word, why := verdict(r)
	head := "# tollgate governance report\n\n" +
		fmt.Sprintf("**Verdict: %s** — %s.\n\n", word, why)
	var facts []string
	if r.Repository.Name != "" {
		facts = append(facts, "repository "+mdText(r.Repository.Name, maxPath))
	}
	if r.Repository.Commit != "" {
		facts = append(facts, "commit "+mdText(shortHash(r.Repository.Commit), 40))
	}
	if r.Repository.Branch != "" {
		facts = append(facts, "branch "+mdText(r.Repository.Branch, maxValue))
	}
	if r.Repository.Dirty {
		facts = append(facts, "work tree has uncommitted changes")
	}
	c := r.Counts()
	act := len(r.Active())
	facts = append(facts, fmt.Sprintf("%d active finding(s)", act))
	if n := len(r.Suppressed()); n > 0 {
		facts = append(facts, fmt.Sprintf("%d suppressed", n))
	}
	head += strings.Join(facts, " · ") + "\n\n"
	if act > 0 {
		var parts []string
		for _, s := range severitiesDesc() {
			if c[s] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", c[s], s))
			}
		}
		head += "By severity: " + strings.Join(parts, ", ") + ".\n\n"
	}
	add(mdSection{required: true, title: head})

	// Gates: every gate, passing ones too.
	gates := mdSection{prio: 1, required: true, title: "## Gates\n\n"}
	if len(r.Gates) == 0 {
		gates.body = "No gate was evaluated.\n\n"
	} else {
		gates.tableHead = mdTableHead("gate", "result", "threshold", "observed", "evidence")
		for _, g := range r.Gates {
			gates.rows = append(gates.rows, mdRow(mdText(g.Name, maxValue), passFail(g.Passed),
				mdText(g.Threshold, maxValue), mdText(g.Observed, maxValue), mdText(g.Detail, maxMessage)))
		}
	}
	add(gates)

	add(riskSection(r))
	for _, s := range riskDetailSections(r) {
		add(s)
	}
	for _, s := range aiSections(r) {
		add(s)
	}
	for _, s := range findingSections(r) {
		add(s)
	}
	add(pipelineSection(r))
	for _, s := range gatesSections(r) {
		add(s)
	}
	for _, s := range templateSection(r) {
		add(s)
	}
	add(terraformSection(r))
	for _, s := range externalModulesSection(r) {
		add(s)
	}
	add(licenseSection(r))
	for _, s := range mlopsSection(r) {
		add(s)
	}
	for _, s := range controlsSections(r) {
		add(s)
	}
	if r.Trend != nil {
		add(trendSection(r.Trend))
	}
	add(suppressionSection(r))
	add(metadataSection(r))
	return ss
}

func riskSection(r *report.Report) mdSection {
	s := mdSection{prio: 2, title: "## Change risk\n\n"}
	if r.Risk == nil {
		s.body = domainStatus(r, "change-risk data", "risk", "changerisk") + "\n\n"
		return s
	}
	k := r.Risk
	s.title += mdText(riskHeadline(k), 0) + "\n\n"
	for _, line := range riskFacts(k) {
		s.title += mdText(line, 1000) + "\n\n"
	}
	if k.Unscored != "" {
		return s
	}
	if len(k.Drivers) == 0 {
		s.body = "No driver contributed to the score.\n\n"
		return s
	}
	s.tableHead = mdTableHead("driver", "contribution ", "why")
	for _, d := range k.Drivers {
		s.rows = append(s.rows, mdRow(mdText(driverName(d), maxValue), fmt.Sprintf("%+.1f", d.Contribution), mdText(d.Description, maxMessage)))
	}
	return s
}

// riskDetailSections are the history-wide parts of the risk section: the
// score distribution, hot spots and the AI-authored comparison.
func riskDetailSections(r *report.Report) []mdSection {
	k := r.Risk
	if k == nil {
		return nil
	}
	var out []mdSection
	if len(k.Distribution) > 0 {
		s := mdSection{prio: 5, title: "### Score distribution of this repository's commits\n\n", tableHead: mdTableHead("score", "commits ", "note")}
		for i, n := range k.Distribution {
			mark := ""
			if k.Unscored == "" && riskDecile(k.Score) == i {
				mark = "← this change"
			}
			s.rows = append(s.rows, mdRow(decileLabel(i), strconv.Itoa(n), mark))
		}
		out = append(out, s)
	}
	if len(k.HotSpots) > 0 {
		s := mdSection{prio: 5, title: "### Hot spots\n\nFiles ranked by recent churn (last 90 days of history) times earlier fixes.\n\n",
			tableHead: mdTableHead("file", "churn (lines) ", "changes ", "fixes ")}
		for _, h := range k.HotSpots {
			s.rows = append(s.rows, mdRow(mdText(h.Path, maxPath), strconv.Itoa(h.Churn), strconv.Itoa(h.Changes), strconv.Itoa(h.Fixes)))
		}
		out = append(out, s)
	}
	if a := k.AI; a != nil {
		s := mdSection{prio: 5, title: "### Changes written with AI assistants\n\n", tableHead: mdTableHead("measure", "AI-authored ", "other ")}
		s.rows = []string{
			mdRow("commits", fmt.Sprintf("%d (%.1f%%)", a.Commits, a.Share), " "),
			mdRow("mean risk score", fmt.Sprintf("%.1f", a.MeanScore), fmt.Sprintf("%.1f", a.OtherMeanScore)),
			mdRow("bug-inducing rate (SZZ)", fmt.Sprintf("%.1f%%", a.BugRate), fmt.Sprintf("%.1f%%", a.OtherBugRate)),
		}
		out = append(out, s)
	}
	return out
}

func aiSections(r *report.Report) []mdSection {
	var out []mdSection
	top := mdSection{prio: 3, title: "## AI inventory\n\n"}
	if r.AI == nil || (len(r.AI.Code) == 0 && len(r.AI.Pipeline) == 0 && len(r.AI.Infrastructure) == 0) {
		top.body = "No AI call sites, pipeline AI steps or AI infrastructure in this report.\n\n"
		return []mdSection{top}
	}
	out = append(out, top)

	code := mdSection{prio: 3, title: "### Go call sites\n\n"}
	if len(r.AI.Code) == 0 {
		code.body = "No AI call site in Go code.\n\n"
	} else {
		code.tableHead = mdTableHead("location", "provider", "method", "model", "streaming", "function", "found via")
		for _, a := range r.AI.Code {
			code.rows = append(code.rows, mdRow(mdText(location(a.Location), maxPath), mdText(a.Provider, maxValue),
				mdText(a.Method, maxValue), mdText(a.Model, maxValue), strconv.FormatBool(a.Streaming), mdText(a.Function, maxValue),
				orDash(mdText(a.Via, 40))))
		}
	}
	out = append(out, code)

	steps := mdSection{prio: 3, title: "### Pipeline AI steps\n\n"}
	if len(r.AI.Pipeline) == 0 {
		steps.body = "No AI step in pipelines.\n\n"
	} else {
		steps.tableHead = mdTableHead("location", "job", "step", "provider", "model", "found via", "triggers", "permissions", "secrets")
		for _, a := range r.AI.Pipeline {
			steps.rows = append(steps.rows, mdRow(mdText(location(a.Location), maxPath), mdText(a.Job, maxValue),
				mdText(a.Step, maxValue), mdText(a.Provider, maxValue), mdText(a.Model, maxValue), orDash(mdText(a.Via, 40)),
				orDash(mdText(strings.Join(a.Triggers, ", "), maxValue)), orDash(mdText(strings.Join(a.Permissions, ", "), maxValue)),
				orDash(mdText(strings.Join(a.Secrets, ", "), maxValue))))
		}
	}
	out = append(out, steps)

	infra := mdSection{prio: 3, title: "### AI infrastructure\n\n"}
	if len(r.AI.Infrastructure) == 0 {
		infra.body = "No AI infrastructure in Terraform.\n\n"
	} else {
		infra.tableHead = mdTableHead("address", "kind", "type", "why", "module", "location", "cost tags")
		for _, a := range r.AI.Infrastructure {
			infra.rows = append(infra.rows, mdRow(mdText(a.Address, maxValue), orDash(mdText(a.Kind, 40)), mdText(a.Type, maxValue),
				orDash(mdText(a.Why, maxValue)), mdText(a.Module, maxValue), mdText(location(a.Location), maxPath), mdText(a.TagStatus, 20)))
		}
	}
	out = append(out, infra)
	return out
}

// findingRow is one finding as a table row.
func findingRow(f finding.Finding) string {
	return mdRow(mdText(f.Severity.String(), 20), mdText(location(f.Location), maxPath), mdCode(f.Rule), mdText(f.Message, maxMessage))
}

func findingSections(r *report.Report) []mdSection {
	active := r.Active()
	sum := mdSection{prio: 2, title: "## Findings by area and severity\n\n"}
	if len(active) == 0 {
		sum.body = "No active finding.\n\n"
		return []mdSection{sum}
	}
	cols := []string{"area"}
	for _, s := range severitiesDesc() {
		cols = append(cols, s.String()+" ")
	}
	cols = append(cols, "total ")
	sum.tableHead = mdTableHead(cols...)
	for _, a := range byArea(active) {
		cells := []string{mdText(a.Title, maxValue)}
		for _, s := range severitiesDesc() {
			cells = append(cells, strconv.Itoa(a.Counts[s]))
		}
		cells = append(cells, strconv.Itoa(a.Total))
		sum.rows = append(sum.rows, mdRow(cells...))
	}
	out := []mdSection{sum}
	areas, groups := groupByArea(active)
	for _, a := range areas {
		fs := bySeverity(groups[a])
		s := mdSection{prio: 4, title: fmt.Sprintf("### %s (%d)\n\n", mdText(areaTitle(a), maxValue), len(fs))}
		s.tableHead = mdTableHead("severity", "location", "rule", "message")
		for _, f := range fs {
			s.rows = append(s.rows, findingRow(f))
		}
		out = append(out, s)
	}
	return out
}

func pipelineSection(r *report.Report) mdSection {
	s := mdSection{prio: 5, title: "## Pipelines\n\n"}
	if r.Pipelines == nil || len(r.Pipelines.Workflows) == 0 {
		s.body = domainStatus(r, "pipeline metrics", "pipeline") + "\n\n"
		return s
	}
	t := pipelineTotalsOf(r.Pipelines)
	s.tableHead = mdTableHead("file", "kind", "lines ", "jobs ", "steps ", "largest matrix ", "jobs without timeout ", "AI steps ", "runner-minutes (worst case) ", "generated from")
	for _, w := range r.Pipelines.Workflows {
		s.rows = append(s.rows, mdRow(mdText(w.Path, maxPath), mdText(w.Kind, 20), strconv.Itoa(w.Lines),
			strconv.Itoa(w.Jobs), strconv.Itoa(w.Steps), strconv.Itoa(max(w.MaxMatrix, 1)), strconv.Itoa(w.UntimedJobs),
			strconv.Itoa(w.AISteps), strconv.Itoa(w.RunnerMinutes), orDash(mdText(w.Generated, maxValue))))
	}
	s.title += fmt.Sprintf("%d pipeline file(s), %d lines, %d jobs, %d steps, %d AI step(s). Estimated worst-case runner minutes of one run of every file: **%d** (matrix size × timeout × OS multiplier; %d job(s) without a timeout count the platform maximum).\n\n",
		t.Files, t.Lines, t.Jobs, t.Steps, t.AISteps, t.Minutes, t.Untimed)
	return s
}

func terraformSection(r *report.Report) mdSection {
	s := mdSection{prio: 5, title: "## Cost-tag coverage\n\n"}
	rows, ok := tagCoverage(r)
	if !ok {
		s.body = domainStatus(r, "Terraform resources", "iac", "terraform") + "\n\n"
		return s
	}
	var pass, total int
	s.tableHead = mdTableHead("provider", "tagged ", "untagged ", "unknown ", "coverage ")
	for _, p := range rows {
		n := p.Pass + p.Fail + p.Unknown
		pass += p.Pass
		total += n
		s.rows = append(s.rows, mdRow(mdText(p.Provider, maxValue), strconv.Itoa(p.Pass), strconv.Itoa(p.Fail),
			strconv.Itoa(p.Unknown), percent(p.Pass, n)))
	}
	if t := r.Terraform; t != nil && (t.Resources > 0 || len(t.Coverage) > 0) {
		s.title += mdText(terraformHeadline(t, percent(pass, total)), 0) + "\n\n"
	}
	if h := cloudFormationHeadline(r.CloudFormation); h != "" {
		s.title += mdText(h, 0) + "\n\n"
	}
	return s
}

func externalModulesSection(r *report.Report) []mdSection {
	if r.Terraform == nil || len(r.Terraform.External) == 0 {
		return nil
	}
	s := mdSection{prio: 6, title: "### Modules from outside the repository\n\n", tableHead: mdTableHead("module", "kind", "source", "version", "location")}
	for _, m := range r.Terraform.External {
		s.rows = append(s.rows, mdRow(mdText(m.Name, maxValue), mdText(m.Kind, 20), mdText(m.Source, maxMessage), orDash(mdText(m.Version, maxValue)), mdText(location(m.Location), maxPath)))
	}
	return []mdSection{s}
}

func licenseSection(r *report.Report) mdSection {
	s := mdSection{prio: 5, title: "## Licenses\n\n"}
	if r.Licenses == nil || len(r.Licenses.Modules) == 0 {
		s.body = domainStatus(r, "dependency licenses", "licenses", "licensing") + "\n\n"
		return s
	}
	l := r.Licenses
	s.title += licenseSummary(l, mdText) + "\n\n"
	s.tableHead = mdTableHead("module", "version", "license", "category", "verdict", "decided by", "notes")
	for _, m := range modulesByConcern(l.Modules) {
		s.rows = append(s.rows, mdRow(mdText(m.Module, maxValue), mdText(m.Version, maxValue), orDash(mdText(licenseText(m), maxValue)),
			orDash(mdText(m.Category, 40)), mdText(m.Verdict, 40), orDash(mdText(m.DecidedBy, maxValue)), orDash(mdText(moduleNotes(m), maxMessage))))
	}
	return s
}

func mlopsSection(r *report.Report) []mdSection {
	s := mdSection{prio: 5, title: "## MLOps\n\n"}
	m := r.MLOps
	if m == nil || (m.Stage == "" && len(m.Signals) == 0 && len(m.Tools) == 0) {
		s.body = domainStatus(r, "MLOps assessment", "mlops") + "\n\n"
		return []mdSection{s}
	}
	s.title += mdText(mlopsLevel(m), maxMessage) + "\n\n"
	if len(m.Signals) > 0 && m.Level >= 0 {
		s.tableHead = mdTableHead("signal", "present", "evidence")
		for _, sig := range m.Signals {
			s.rows = append(s.rows, mdRow(mdText(sig.Name, maxValue), yesNo(sig.Present), orDash(mdText(signalEvidence(sig), maxMessage))))
		}
	}
	out := append([]mdSection{s}, mlopsStageSections(m)...)
	if m.Level < 0 {
		return out
	}
	if len(m.Artifacts) > 0 {
		a := mdSection{prio: 6, title: "### Model and data files\n\n", tableHead: mdTableHead("path", "kind", "size ", "storage")}
		if n := artifactsNote(m); n != "" {
			a.title += mdText(n, 0) + "\n\n"
		}
		for _, f := range m.Artifacts {
			a.rows = append(a.rows, mdRow(mdText(f.Path, maxPath), mdText(f.Kind, 20), byteSize(f.Size), mdText(f.Storage, 20)))
		}
		out = append(out, a)
	}
	if len(m.Cards) > 0 {
		c := mdSection{prio: 6, title: "### Model cards\n\n", tableHead: mdTableHead("path")}
		for _, p := range m.Cards {
			c.rows = append(c.rows, mdRow(mdText(p, maxPath)))
		}
		out = append(out, c)
	}
	return out
}

func trendSection(t *report.Trend) mdSection {
	s := mdSection{prio: 6, title: "## Trend\n\n"}
	if t.Previous != nil {
		s.title += fmt.Sprintf("%d new and %d fixed since the previous recorded run (%s).\n\n", t.New, t.Fixed, t.Previous.At.UTC().Format("2006-01-02 15:04 UTC"))
	} else {
		s.title += "First recorded run: nothing to compare with yet.\n\n"
	}
	cols := []string{"run", "commit", "verdict"}
	for _, sev := range severitiesDesc() {
		cols = append(cols, sev.String()+" ")
	}
	s.tableHead = mdTableHead(append(cols, "risk ")...)
	for _, p := range t.Series {
		cells := []string{p.At.UTC().Format("2006-01-02 15:04"), orDash(mdText(shortHash(p.Commit), 40)), map[bool]string{true: "pass", false: "FAIL"}[p.Passed]}
		for _, sev := range severitiesDesc() {
			cells = append(cells, strconv.Itoa(p.Active[sev.String()]))
		}
		risk := "–"
		if p.Risk != nil {
			risk = strconv.Itoa(*p.Risk)
		}
		s.rows = append(s.rows, mdRow(append(cells, risk)...))
	}
	return s
}

func suppressionSection(r *report.Report) mdSection {
	s := mdSection{prio: 6, title: "## Suppressions\n\n"}
	sup := r.Suppressed()
	if len(sup) == 0 {
		s.body = "No finding was suppressed.\n\n"
		return s
	}
	s.title += fmt.Sprintf("%d finding(s) accepted, each with its reason.\n\n", len(sup))
	s.tableHead = mdTableHead("rule", "location", "kind", "reason", "where")
	for _, f := range sup {
		s.rows = append(s.rows, mdRow(mdCode(f.Rule), mdText(location(f.Location), maxPath), mdText(f.Suppressed.Kind, 20),
			mdText(f.Suppressed.Reason, maxMessage), mdText(f.Suppressed.Location.String(), maxPath)))
	}
	return s
}

func metadataSection(r *report.Report) mdSection {
	s := mdSection{prio: 7, required: true, title: "## Run\n\n"}
	s.tableHead = mdTableHead("field", "value")
	add := func(k, v string) { s.rows = append(s.rows, mdRow(k, v)) }
	add("tool", mdText(r.Tool.Name+" "+r.Tool.Version, maxValue))
	add("repository", mdText(repositoryName(r.Repository), maxPath))
	add("directory", mdText(r.Repository.Root, maxPath))
	add("commit", orDash(mdText(r.Repository.Commit, 64)))
	add("branch", orDash(mdText(r.Repository.Branch, maxValue)))
	add("dirty", strconv.FormatBool(r.Repository.Dirty))
	add("policy", orDash(mdText(r.PolicyPath, maxPath)))
	add("policy digest", orDash(mdText(r.PolicyDigest, 80)))
	add("started", r.StartedAt.UTC().Format("2006-01-02T15:04:05Z"))
	add("finished", r.FinishedAt.UTC().Format("2006-01-02T15:04:05Z"))
	var ds []string
	for _, d := range r.Domains {
		t := fmt.Sprintf("%s (%d files)", d.Name, d.Files)
		if d.Error != "" {
			t = fmt.Sprintf("%s (failed: %s)", d.Name, d.Error)
		}
		ds = append(ds, mdText(t, maxMessage))
	}
	add("domains", orDash(strings.Join(ds, ", ")))
	return s
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
