package mlops

import (
	"bytes"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"path"
	"strings"
)

// cardNames are file names that are model cards by name.
var cardNames = map[string]bool{
	"model_card.md": true, "modelcard.md": true, "model-card.md": true, "model_card.yaml": true,
}

// IsCardName reports whether a path is a model card by its name.
func IsCardName(p string) bool { return cardNames[strings.ToLower(path.Base(p))] }

// hfKeys are front-matter keys of Hugging Face model cards (README.md).
var hfKeys = lazyre.New(`(?m)^(pipeline_tag|library_name|model-index|base_model|model_name):`)

// IsHFCard reports whether a README is a Hugging Face model card: YAML
// front matter with model metadata.
func IsHFCard(src []byte) bool {
	if !bytes.HasPrefix(src, []byte("---")) {
		return false
	}
	end := bytes.Index(src[3:], []byte("\n---"))
	if end < 0 {
		return false
	}
	return hfKeys.Match(src[3 : 3+end])
}

// Section is a part every model card needs, after Mitchell et al., "Model
// Cards for Model Reporting" (FAT* 2019), and the Hugging Face card template.
type Section struct {
	Name string
	// Words are heading words that count as the section, lowercase.
	Words []string
}

// Sections are the parts a card must have.
var Sections = []Section{
	{"intended use", []string{"intended use", "uses", "use case", "direct use", "out-of-scope"}},
	{"limitations", []string{"limitation", "caveat", "risk", "bias", "ethical"}},
	{"training data", []string{"training data", "training details", "training procedure", "dataset", "data"}},
	{"evaluation", []string{"evaluation", "metric", "result", "performance", "benchmark"}},
}

var heading = lazyre.New(`^(#{1,6})[ \t]+(.+)$`)

// placeholder matches text that fills a template without saying anything.
var placeholder = lazyre.New(`(?i)^[\s\-*_>|:.]*(\[?more information needed\]?|\[?needs? more information\]?|todo|tbd|tba|n/?a|none|coming soon|\[[^\]]*\]|\{\{[^}]*\}\}|\.\.\.|…)?[\s\-*_>|:.]*$`)

// labelled is a template line "label: value" with a bold label.
var labelled = lazyre.New(`^[-*+\s]*\*\*[^*]+\*\*:?\s*(.*)$`)

var htmlComment = lazyre.New(`(?s)<!--.*?-->`)

// MissingSections lists the required sections a Markdown card lacks.
func MissingSections(src []byte) []string {
	missing, _ := CheckSections(src)
	return missing
}

// CheckSections returns the required sections a Markdown card lacks (no
// heading names them) and those it leaves empty (headings with no text
// under them but template placeholders such as "[More Information
// Needed]", "TODO" or an HTML comment). A section's text runs to the next
// heading of the same or a higher level, so subsections count.
func CheckSections(src []byte) (missing, empty []string) {
	type head struct {
		level int
		text  string
		body  bool
	}
	var heads []head
	lines := strings.Split(htmlComment.ReplaceAllString(string(src), ""), "\n")
	// Front matter is metadata, not a section's text.
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		for i := 1; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == "---" {
				lines = lines[i+1:]
				break
			}
		}
	}
	fence := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if !fence {
			if m := heading.FindStringSubmatch(t); m != nil {
				heads = append(heads, head{level: len(m[1]), text: strings.ToLower(m[2])})
				continue
			}
		}
		if m := labelled.FindStringSubmatch(t); m != nil {
			t = m[1] // "- **Developed by:** [More Information Needed]": judge the value
		}
		if len(heads) > 0 && !placeholder.MatchString(t) {
			heads[len(heads)-1].body = true
		}
	}
	// hasText reports whether heading i or a subsection of it has text.
	hasText := func(i int) bool {
		for j := i; j < len(heads); j++ {
			if j > i && heads[j].level <= heads[i].level {
				break
			}
			if heads[j].body {
				return true
			}
		}
		return false
	}
	for _, s := range Sections {
		found, filled := false, false
		for i, h := range heads {
			for _, w := range s.Words {
				if strings.Contains(h.text, w) {
					found = true
					if hasText(i) {
						filled = true
					}
				}
			}
		}
		switch {
		case !found:
			missing = append(missing, s.Name)
		case !filled:
			empty = append(empty, s.Name)
		}
	}
	return missing, empty
}
