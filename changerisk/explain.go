package changerisk

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Thousands formats a count with thousands separators: 1240 -> "1,240".
func Thousands(n int) string { return thousands(float64(n)) }

// thousands formats a count with thousands separators: 1240 -> "1,240".
func thousands(v float64) string {
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func plural(n float64, one, many string) string {
	if math.Round(n) == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// describe says in plain words what a change does on one factor.
func describe(factor string, f Features) string {
	switch factor {
	case "la":
		if f.LA == 0 {
			return "adds no lines"
		}
		return "adds " + plural(f.LA, "line", "lines")
	case "ld":
		if f.LD == 0 {
			return "deletes no lines"
		}
		return "deletes " + plural(f.LD, "line", "lines")
	case "lt":
		if f.LT == 0 {
			return "touches only new files"
		}
		return fmt.Sprintf("touches files of %s lines on average", thousands(f.LT))
	case "nf":
		return "touches " + plural(f.NF, "file", "files")
	case "nd":
		return "spans " + plural(f.ND, "directory", "directories")
	case "ns":
		return "spans " + plural(f.NS, "top-level area", "top-level areas")
	case "entropy":
		if f.NF <= 1 {
			return "concentrated in one file"
		}
		return fmt.Sprintf("spreads its lines over %s (entropy %.1f bits)", plural(f.NF, "file", "files"), f.Entropy)
	case "ndev":
		if f.NDEV == 0 {
			return "touches files nobody changed before"
		}
		return "touches files changed before by " + plural(f.NDEV, "developer", "developers")
	case "age":
		if f.AGE == 0 {
			return "touches new files"
		}
		return fmt.Sprintf("touches files last changed %s ago on average", days(f.AGE))
	case "nuc":
		return "touches files with " + plural(f.NUC, "earlier change", "earlier changes")
	case "exp":
		if f.EXP == 0 {
			return "first change by this author in the repository"
		}
		return "author has " + plural(f.EXP, "earlier change", "earlier changes") + " in the repository"
	case "rexp":
		return fmt.Sprintf("author's recent experience: %.0f weighted changes", f.REXP)
	case "sexp":
		if f.NewSubsystem != "" {
			return fmt.Sprintf("first change by this author in %q", f.NewSubsystem+"/")
		}
		return "author has " + plural(f.SEXP, "earlier change", "earlier changes") + " in the touched areas"
	case "fix":
		if f.Fix {
			return "is a bug fix (fixes are themselves often fixed again)"
		}
		return "is not a bug fix"
	case "ci":
		if f.CI {
			return "touches CI pipelines"
		}
	case "iac":
		if f.IaC {
			return "touches infrastructure as code (Terraform, containers, Kubernetes)"
		}
	case "deps":
		if f.Deps {
			return "changes dependency manifests"
		}
	case "migration":
		if f.Migration {
			return "changes database migrations"
		}
	case "ai":
		if f.AI {
			return "touches the AI boundary (prompts or AI SDK calls)"
		}
	case "no_tests":
		if f.NoTests {
			return "changes code without changing tests"
		}
		return "changes tests along with the code, or no code"
	case "revert":
		if f.Revert {
			return "reverts an earlier change"
		}
	case "ai_authored":
		if f.AIAuthored {
			return "written with an AI assistant (" + f.AIEvidence + ")"
		}
	}
	return ""
}

func days(d float64) string {
	switch {
	case d < 1:
		return "less than a day"
	case d < 60:
		return plural(d, "day", "days")
	case d < 730:
		return plural(d/30.44, "month", "months")
	}
	return plural(d/365.25, "year", "years")
}

// factorNames are the factors in plain words, as every output names them:
// at most 22 characters, the width of a chart's labels.
var factorNames = map[string]string{
	"la": "lines added", "ld": "lines deleted", "lt": "size of touched files", "nf": "files touched",
	"nd": "directories touched", "ns": "top-level areas", "entropy": "spread over files",
	"ndev": "past developers", "age": "time since last change", "nuc": "past changes to files",
	"exp": "author experience", "rexp": "recent experience", "sexp": "experience in the area",
	"fix": "bug fix", "ci": "CI pipelines", "iac": "infrastructure as code", "deps": "dependencies",
	"migration": "database migrations", "ai": "AI boundary", "no_tests": "code without tests",
	"revert": "revert of a change", "ai_authored": "AI-assisted",
}

// FactorName returns a factor's name in plain words; an unknown factor
// keeps its identifier, underscores as spaces.
func FactorName(factor string) string {
	if n, ok := factorNames[factor]; ok {
		return n
	}
	return strings.ReplaceAll(factor, "_", " ")
}
