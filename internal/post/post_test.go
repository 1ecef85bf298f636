package post

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const marker = "<!-- tollgate:report v1 -->"

// recorder is an injected sleeper: it records each wait and returns at
// once, so no test waits on the real clock.
type recorder struct{ waits []time.Duration }

func (r *recorder) sleep(_ context.Context, d time.Duration) error {
	r.waits = append(r.waits, d)
	return nil
}

var epoch = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func (f *fake) github(rec *recorder) *GitHub {
	f.authName, f.authValue = "Authorization", "Bearer s3cret"
	return &GitHub{
		Client: Client{HTTP: f.srv.Client(), Sleep: rec.sleep, Now: func() time.Time { return epoch }},
		API:    f.srv.URL, Repo: "o/r", Number: 7, Token: "s3cret",
	}
}

func (f *fake) gitlab(rec *recorder) *GitLab {
	f.authName, f.authValue = "JOB-TOKEN", "job"
	return &GitLab{
		Client: Client{HTTP: f.srv.Client(), Sleep: rec.sleep, Now: func() time.Time { return epoch }},
		API:    f.srv.URL + "/api/v4", Project: "g/p", MR: 3, JobToken: "job",
	}
}

func TestGitHubCreatesThenUpdates(t *testing.T) {
	f := newFake(t)
	f.add("alice", "looks good")
	g := f.github(&recorder{})
	res, err := g.Upsert(context.Background(), marker, marker+"\nfirst")
	if err != nil || res.Action != "created" {
		t.Fatalf("first Upsert = %+v, %v; want created", res, err)
	}
	res, err = g.Upsert(context.Background(), marker, marker+"\nsecond")
	if err != nil || res.Action != "updated" {
		t.Fatalf("second Upsert = %+v, %v; want updated", res, err)
	}
	if len(f.comments) != 2 || f.comments[1].Body != marker+"\nsecond" || f.comments[0].Body != "looks good" {
		t.Errorf("comments = %+v; want alice's and one sticky comment holding the second body", f.comments)
	}
	if n := f.requests("POST"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	if res.URL == "" {
		t.Error("result has no URL")
	}
}

// TestGitHubPaginates: the sticky comment is on the third page; the poster
// follows the Link header and updates it rather than adding another.
func TestGitHubPaginates(t *testing.T) {
	f := newFake(t)
	f.perPage = 2
	for i := range 5 {
		f.add("alice", "comment "+strconv.Itoa(i))
	}
	id := f.add(me, "\n"+marker+"\nold")
	f.add("bob", "later")
	res, err := f.github(&recorder{}).Upsert(context.Background(), marker, marker+"\nnew")
	if err != nil || res.Action != "updated" || res.ID != id {
		t.Fatalf("Upsert = %+v, %v; want comment %d updated", res, err, id)
	}
	if n := f.requests("GET"); n != 4 {
		t.Errorf("%d list requests for 7 comments at 2 a page, want 4", n)
	}
	if n := f.requests("POST"); n != 0 {
		t.Errorf("%d POSTs, want none", n)
	}
}

// TestGitHubSkipsSomeoneElsesMarker: a later comment by someone else that
// quotes the marker cannot be edited; the poster updates its own.
func TestGitHubSkipsSomeoneElsesMarker(t *testing.T) {
	f := newFake(t)
	own := f.add(me, marker+"\nold")
	f.add("mallory", marker+"\nfake verdict")
	res, err := f.github(&recorder{}).Upsert(context.Background(), marker, marker+"\nnew")
	if err != nil || res.Action != "updated" || res.ID != own {
		t.Fatalf("Upsert = %+v, %v; want own comment %d updated", res, err, own)
	}
	if f.comments[1].Body != marker+"\nfake verdict" {
		t.Error("someone else's comment changed")
	}
}

// TestGitHubForkForbidden: a fork's token may list but not write; the error
// is ErrForbidden, which the caller turns into the step summary.
func TestGitHubForkForbidden(t *testing.T) {
	f := newFake(t)
	f.forbidWrite = true
	rec := &recorder{}
	_, err := f.github(rec).Upsert(context.Background(), marker, marker+"\nx")
	if !errors.Is(err, ErrForbidden) {
		t.Fatalf("Upsert error = %v, want ErrForbidden", err)
	}
	if len(rec.waits) != 0 {
		t.Errorf("a plain 403 was retried as a rate limit: waits %v", rec.waits)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Error("the error carries the token")
	}
}

func TestGitHubRateLimit(t *testing.T) {
	for _, tc := range []struct {
		name      string
		limited   int
		limit     func(h http.Header) int
		wantWaits []time.Duration
		wantErr   bool
	}{
		{"retry-after", 2, func(h http.Header) int { h.Set("Retry-After", "3"); return http.StatusTooManyRequests },
			[]time.Duration{3 * time.Second, 3 * time.Second}, false},
		{"primary limit", 1, func(h http.Header) int {
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", strconv.FormatInt(epoch.Add(20*time.Second).Unix(), 10))
			return http.StatusForbidden
		}, []time.Duration{21 * time.Second}, false},
		{"secondary limit without headers", 2, func(h http.Header) int { return http.StatusTooManyRequests },
			[]time.Duration{time.Second, 2 * time.Second}, false},
		{"gives up", 10, func(h http.Header) int { h.Set("Retry-After", "1"); return http.StatusTooManyRequests },
			[]time.Duration{time.Second, time.Second, time.Second}, true},
		{"too long", 1, func(h http.Header) int { h.Set("Retry-After", "3600"); return http.StatusForbidden },
			nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.limited, f.limit = tc.limited, tc.limit
			rec := &recorder{}
			res, err := f.github(rec).Upsert(context.Background(), marker, marker+"\nx")
			if (err != nil) != tc.wantErr {
				t.Fatalf("Upsert = %+v, %v; want error %v", res, err, tc.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "rate limit") {
				t.Errorf("error %q does not say rate limit", err)
			}
			if !equalDurations(rec.waits, tc.wantWaits) {
				t.Errorf("waits = %v, want %v", rec.waits, tc.wantWaits)
			}
			if !tc.wantErr && len(f.comments) != 1 {
				t.Errorf("%d comments after the limit lifted, want 1", len(f.comments))
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestGitHubTruncates: a body over 65,536 characters is cut with a note,
// the open <details> closed, and the comment still fits.
func TestGitHubTruncates(t *testing.T) {
	f := newFake(t)
	body := marker + "\n## tollgate\n\n<details>\n<summary>licenses</summary>\n\n" + strings.Repeat("| mod | MIT | ✅ |\n", 8000) + "\n</details>\n"
	res, err := f.github(&recorder{}).Upsert(context.Background(), marker, body)
	if err != nil {
		t.Fatal(err)
	}
	got := f.comments[0].Body
	if utf8.RuneCountInString(got) > GitHubLimit || len(got) > GitHubLimit {
		t.Errorf("posted %d bytes, over the limit", len(got))
	}
	if res.Truncated == 0 || !strings.Contains(got, "cut to fit") || !strings.HasPrefix(got, marker) {
		t.Errorf("truncated %d; body lacks the note or the marker", res.Truncated)
	}
	if strings.Count(got, "<details>") != strings.Count(got, "</details>") {
		t.Error("the cut left a <details> open")
	}
}

// TestGitHubLinkToOtherHost: the token never follows a Link header to
// another origin.
func TestGitHubLinkToOtherHost(t *testing.T) {
	evil := newFake(t)
	f := newFake(t)
	f.perPage = 1
	f.nextHost = evil.srv.URL
	f.add("alice", "a")
	f.add("alice", "b")
	_, err := f.github(&recorder{}).Upsert(context.Background(), marker, marker+"\nx")
	if err == nil || !strings.Contains(err.Error(), "not on the API host") {
		t.Errorf("Upsert error = %v, want a refusal of the other host", err)
	}
	if n := evil.requests(""); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
}

func TestGitLabCreatesThenUpdates(t *testing.T) {
	f := newFake(t)
	f.perPage = 1
	f.add("alice", "first")
	f.add("bob", "second")
	g := f.gitlab(&recorder{})
	res, err := g.Upsert(context.Background(), marker, marker+"\none")
	if err != nil || res.Action != "created" {
		t.Fatalf("first Upsert = %+v, %v; want created", res, err)
	}
	res, err = g.Upsert(context.Background(), marker, marker+"\ntwo")
	if err != nil || res.Action != "updated" {
		t.Fatalf("second Upsert = %+v, %v; want updated", res, err)
	}
	if len(f.comments) != 3 || f.comments[2].Body != marker+"\ntwo" {
		t.Errorf("notes = %+v; want one sticky note holding the second body", f.comments)
	}
	if n := f.requests("PUT"); n != 1 {
		t.Errorf("%d PUTs, want 1", n)
	}
}

// TestGitLabNextPageBehindProxy: a proxy rewrote the Link header's host;
// X-Next-Page keeps the listing on the API root, and the note is updated.
func TestGitLabNextPageBehindProxy(t *testing.T) {
	evil := newFake(t)
	f := newFake(t)
	f.perPage, f.nextHost, f.nextPage = 1, evil.srv.URL, true
	f.add("alice", "a")
	f.add("bob", "b")
	id := f.add(me, marker+"\nold")
	res, err := f.gitlab(&recorder{}).Upsert(context.Background(), marker, marker+"\nnew")
	if err != nil || res.Action != "updated" || res.ID != id {
		t.Fatalf("Upsert = %+v, %v; want note %d updated", res, err, id)
	}
	if n := evil.requests(""); n != 0 {
		t.Errorf("the Link header's host got %d requests", n)
	}
}

func TestGitLabPrivateTokenAndRateLimit(t *testing.T) {
	f := newFake(t)
	rec := &recorder{}
	g := f.gitlab(rec)
	g.Token = "pat"
	f.authName, f.authValue = "PRIVATE-TOKEN", "pat"
	f.limited = 1
	f.limit = func(h http.Header) int {
		h.Set("RateLimit-Remaining", "0")
		h.Set("RateLimit-Reset", strconv.FormatInt(epoch.Add(4*time.Second).Unix(), 10))
		return http.StatusTooManyRequests
	}
	if _, err := g.Upsert(context.Background(), marker, marker+"\nx"); err != nil {
		t.Fatal(err)
	}
	if !equalDurations(rec.waits, []time.Duration{5 * time.Second}) {
		t.Errorf("waits = %v, want [5s]", rec.waits)
	}
}

func TestGitLabForbidden(t *testing.T) {
	f := newFake(t)
	f.forbidWrite = true
	if _, err := f.gitlab(&recorder{}).Upsert(context.Background(), marker, marker+"\nx"); !errors.Is(err, ErrForbidden) {
		t.Errorf("Upsert error = %v, want ErrForbidden", err)
	}
}

func TestFromEnvGitHub(t *testing.T) {
	dir := t.TempDir()
	event := filepath.Join(dir, "event.json")
	if err := os.WriteFile(event, []byte(`{"action":"opened","number":12,"pull_request":{"number":12}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t", "GITHUB_EVENT_PATH": event}
	p, err := FromEnv(func(k string) string { return env[k] }, 0)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := p.(*GitHub)
	if !ok || g.Number != 12 || g.API != "https://api.github.com" || g.Repo != "o/r" {
		t.Errorf("FromEnv = %+v", p)
	}
	if p, err := FromEnv(func(k string) string { return env[k] }, 99); err != nil || p.(*GitHub).Number != 99 {
		t.Errorf("--pr 99 did not override the event: %+v, %v", p, err)
	}
	if err := os.WriteFile(event, []byte(`{"ref":"refs/heads/main"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FromEnv(func(k string) string { return env[k] }, 0); err == nil || !strings.Contains(err.Error(), "--pr") {
		t.Errorf("a push event gave %v, want an error naming --pr", err)
	}
	delete(env, "GITHUB_TOKEN")
	if _, err := FromEnv(func(k string) string { return env[k] }, 1); err == nil || !strings.Contains(err.Error(), "GITHUB_TOKEN") {
		t.Errorf("no token gave %v", err)
	}
}

func TestFromEnvGitLab(t *testing.T) {
	env := map[string]string{"GITLAB_CI": "true", "CI_API_V4_URL": "https://gitlab.example/api/v4", "CI_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "5", "CI_JOB_TOKEN": "j"}
	p, err := FromEnv(func(k string) string { return env[k] }, 0)
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := p.(*GitLab); !ok || g.MR != 5 || g.Project != "42" || g.JobToken != "j" {
		t.Errorf("FromEnv = %+v", p)
	}
	delete(env, "CI_MERGE_REQUEST_IID")
	if _, err := FromEnv(func(k string) string { return env[k] }, 0); err == nil {
		t.Error("a pipeline without a merge request gave no error")
	}
	if _, err := FromEnv(func(string) string { return "" }, 1); err == nil {
		t.Error("an empty environment gave no error")
	}
}

func TestStepSummaryAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	for _, s := range []string{"one", "two"} {
		if err := StepSummary(path, s); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(path); string(b) != "one\ntwo\n" {
		t.Errorf("step summary = %q", b)
	}
}

func TestNextLink(t *testing.T) {
	base, _ := urlParse("https://api.test/repos/o/r/issues/1/comments?per_page=100")
	for _, tc := range []struct{ in, want string }{
		{`<https://api.test/x?page=2>; rel="next", <https://api.test/x?page=5>; rel="last"`, "https://api.test/x?page=2"},
		{`<https://api.test/x?page=1>; rel="prev"`, ""},
		{`</x?page=3>; rel="next"`, "https://api.test/x?page=3"},
		{`<https://api.test/x?page=4>; rel="last next"`, "https://api.test/x?page=4"},
		{``, ""},
		{`garbage; rel=next`, ""},
	} {
		if got := nextLink(tc.in, base); got != tc.want {
			t.Errorf("nextLink(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzNextLink(f *testing.F) {
	f.Add(`<https://api.test/x?page=2>; rel="next", <https://api.test/x?page=5>; rel="last"`)
	f.Add(`<>; rel=next`)
	f.Add(`<%zz>; rel="next"`)
	base, _ := urlParse("https://api.test/a")
	f.Fuzz(func(t *testing.T, h string) {
		_ = nextLink(h, base)
	})
}
