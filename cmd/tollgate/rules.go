package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

func init() {
	var markdown bool
	register(&command{
		name:    "rules",
		usage:   "[--markdown]",
		summary: "list every rule with its default severity and title",
		setup: func(fs *flag.FlagSet) {
			fs.BoolVar(&markdown, "markdown", false, "print the Markdown rule table that docs/rules.md carries")
		},
		run: func(_ context.Context, e *env, args []string) int {
			if len(args) > 0 {
				fmt.Fprintln(e.stderr, "tollgate rules: takes no arguments")
				return exitUsage
			}
			if markdown {
				fmt.Fprint(e.stdout, ruleTable())
				return exitClean
			}
			for _, r := range finding.Rules() {
				fmt.Fprintf(e.stdout, "%-40s %-8s %s\n", r.ID, r.Default, r.Title)
			}
			return exitClean
		},
	})
	register(&command{
		name:    "explain",
		usage:   "<rule>",
		summary: "print a rule's documentation",
		run: func(_ context.Context, e *env, args []string) int {
			if len(args) != 1 {
				fmt.Fprintln(e.stderr, "tollgate explain: want one rule ID; `tollgate rules` lists them")
				return exitUsage
			}
			r, ok := finding.Lookup(args[0])
			if !ok {
				fmt.Fprintf(e.stderr, "tollgate explain: no rule %q; `tollgate rules` lists them\n", args[0])
				return exitUsage
			}
			explain(e.stdout, r)
			return exitClean
		},
	})
}

// ruleTable is the Markdown rule table of docs/rules.md, generated from the
// registry; a test fails when docs/rules.md drifts from it.
func ruleTable() string {
	var b strings.Builder
	b.WriteString("| rule | default severity | title |\n|---|---|---|\n")
	for _, r := range finding.Rules() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", r.ID, r.Default, strings.ReplaceAll(r.Title, "|", `\|`))
	}
	return b.String()
}

func explain(w io.Writer, r finding.Rule) {
	fmt.Fprintf(w, "%s — %s\n\nDefault severity: %s\n", r.ID, r.Title, r.Default)
	if len(r.Controls) > 0 {
		fmt.Fprintf(w, "Controls: %s\n", strings.Join(r.Controls, ", "))
	}
	fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(r.Doc))
}
