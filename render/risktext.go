package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/tollgate-dev/tollgate/report"
)

// The change-risk section's words, shared by every format: text, Markdown,
// the PR comment and HTML say the same sentences.

// riskSubject shortens the scored commit or range for display.
func riskSubject(k *report.Risk) string {
	subject := k.Subject
	if subject == "" {
		return "the change"
	}
	if a, b, ok := strings.Cut(subject, ".."); ok {
		return shortHash(a) + ".." + shortHash(b)
	}
	if len(subject) == 40 {
		return shortHash(subject)
	}
	return subject
}

// riskHeadline is the score in one sentence.
func riskHeadline(k *report.Risk) string {
	if k.Unscored != "" {
		return fmt.Sprintf("Risk of %s: no score (%s).", riskSubject(k), strings.TrimSuffix(k.Unscored, "."))
	}
	s := fmt.Sprintf("Risk of %s: %d/100 (%s", riskSubject(k), k.Score, k.Level)
	if k.History.Scored > 0 {
		s += fmt.Sprintf("; higher than %.0f%% of this repository's commits", k.Percentile)
	}
	return s + ")."
}

// riskByline says how many commits the change has and who wrote them: one
// author by name, several counted with the most active named.
func riskByline(k *report.Risk) string {
	s := "The change"
	switch {
	case k.Commits == 1:
		s = "1 commit"
	case k.Commits > 1:
		s = fmt.Sprintf("%d commits", k.Commits)
	}
	switch {
	case len(k.Authors) > 1:
		top := k.Authors[0]
		s += fmt.Sprintf(" by %d authors (top: %s, %d of %d commits)", len(k.Authors), top.Name, top.Commits, max(k.Commits, top.Commits))
	case k.Author != "":
		s += " by " + k.Author
	case len(k.Authors) == 1:
		s += " by " + k.Authors[0].Name
	}
	return s
}

// riskBandsText says where the levels start and where the thresholds come
// from.
func riskBandsText(b report.RiskBands) string {
	if b.High <= 0 {
		return ""
	}
	s := fmt.Sprintf("Levels: low below %d, medium %d–%d, high %d and above", b.Medium, b.Medium, b.High-1, b.High)
	if b.FromHistory {
		return s + " (this repository's 60th and 90th percentile scores, at least 10 and 25)."
	}
	return s + " (fixed: too little history for bands of its own)."
}

// driverName is a driver's name in plain words.
func driverName(d report.RiskDriver) string {
	if d.Name != "" {
		return d.Name
	}
	return strings.ReplaceAll(d.Factor, "_", " ")
}

// riskFacts are the sentences around the score: what was scored, how the
// model was calibrated, caveats.
func riskFacts(k *report.Risk) []string {
	var out []string
	if k.Commits > 0 || k.Author != "" || k.Summary != "" || len(k.Authors) > 0 {
		s := riskByline(k)
		if k.Summary != "" {
			s += ": " + k.Summary
		}
		out = append(out, strings.TrimSuffix(s, ".")+".")
	}
	if k.AIAuthored {
		out = append(out, "Written with an AI assistant.")
	}
	if k.Unscored == "" {
		if s := riskBandsText(k.Bands); s != "" {
			out = append(out, s)
		}
	}
	if k.SizeRate != "" && k.Unscored == "" {
		out = append(out, upperFirst(strings.TrimSuffix(k.SizeRate, "."))+".")
	}
	if h := k.History; h.Commits > 0 {
		out = append(out, fmt.Sprintf("Calibrated on %d commit(s) of this repository (%d scored); SZZ traced %d bug-inducing commit(s) from %d fix(es).",
			h.Commits, h.Scored, h.BugInducing, h.Fixes))
	}
	if h := k.History; h.Shallow || h.MissingObjects > 0 {
		s := "The history is incomplete"
		if h.Shallow {
			s += " (a shallow clone)"
		}
		if h.MissingObjects > 0 {
			s += fmt.Sprintf("; %d object(s) missing (a partial clone)", h.MissingObjects)
		}
		out = append(out, s+": scores rest on less history than the repository has.")
	}
	if k.Model != "" {
		out = append(out, "Model: "+strings.TrimSuffix(k.Model, ".")+".")
	}
	for _, n := range k.Notes {
		out = append(out, "Note: "+strings.TrimSuffix(n, ".")+".")
	}
	return out
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// riskTextDrivers is how many drivers the text format lists.
const riskTextDrivers = 8

// RiskText writes the change-risk section as plain text for a terminal, in
// the words of every other format: the headline, the drivers with their
// points, then the facts. Every string from the repository passes through
// Terminal.
func RiskText(w io.Writer, k *report.Risk) error {
	var b strings.Builder
	b.WriteString(Terminal(riskHeadline(k)) + "\n")
	if k.Unscored == "" && len(k.Drivers) > 0 {
		b.WriteString("\nWhat drives it (points against an average change):\n")
		for i, d := range k.Drivers {
			if i == riskTextDrivers {
				break
			}
			fmt.Fprintf(&b, "  %+5.1f  %s: %s\n", d.Contribution, Terminal(driverName(d)), Terminal(d.Description))
		}
	}
	b.WriteString("\n")
	for _, f := range riskFacts(k) {
		b.WriteString(Terminal(f) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
