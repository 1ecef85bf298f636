package licensing

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"sort"
	"strings"
)

// A signature recognizes a source-available license in the form projects
// ship it, where the classifier's corpus (the canonical text, or a web
// page's rendering of it) finds nothing: BUSL-1.1 with its parameters
// filled in and rewrapped, as HashiCorp and others ship it, and the
// PolyForm licenses, which the corpus lacks. A signature needs the
// license's title and its own distinctive sentences, never its name alone,
// so a README that mentions the license is not taken for it.
type signature struct {
	// title matches a line naming the license; its first submatch, when
	// there is one, is the variant ("Noncommercial").
	title *lazyre.Regexp
	// id builds the license's name from the title's submatches.
	id func(sub []string) string
	// must are phrases (lowercase, single-spaced, no Markdown emphasis)
	// that all appear in the text.
	must []string
	// start are phrases whose first line, if earlier than the title,
	// starts the match (the BUSL copyright and Parameters block come
	// before its title); end is the phrase whose last line ends it.
	start []string
	end   string
}

var signatures = []signature{{
	title: lazyre.New(`(?i)^\W*business source license\W+1\.1\W*$`),
	id:    func([]string) string { return "BUSL-1.1" },
	must: []string{
		"grants you the right to copy, modify, create derivative works, redistribute, and make non-production use of the licensed work",
		"effective on the change date, or the fourth anniversary of the first publicly available distribution of a specific version of the licensed work under this license",
	},
	start: []string{"license text copyright", "business source license", "parameters", "licensor:"},
	end:   "non-infringement, and title.",
}, {
	title: lazyre.New(`(?i)^\W*polyform (noncommercial|small business|shield|perimeter|internal use|free trial|strict|countdown) license (\d+\.\d+\.\d+)\W*$`),
	id: func(sub []string) string {
		words := strings.Fields(strings.ToLower(sub[1]))
		for i, w := range words {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
		return "PolyForm-" + strings.Join(words, "-") + "-" + sub[2]
	},
	must: []string{
		"in order to get any license under these terms, you must agree to them as both strict obligations and conditions to all your licenses",
		"the licensor grants you a copyright license for the software to do everything you might do with the software that would otherwise infringe the licensor's copyright in it for any permitted purpose",
	},
	end: "use means anything you do with the software requiring one of your licenses.",
}}

// normText is a text lowercased and single-spaced, with the offset at
// which each line starts, so a phrase found in it maps back to its line.
type normText struct {
	s     string
	lines []int
}

var emphasis = strings.NewReplacer("*", "", "_", " ", "`", "", "\u2019", "'", "\u201c", `"`, "\u201d", `"`)

func normalize(lines []string) normText {
	var b strings.Builder
	n := normText{lines: make([]int, len(lines))}
	for i, l := range lines {
		n.lines[i] = b.Len()
		f := strings.Fields(strings.ToLower(emphasis.Replace(strings.TrimLeft(strings.TrimSpace(l), "#>"))))
		if len(f) > 0 {
			b.WriteString(strings.Join(f, " "))
			b.WriteByte(' ')
		}
	}
	n.s = b.String()
	return n
}

// lineAt is the 1-based line holding offset off.
func (n normText) lineAt(off int) int {
	return sort.Search(len(n.lines), func(i int) bool { return n.lines[i] > off })
}

// shippedMatches returns a License match for each signature the text
// carries, spanning from its first line to the end of its last sentence.
func shippedMatches(lines []string) []rawMatch {
	var out []rawMatch
	var norm *normText
	for _, sg := range signatures {
		title, sub := 0, []string(nil)
		for i, l := range lines {
			if len(l) > 200 {
				continue
			}
			if m := sg.title.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
				title, sub = i+1, m
				break
			}
		}
		if title == 0 {
			continue
		}
		if norm == nil {
			n := normalize(lines)
			norm = &n
		}
		ok := true
		for _, p := range sg.must {
			ok = ok && strings.Contains(norm.s, p)
		}
		if !ok {
			continue
		}
		start, end := title, len(lines)
		for _, p := range sg.start {
			if i := strings.Index(norm.s, p); i >= 0 {
				start = min(start, norm.lineAt(i))
			}
		}
		if i := strings.LastIndex(norm.s, sg.end); i >= 0 {
			end = max(title, norm.lineAt(i+len(sg.end)-1))
		}
		out = append(out, rawMatch{Name: sg.id(sub), Type: "License", Confidence: 1, StartLine: start, EndLine: end})
	}
	return out
}

var (
	// riderTitle and riderParam are the title and the filled-in
	// parameters of a Commons Clause rider ("Software: Acme", "License:
	// Apache 2.0", "Licensor: Acme Corp."): part of the rider, not terms
	// beyond it.
	riderTitle = lazyre.New(`(?i)^\W*commons clause\W*(license condition|restriction)?\W*(v\d+(\.\d+)*)?\W*$`)
	riderParam = lazyre.New(`(?i)^\W*(software|license|licensor)\s*:\s*\S.{0,100}$`)
)

// coverRider marks the title and parameter lines of a Commons Clause
// rider, within a few lines of its match, as covered.
func coverRider(lines []string, matches []rawMatch, covered []bool) {
	for _, m := range matches {
		if m.Type != "License" || m.Name != "Commons-Clause" {
			continue
		}
		for l := max(1, m.StartLine-4); l <= min(len(lines), m.EndLine+8); l++ {
			t := strings.TrimSpace(lines[l-1])
			if riderTitle.MatchString(t) || riderParam.MatchString(t) {
				covered[l] = true
			}
		}
	}
}

var (
	// pythonParts are the classifier's names for the parts of the Python
	// license stack (PSF, BeOpen, CNRI, CWI), which SPDX's Python-2.0 is
	// as a whole.
	pythonParts   = map[string]bool{"Python-2.0": true, "Python-2.0-complete": true, "BeOpen": true, "CNRI-Python": true, "CNRI-Python-GPL-Compatible": true}
	pythonHistory = lazyre.New(`^\s*A\. HISTORY OF THE SOFTWARE\s*$`)
	pythonTerms   = lazyre.New(`^\s*B\. TERMS AND CONDITIONS FOR ACCESSING OR OTHERWISE USING PYTHON\s*$`)
	pythonCWI     = lazyre.New(`^\s*CWI LICENSE AGREEMENT FOR PYTHON\b`)
)

// pythonStack reads the Python license as Python and the packages that
// copy it ship it: the history of the software, then the PSF, BeOpen,
// CNRI and CWI agreements. The classifier names each agreement apart;
// SPDX's Python-2.0 is the stack, so a file with the PSF agreement and
// another of the stack is Python-2.0: the parts are renamed (the CWI one,
// which reads like other permission notices, by its place under its own
// heading), and the history section, which the file's headings delimit,
// is part of the text, through the headings of the first agreement. Other files are returned unchanged.
func pythonStack(lines []string, matches []rawMatch) []rawMatch {
	psf, other := false, false
	for _, m := range matches {
		if m.Type != "License" {
			continue
		}
		psf = psf || m.Name == "Python-2.0" || m.Name == "Python-2.0-complete"
		other = other || (pythonParts[m.Name] && m.Name != "Python-2.0")
	}
	if !psf || !other {
		return matches
	}
	cwi := 0
	for i, l := range lines {
		if pythonCWI.MatchString(l) {
			cwi = i + 1
			break
		}
	}
	out := slices.Clone(matches)
	first := len(lines) + 1
	for i := range out {
		m := &out[i]
		if m.Type != "License" {
			continue
		}
		switch {
		case cwi > 0 && m.StartLine > cwi && m.StartLine <= cwi+10:
			// The CWI agreement, from its heading (its copyright lines
			// run on: "The Netherlands.  All rights reserved.").
			m.Name, m.StartLine = "Python-2.0", cwi
		case pythonParts[m.Name]:
			m.Name = "Python-2.0"
		default:
			continue
		}
		first = min(first, m.StartLine)
	}
	history, terms := 0, 0
	for i, l := range lines {
		switch {
		case history == 0 && pythonHistory.MatchString(l):
			history = i + 1
		case history > 0 && pythonTerms.MatchString(l):
			terms = i + 1
		}
		if terms > 0 {
			break
		}
	}
	if history > 0 && terms > history && terms < first {
		// Through the headings before the first agreement.
		out = append(out, rawMatch{Name: "Python-2.0", Type: "License", Confidence: 1, StartLine: history, EndLine: first - 1})
	}
	return out
}

// ccTitle is the title line the Creative Commons 4.0 legal code opens with
// ("Attribution 4.0 International", "Attribution-ShareAlike 4.0 International").
var ccTitle = lazyre.New(`(?i)^\s*(attribution|creative commons)[\w-]*( [\w-]+)* 4\.0 international\s*$`)

// ccPreamble reads a Creative Commons 4.0 license as its legal code is
// published and shipped: the title, then the notice that Creative Commons
// is not a law firm with the considerations for licensors and the public,
// then the license. The classifier's text starts at the license, so the
// preamble, which the legal code carries for every CC 4.0 license and
// which grants and restricts nothing, is taken into the match. Only the
// lines from the title to the match are, and only when the preamble's own
// sentences are there.
func ccPreamble(lines []string, matches []rawMatch) []rawMatch {
	var out []rawMatch
	var norm *normText
	for i, m := range matches {
		if m.Type != "License" || !strings.HasPrefix(m.Name, "CC-") || m.StartLine <= 1 {
			continue
		}
		if norm == nil {
			n := normalize(lines[:m.StartLine-1])
			norm = &n
		}
		at := strings.Index(norm.s, `creative commons corporation ("creative commons") is not a law firm and does not provide legal services or legal advice.`)
		if at < 0 || !strings.Contains(norm.s, "using creative commons public licenses") {
			continue
		}
		start := norm.lineAt(at)
		for l := start - 1; l >= 1; l-- {
			t := strings.TrimSpace(lines[l-1])
			if ccTitle.MatchString(t) {
				start = l
				break
			}
			if t != "" && !sepLine.MatchString(t) {
				break
			}
		}
		if out == nil {
			out = slices.Clone(matches)
		}
		out[i].StartLine = start
	}
	if out == nil {
		return matches
	}
	return out
}

// bsdViews reads a BSD-2-Clause text followed by the FreeBSD project's
// sentence on views ("The views and conclusions contained in the software
// and documentation are those of the authors and should not be
// interpreted as representing official policies ... of <holder>.") as
// BSD-2-Clause-Views, the SPDX license that is exactly that: the sentence
// disclaims, it adds no term. The classifier knows it only with "of the
// FreeBSD Project" as its holder.
func bsdViews(lines []string, matches []rawMatch) []rawMatch {
	var out []rawMatch
	for i, m := range matches {
		if m.Type != "License" || m.Name != "BSD-2-Clause" || m.EndLine >= len(lines) {
			continue
		}
		hi := min(len(lines), m.EndLine+8)
		n := normalize(lines[m.EndLine:hi])
		const views = "the views and conclusions contained in the software and documentation are those of the authors and should not be interpreted as representing official policies, either expressed or implied, of "
		at := strings.Index(n.s, views)
		if at < 0 || strings.TrimSpace(n.s[:at]) != "" {
			continue
		}
		dot := strings.Index(n.s[at+len(views):], ".")
		if dot < 0 || dot > 120 {
			continue
		}
		if out == nil {
			out = slices.Clone(matches)
		}
		out[i].Name = "BSD-2-Clause-Views"
		out[i].EndLine = m.EndLine + n.lineAt(at+len(views)+dot)
	}
	if out == nil {
		return matches
	}
	return out
}
