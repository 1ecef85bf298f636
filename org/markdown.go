package org

import (
	"fmt"

	"path/filepath"
	"slices"
	"strings"
)

// Markdown renders the organisation report.
func (r *Report) Markdown() []byte {
	var b strings.Builder
	esc := func(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ", "`", "'").Replace(s) }
	fmt.Fprintf(&b, "# Organisation report: %s\n\n", esc(r.Run))
	fmt.Fprintf(&b, "tollgate %s, policy `%.12s`, repositories `%.12s`.\n\n", esc(r.ToolVersion), r.PolicyDigest, r.ReposDigest)
	fmt.Fprintf(&b, "Scanned %d of %d repositories (%d.%d%%): %d passed, %d failed.\n\n",
		r.Scanned, r.Planned, r.CompletionPermille/10, r.CompletionPermille%10, r.Verdicts["passed"], r.Verdicts["failed"])
	if len(r.Missing) > 0 {
		b.WriteString("## Missing\n\n| Repository | Reason |\n| --- | --- |\n")
		for _, m := range r.Missing {
			fmt.Fprintf(&b, "| %s | %s |\n", esc(m.Repo), esc(m.Reason))
		}
		b.WriteString("\n")
	}
	b.WriteString("## Repositories by verdict\n\n| Repository | Verdict | Active | Critical | High | Medium | Low | Risk | AI uses |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	repos := slices.Clone(r.Repos)
	slices.SortStableFunc(repos, func(a, b RepoSummary) int {
		switch {
		case a.Passed == b.Passed:
			return 0
		case !a.Passed:
			return -1
		}
		return 1
	})
	for _, s := range repos {
		verdict := "passed"
		if !s.Passed {
			verdict = "**failed**"
		}
		risk := "–"
		if s.Risk != nil {
			risk = fmt.Sprint(*s.Risk)
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %d | %s | %d |\n", esc(s.Repo), verdict, s.Active,
			s.Counts["critical"], s.Counts["high"], s.Counts["medium"], s.Counts["low"], risk, s.AIUses)
	}
	b.WriteString("\n## AI inventory\n\n")
	if len(r.AI) == 0 {
		b.WriteString("No AI use found.\n")
	} else {
		b.WriteString("| Provider | Where | Uses | Repositories |\n| --- | --- | ---: | ---: |\n")
		for _, u := range r.AI {
			fmt.Fprintf(&b, "| %s | %s | %d | %d |\n", esc(u.Provider), u.Kind, u.Uses, len(u.Repos))
		}
	}
	b.WriteString("\n## Top rules\n\n")
	if len(r.TopRules) == 0 {
		b.WriteString("No active findings.\n")
	} else {
		b.WriteString("| Rule | Findings | Repositories |\n| --- | ---: | ---: |\n")
		for _, rc := range r.TopRules {
			fmt.Fprintf(&b, "| %s | %d | %d |\n", esc(rc.Rule), rc.Findings, rc.Repos)
		}
	}
	b.WriteString("\n## Worst repositories\n\n")
	if len(r.Worst) == 0 {
		b.WriteString("None.\n")
	}
	for i, w := range r.Worst {
		fmt.Fprintf(&b, "%d. %s\n", i+1, esc(w))
	}
	b.WriteString("\n## Risk distribution\n\n| Severity | Active findings |\n| --- | ---: |\n")
	for _, sev := range []string{"critical", "high", "medium", "low", "info"} {
		fmt.Fprintf(&b, "| %s | %d |\n", sev, r.Severities[sev])
	}
	b.WriteString("\n| Change-risk score | Repositories |\n| --- | ---: |\n")
	for i, n := range r.RiskDeciles {
		fmt.Fprintf(&b, "| %d–%d | %d |\n", i*10, i*10+9+btoi(i == 9), n)
	}
	if len(r.Licenses) > 0 {
		b.WriteString("\n## Licenses seen\n\n| Category | Modules |\n| --- | ---: |\n")
		cats := make([]string, 0, len(r.Licenses))
		for c := range r.Licenses {
			cats = append(cats, c)
		}
		slices.Sort(cats)
		for _, c := range cats {
			fmt.Fprintf(&b, "| %s | %d |\n", esc(c), r.Licenses[c])
		}
	}
	return []byte(b.String())
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// WriteReport writes org.json, org.md and org.html into dir, each atomically.
func WriteReport(dir string, r *Report) error {
	if err := writeAtomic(filepath.Join(dir, "org.json"), r.Encode()); err != nil {
		return fmt.Errorf("write org.json: %w", err)
	}
	if err := writeAtomic(filepath.Join(dir, "org.md"), r.Markdown()); err != nil {
		return fmt.Errorf("write org.md: %w", err)
	}
	if err := writeAtomic(filepath.Join(dir, "org.html"), r.HTML()); err != nil {
		return fmt.Errorf("write org.html: %w", err)
	}
	return nil
}
