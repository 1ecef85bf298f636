package licensing

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"
)

func TestTry(t *testing.T) {
	dir := os.Getenv("TRY_DIR")
	if dir == "" {
		t.Skip()
	}
	t0 := time.Now()
	res, err := Analyze(context.Background(), Options{Root: dir, CacheDir: os.Getenv("TRY_CACHE")})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("took %v stats %+v", time.Since(t0), res.Stats)
	for _, m := range res.Modules {
		t.Logf("%-60s %-30s %-40s %-12s %s %v", m.Path, m.Version, m.Concluded, m.Category, m.Verdict, m.NeedsReview)
	}
	for _, f := range res.Findings {
		b, _ := json.Marshal(f.Evidence)
		t.Logf("%s:%d %s %s %s", f.Location.Path, f.Location.StartLine, f.Rule, f.Message, b)
	}
}
