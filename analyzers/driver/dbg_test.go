package driver

import (
	"context"
	"os"
	"testing"
)

func TestDebugRepo(t *testing.T) {
	root := os.Getenv("DBG_REPO")
	if root == "" {
		t.Skip()
	}
	res, err := Analyze(context.Background(), root, goFiles(t, root), Options{Fast: os.Getenv("DBG_FULL") == ""})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Logf("%s %s %s", f.Rule, f.Location, f.Message)
	}
	t.Logf("calls %d packages %d", len(res.Calls), res.Packages)
}
