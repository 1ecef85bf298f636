package driver

import (
	"context"
	"os"
	"testing"
)

func TestEvalRepo(t *testing.T) {
	root := os.Getenv("TOLLGATE_EVAL_REPO")
	if root == "" {
		t.Skip("TOLLGATE_EVAL_REPO not set")
	}
	res, err := Analyze(context.Background(), root, goFiles(t, root), Options{Fast: os.Getenv("TOLLGATE_EVAL_FULL") == ""})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Logf("%s %s %s", f.Rule, f.Location, f.Message)
	}
	for _, c := range res.Calls {
		t.Logf("call %s %s %s model=%s", c.Location, c.Provider, c.Method, c.Model)
	}
	t.Logf("calls %d packages %d", len(res.Calls), res.Packages)
}
