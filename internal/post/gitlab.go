package post

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// GitLab posts a merge-request note through the REST API (v4).
type GitLab struct {
	Client
	// API is the v4 API root (CI_API_V4_URL), such as
	// https://gitlab.com/api/v4.
	API string
	// Project is the project's ID or its full path (CI_PROJECT_ID).
	Project string
	// MR is the merge request's IID (CI_MERGE_REQUEST_IID).
	MR int
	// Token is a personal, project or group access token (GITLAB_TOKEN),
	// sent as PRIVATE-TOKEN; when empty, JobToken (CI_JOB_TOKEN) is sent
	// as JOB-TOKEN.
	Token, JobToken string
}

// Platform implements Poster.
func (g *GitLab) Platform() string { return "GitLab" }

type glNote struct {
	ID     int64  `json:"id"`
	Body   string `json:"body"`
	System bool   `json:"system"`
}

func (g *GitLab) header() http.Header {
	h := http.Header{}
	switch {
	case g.Token != "":
		h.Set("PRIVATE-TOKEN", g.Token)
	case g.JobToken != "":
		h.Set("JOB-TOKEN", g.JobToken)
	}
	return h
}

func (g *GitLab) base() (*url.URL, string, error) {
	api, err := url.Parse(strings.TrimSuffix(g.API, "/"))
	if err != nil || api.Scheme == "" || api.Host == "" {
		return nil, "", fmt.Errorf("GitLab API URL %q is not an absolute URL", g.API)
	}
	if g.Project == "" {
		return nil, "", errors.New("GitLab project is empty")
	}
	if g.MR <= 0 {
		return nil, "", fmt.Errorf("merge request IID %d is not positive", g.MR)
	}
	return api, api.String() + "/projects/" + url.PathEscape(g.Project) + "/merge_requests/" + strconv.Itoa(g.MR) + "/notes", nil
}

// Upsert implements Poster: it lists the merge request's notes page by page
// (X-Next-Page, else the Link header's rel="next" on the API's own host
// only), PUTs the most
// recent one whose body starts with marker, or POSTs a new one.
func (g *GitLab) Upsert(ctx context.Context, marker, body string) (Result, error) {
	api, notes, err := g.base()
	if err != nil {
		return Result{}, err
	}
	body, cut := Truncate(body, GitLabLimit)
	var found []glNote
	first := notes + "?per_page=100&sort=asc&order_by=created_at"
	next := first
	for page := 0; next != ""; page++ {
		if page >= maxPages {
			return Result{}, fmt.Errorf("list notes of merge request %d: more than %d pages", g.MR, maxPages)
		}
		var ns []glNote
		resp, err := g.do(ctx, request{method: http.MethodGet, url: next, header: g.header()}, &ns)
		if err != nil {
			return Result{}, fmt.Errorf("list notes of merge request %d: %w", g.MR, err)
		}
		for _, n := range ns {
			if !n.System && hasMarker(n.Body, marker) {
				found = append(found, n)
			}
		}
		// X-Next-Page first: built on our own API root, it holds behind
		// a proxy that rewrites the Link header's host.
		if np, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("X-Next-Page"))); err == nil && np == page+2 {
			next = first + "&page=" + strconv.Itoa(np)
			continue
		}
		cur, _ := url.Parse(next)
		next = nextLink(resp.Header.Get("Link"), cur)
		if next != "" && !sameOrigin(api, next) {
			return Result{}, fmt.Errorf("list notes of merge request %d: next page %q is not on the API host %q", g.MR, redact(next), api.Host)
		}
	}
	payload := map[string]string{"body": body}
	for i := 0; i < len(found) && i < maxCandidates; i++ {
		n := found[len(found)-1-i]
		var out glNote
		_, err := g.do(ctx, request{method: http.MethodPut, url: notes + "/" + strconv.FormatInt(n.ID, 10), body: payload, header: g.header()}, &out)
		if err == nil {
			return Result{Action: "updated", ID: out.ID, Truncated: cut}, nil
		}
		var he *HTTPError
		if !errors.As(err, &he) || (he.Status != http.StatusForbidden && he.Status != http.StatusNotFound) {
			return Result{}, fmt.Errorf("update note %d: %w", n.ID, err)
		}
	}
	var out glNote
	if _, err := g.do(ctx, request{method: http.MethodPost, url: notes, body: payload, header: g.header()}, &out); err != nil {
		return Result{}, fmt.Errorf("note on merge request %d: %w", g.MR, err)
	}
	return Result{Action: "created", ID: out.ID, Truncated: cut}, nil
}
