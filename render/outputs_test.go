package render

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
)

// TestOutputsInDir checks the outputs of a real run, written by
//
//	tollgate scan --format html=DIR/report.html --format sarif=DIR/out.sarif \
//	  --format markdown=DIR/report.md --format pr-comment=DIR/comment.md \
//	  --format github-summary=DIR/summary.md --format github=DIR/annotations.txt \
//	  --format codeclimate=DIR/cc.json --format junit=DIR/junit.xml
//
// against every format's promise, when TOLLGATE_OUTPUTS=DIR is set; it is
// how the formats were checked on real repositories.
func TestOutputsInDir(t *testing.T) {
	dir := os.Getenv("TOLLGATE_OUTPUTS")
	if dir == "" {
		t.Skip("set TOLLGATE_OUTPUTS to a directory of outputs to check")
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	validateSARIF(t, read("out.sarif"))
	checkNoRawHTML(t, read("out.sarif"))
	checkHTMLSafe(t, read("report.html"))
	checkMarkdownSafe(t, string(read("report.md")), false)
	checkMarkdownSafe(t, string(read("summary.md")), false)
	comment := string(read("comment.md"))
	checkMarkdownSafe(t, comment, true)
	if len(comment) >= commentBudget {
		t.Errorf("comment is %d bytes", len(comment))
	}
	checkAnnotations(t, string(read("annotations.txt")))
	if !json.Valid(read("cc.json")) {
		t.Error("cc.json is not JSON")
	}
	var js junitSuites
	if err := xml.Unmarshal(read("junit.xml"), &js); err != nil {
		t.Errorf("junit.xml: %v", err)
	}
}
