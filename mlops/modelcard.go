package mlops

import (
	"bytes"
	"path"
	"regexp"
	"strings"
)

// cardNames are file names that are model cards by name.
var cardNames = map[string]bool{
	"model_card.md": true, "modelcard.md": true, "model-card.md": true, "model_card.yaml": true,
}

// IsCardName reports whether a path is a model card by its name.
func IsCardName(p string) bool { return cardNames[strings.ToLower(path.Base(p))] }

// hfKeys are front-matter keys of Hugging Face model cards (README.md).
var hfKeys = regexp.MustCompile(`(?m)^(pipeline_tag|library_name|model-index|base_model|model_name):`)

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

var heading = regexp.MustCompile(`(?m)^#{1,6}[ \t]+(.+)$`)

// MissingSections lists the required sections a Markdown card lacks.
func MissingSections(src []byte) []string {
	var heads []string
	for _, m := range heading.FindAllSubmatch(src, -1) {
		heads = append(heads, strings.ToLower(string(m[1])))
	}
	var missing []string
	for _, s := range Sections {
		found := false
		for _, h := range heads {
			for _, w := range s.Words {
				if strings.Contains(h, w) {
					found = true
				}
			}
		}
		if !found {
			missing = append(missing, s.Name)
		}
	}
	return missing
}
