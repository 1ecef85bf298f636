package licensing

import (
	"regexp"
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
	title *regexp.Regexp
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
	title: regexp.MustCompile(`(?i)^\W*business source license\W+1\.1\W*$`),
	id:    func([]string) string { return "BUSL-1.1" },
	must: []string{
		"grants you the right to copy, modify, create derivative works, redistribute, and make non-production use of the licensed work",
		"effective on the change date, or the fourth anniversary of the first publicly available distribution of a specific version of the licensed work under this license",
	},
	start: []string{"license text copyright", "business source license", "parameters", "licensor:"},
	end:   "non-infringement, and title.",
}, {
	title: regexp.MustCompile(`(?i)^\W*polyform (noncommercial|small business|shield|perimeter|internal use|free trial|strict|countdown) license (\d+\.\d+\.\d+)\W*$`),
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
	riderTitle = regexp.MustCompile(`(?i)^\W*commons clause\W*(license condition|restriction)?\W*(v\d+(\.\d+)*)?\W*$`)
	riderParam = regexp.MustCompile(`(?i)^\W*(software|license|licensor)\s*:\s*\S.{0,100}$`)
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
