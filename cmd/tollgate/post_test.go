package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// githubStub answers the comment endpoints of one pull request (o/r#7):
// an empty list, and a POST that is stored or, for a fork's token, refused.
type githubStub struct {
	mu       sync.Mutex
	requests []string
	posted   []string
	forbid   bool
}

func (s *githubStub) start(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests = append(s.requests, r.Method+" "+r.URL.Path)
		if r.Header.Get("Authorization") != "Bearer tok" || r.URL.Path != "/repos/o/r/issues/7/comments" {
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
			return
		}
		switch r.Method {
		case http.MethodGet:
			w.Write([]byte("[]"))
		case http.MethodPost:
			if s.forbid {
				http.Error(w, `{"message":"Resource not accessible by integration"}`, http.StatusForbidden)
				return
			}
			var in struct{ Body string }
			json.NewDecoder(r.Body).Decode(&in)
			s.posted = append(s.posted, in.Body)
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte(`{"id":1,"html_url":"https://github.test/o/r/pull/7#issuecomment-1"}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func tollgateEnv(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func githubVars(t *testing.T, api string) map[string]string {
	event := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(event, []byte(`{"pull_request":{"number":7}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_API_URL": api, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "tok",
		"GITHUB_EVENT_PATH": event, "GITHUB_STEP_SUMMARY": filepath.Join(t.TempDir(), "summary.md"),
	}
}

// TestPRPostsComment: --post creates the comment through the API; without
// --post, the same environment sends nothing.
func TestPRPostsComment(t *testing.T) {
	prRepo(t)
	stub := &githubStub{}
	vars := githubVars(t, stub.start(t))
	code, _, errOut := tollgateEnv(t, vars, "pr", "--base", "main", "--format", "json=/dev/null")
	if code != exitGate || len(stub.requests) != 0 {
		t.Fatalf("pr without --post: exit %d, %d requests (want %d, none); stderr:\n%s", code, len(stub.requests), exitGate, errOut)
	}
	code, _, errOut = tollgateEnv(t, vars, "pr", "--base", "main", "--post", "--format", "json=/dev/null")
	if code != exitGate {
		t.Errorf("pr --post: exit %d, want %d (the gate's verdict); stderr:\n%s", code, exitGate, errOut)
	}
	if len(stub.posted) != 1 || !strings.HasPrefix(stub.posted[0], "<!-- tollgate:report v1 -->\n") {
		t.Fatalf("posted %q, want one comment starting with the marker", stub.posted)
	}
	if !strings.Contains(errOut, "created the GitHub comment: https://github.test/o/r/pull/7#issuecomment-1") {
		t.Errorf("stderr does not say where the comment is:\n%s", errOut)
	}
}

// TestPRPostForkFallsBackToStepSummary: a fork's token may not comment; the
// report goes to the step summary, with a warning, and the exit code is the
// gate's.
func TestPRPostForkFallsBackToStepSummary(t *testing.T) {
	prRepo(t)
	stub := &githubStub{forbid: true}
	vars := githubVars(t, stub.start(t))
	code, _, errOut := tollgateEnv(t, vars, "pr", "--base", "main", "--post", "--format", "json=/dev/null")
	if code != exitGate {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitGate, errOut)
	}
	if !strings.Contains(errOut, "warning: the token may not comment") {
		t.Errorf("stderr lacks the warning:\n%s", errOut)
	}
	b, err := os.ReadFile(vars["GITHUB_STEP_SUMMARY"])
	if err != nil || !strings.HasPrefix(string(b), "<!-- tollgate:report v1 -->\n") {
		t.Errorf("step summary = %q, %v; want the comment", b, err)
	}
}

func TestPRPostNeedsEnvironment(t *testing.T) {
	prRepo(t)
	code, _, errOut := tollgate(t, "pr", "--base", "main", "--post")
	if code != exitUsage || !strings.Contains(errOut, "--post: no CI platform") {
		t.Errorf("exit %d, stderr %q; want a usage error naming the missing platform", code, errOut)
	}
	code, _, errOut = tollgate(t, "pr", "--base", "main", "--pr", "3")
	if code != exitUsage || !strings.Contains(errOut, "--pr is for --post") {
		t.Errorf("--pr without --post: exit %d, stderr %q", code, errOut)
	}
}
