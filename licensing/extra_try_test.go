package licensing

import (
	"os"
	"strings"
	"testing"

	"github.com/google/licenseclassifier/v2/assets"
)

func TestTryExtra(t *testing.T) {
	files := os.Getenv("TRY_FILES")
	if files == "" {
		t.Skip()
	}
	c, _ := assets.DefaultClassifier()
	for _, f := range strings.Fields(files) {
		b, _ := os.ReadFile(f)
		v := analyse(c, b)
		t.Logf("%s: %+v", f, v.Matches)
		for _, l := range v.Extra {
			t.Logf("  extra %d: %s", l, lineText(b, l))
		}
	}
}
