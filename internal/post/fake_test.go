package post

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeComment is one comment or note the fake server holds.
type fakeComment struct {
	ID     int64
	Body   string
	Author string
}

// fake speaks the endpoints the posters use, for GitHub (issue comments)
// and GitLab (merge-request notes), with Link-header pagination, write
// refusal (a fork's token), rate limits and an author check on edits.
type fake struct {
	t  *testing.T
	mu sync.Mutex
	// comments in creation order.
	comments []fakeComment
	nextID   int64
	// perPage overrides the page size the client asks for (to test
	// pagination with few comments).
	perPage int
	// forbidWrite refuses POST, PATCH and PUT with 403, as GitHub does for
	// a fork's read-only token.
	forbidWrite bool
	// limited is how many requests are answered with a rate limit first;
	// limit writes the headers of that answer and returns its status.
	limited int
	limit   func(h http.Header) int
	// nextHost, when set, makes the Link header point to that origin.
	nextHost string
	// nextPage adds GitLab's X-Next-Page header.
	nextPage bool
	// wantAuth is the header name and value every request must carry.
	authName, authValue string
	// log records "METHOD path" of every request.
	log []string
	srv *httptest.Server
}

const me = "tollgate-bot"

func newFake(t *testing.T) *fake {
	f := &fake{t: t, nextID: 1000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) add(author, body string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.comments = append(f.comments, fakeComment{ID: f.nextID, Body: body, Author: author})
	return f.nextID
}

func (f *fake) requests(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, l := range f.log {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.log = append(f.log, r.Method+" "+r.URL.Path)
	if f.authName != "" && r.Header.Get(f.authName) != f.authValue {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
		return
	}
	if f.limited > 0 {
		f.limited--
		w.WriteHeader(f.limit(w.Header()))
		io.WriteString(w, `{"message":"API rate limit exceeded"}`)
		return
	}
	path := r.URL.Path
	switch {
	// GitHub
	case r.Method == http.MethodGet && path == "/repos/o/r/issues/7/comments":
		f.list(w, r, "/repos/o/r/issues/7/comments")
	case r.Method == http.MethodPost && path == "/repos/o/r/issues/7/comments":
		f.create(w, r)
	case r.Method == http.MethodPatch && strings.HasPrefix(path, "/repos/o/r/issues/comments/"):
		f.edit(w, r, strings.TrimPrefix(path, "/repos/o/r/issues/comments/"))
	// GitLab
	case r.Method == http.MethodGet && path == "/api/v4/projects/g/p/merge_requests/3/notes":
		f.list(w, r, "/api/v4/projects/g%2Fp/merge_requests/3/notes")
	case r.Method == http.MethodPost && path == "/api/v4/projects/g/p/merge_requests/3/notes":
		f.create(w, r)
	case r.Method == http.MethodPut && strings.HasPrefix(path, "/api/v4/projects/g/p/merge_requests/3/notes/"):
		f.edit(w, r, strings.TrimPrefix(path, "/api/v4/projects/g/p/merge_requests/3/notes/"))
	default:
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
	}
}

func (f *fake) list(w http.ResponseWriter, r *http.Request, rawPath string) {
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if f.perPage > 0 {
		per = f.perPage
	}
	if per <= 0 {
		per = 30
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if page <= 0 {
		page = 1
	}
	lo := min((page-1)*per, len(f.comments))
	hi := min(lo+per, len(f.comments))
	if hi < len(f.comments) {
		origin := f.srv.URL
		if f.nextHost != "" {
			origin = f.nextHost
		}
		next := fmt.Sprintf("%s%s?per_page=%d&page=%d", origin, rawPath, per, page+1)
		last := fmt.Sprintf("%s%s?per_page=%d&page=%d", origin, rawPath, per, (len(f.comments)+per-1)/per)
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="last"`, next, last))
		if f.nextPage {
			w.Header().Set("X-Next-Page", strconv.Itoa(page+1))
		}
	}
	out := []map[string]any{}
	for _, c := range f.comments[lo:hi] {
		out = append(out, map[string]any{"id": c.ID, "body": c.Body, "html_url": fmt.Sprintf("https://example.test/c/%d", c.ID), "user": map[string]string{"login": c.Author}})
	}
	json.NewEncoder(w).Encode(out)
}

func (f *fake) body(r *http.Request) (string, bool) {
	var in struct {
		Body string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return "", false
	}
	return in.Body, true
}

func (f *fake) create(w http.ResponseWriter, r *http.Request) {
	if f.forbidWrite {
		http.Error(w, `{"message":"Resource not accessible by integration"}`, http.StatusForbidden)
		return
	}
	b, ok := f.body(r)
	if !ok {
		http.Error(w, `{"message":"Problems parsing JSON"}`, http.StatusBadRequest)
		return
	}
	f.nextID++
	f.comments = append(f.comments, fakeComment{ID: f.nextID, Body: b, Author: me})
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{"id": f.nextID, "body": b, "html_url": fmt.Sprintf("https://example.test/c/%d", f.nextID)})
}

func (f *fake) edit(w http.ResponseWriter, r *http.Request, idText string) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	for i := range f.comments {
		c := &f.comments[i]
		if c.ID != id {
			continue
		}
		if f.forbidWrite || c.Author != me {
			http.Error(w, `{"message":"Resource not accessible by integration"}`, http.StatusForbidden)
			return
		}
		b, ok := f.body(r)
		if !ok {
			http.Error(w, `{"message":"Problems parsing JSON"}`, http.StatusBadRequest)
			return
		}
		c.Body = b
		json.NewEncoder(w).Encode(map[string]any{"id": c.ID, "body": b, "html_url": fmt.Sprintf("https://example.test/c/%d", c.ID)})
		return
	}
	http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
}
