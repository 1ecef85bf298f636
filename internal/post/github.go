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

// GitHub posts to a pull request's conversation through the REST API
// (issue comments: a pull request is an issue).
type GitHub struct {
	Client
	// API is the REST API root (GITHUB_API_URL), such as
	// https://api.github.com.
	API string
	// Repo is "owner/name" (GITHUB_REPOSITORY).
	Repo string
	// Number is the pull request's number.
	Number int
	// Token is sent as a bearer token (GITHUB_TOKEN).
	Token string
}

// Platform implements Poster.
func (g *GitHub) Platform() string { return "GitHub" }

type ghComment struct {
	ID      int64  `json:"id"`
	Body    string `json:"body"`
	HTMLURL string `json:"html_url"`
}

func (g *GitHub) header() http.Header {
	h := http.Header{}
	h.Set("Accept", "application/vnd.github+json")
	h.Set("X-GitHub-Api-Version", "2022-11-28")
	if g.Token != "" {
		h.Set("Authorization", "Bearer "+g.Token)
	}
	return h
}

func (g *GitHub) base() (*url.URL, string, error) {
	api, err := url.Parse(strings.TrimSuffix(g.API, "/"))
	if err != nil || api.Scheme == "" || api.Host == "" {
		return nil, "", fmt.Errorf("GitHub API URL %q is not an absolute URL", g.API)
	}
	owner, name, ok := strings.Cut(g.Repo, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return nil, "", fmt.Errorf("GitHub repository %q is not owner/name", g.Repo)
	}
	if g.Number <= 0 {
		return nil, "", fmt.Errorf("pull request number %d is not positive", g.Number)
	}
	return api, api.String() + "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(name), nil
}

// Upsert implements Poster: it lists the pull request's comments page by
// page (the Link header's rel="next", on the API's own host only), PATCHes
// the most recent one whose body starts with marker (trying older ones if
// the token may not edit it, as when someone else quoted the marker), or
// POSTs a new one. The body is cut to GitHub's 65,536 characters.
func (g *GitHub) Upsert(ctx context.Context, marker, body string) (Result, error) {
	api, repo, err := g.base()
	if err != nil {
		return Result{}, err
	}
	body, cut := Truncate(body, GitHubLimit)
	var found []ghComment
	next := repo + "/issues/" + strconv.Itoa(g.Number) + "/comments?per_page=100"
	for page := 0; next != ""; page++ {
		if page >= maxPages {
			return Result{}, fmt.Errorf("list comments of pull request %d: more than %d pages", g.Number, maxPages)
		}
		var cs []ghComment
		resp, err := g.do(ctx, request{method: http.MethodGet, url: next, header: g.header()}, &cs)
		if err != nil {
			return Result{}, fmt.Errorf("list comments of pull request %d: %w", g.Number, err)
		}
		for _, c := range cs {
			if hasMarker(c.Body, marker) {
				found = append(found, c)
			}
		}
		cur, _ := url.Parse(next)
		next = nextLink(resp.Header.Get("Link"), cur)
		if next != "" && !sameOrigin(api, next) {
			return Result{}, fmt.Errorf("list comments of pull request %d: next page %q is not on the API host %q", g.Number, redact(next), api.Host)
		}
	}
	payload := map[string]string{"body": body}
	for i := 0; i < len(found) && i < maxCandidates; i++ {
		c := found[len(found)-1-i]
		var out ghComment
		_, err := g.do(ctx, request{method: http.MethodPatch, url: repo + "/issues/comments/" + strconv.FormatInt(c.ID, 10), body: payload, header: g.header()}, &out)
		if err == nil {
			return Result{Action: "updated", ID: out.ID, URL: out.HTMLURL, Truncated: cut}, nil
		}
		var he *HTTPError
		if !errors.As(err, &he) || (he.Status != http.StatusForbidden && he.Status != http.StatusNotFound) {
			return Result{}, fmt.Errorf("update comment %d: %w", c.ID, err)
		}
	}
	var out ghComment
	if _, err := g.do(ctx, request{method: http.MethodPost, url: repo + "/issues/" + strconv.Itoa(g.Number) + "/comments", body: payload, header: g.header()}, &out); err != nil {
		return Result{}, fmt.Errorf("comment on pull request %d: %w", g.Number, err)
	}
	return Result{Action: "created", ID: out.ID, URL: out.HTMLURL, Truncated: cut}, nil
}
