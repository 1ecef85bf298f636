// Package post creates or updates the one sticky comment tollgate keeps on
// a pull request (GitHub) or merge request (GitLab), found again by the
// hidden marker its body starts with. It is the only code in tollgate that
// speaks to the network, and runs only when asked (`tollgate pr --post`).
package post

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ErrForbidden is wrapped by errors from a platform that refused the token
// (HTTP 403 that is not a rate limit): typically a pull request from a fork,
// whose token may read but not write.
var ErrForbidden = errors.New("the token may not write comments")

// Result says what Upsert did.
type Result struct {
	// Action is "created" or "updated".
	Action string
	// ID is the comment's or note's ID.
	ID int64
	// URL is the comment's address for people, when the platform gives one.
	URL string
	// Truncated is how many bytes of the body were cut to fit the limit.
	Truncated int
}

// Poster creates or updates the one comment whose body starts with the
// marker.
type Poster interface {
	// Upsert finds the comment whose body starts with marker and replaces
	// its body, or creates one. body must start with marker.
	Upsert(ctx context.Context, marker, body string) (Result, error)
	// Platform names the platform for messages ("GitHub", "GitLab").
	Platform() string
}

// Client holds what both platforms share: the HTTP client, the bounded
// retry on rate limits and the clock. The zero value means the defaults.
type Client struct {
	// HTTP is the client; nil means one with a 30-second timeout.
	HTTP *http.Client
	// Sleep waits d or until ctx ends; nil means the real clock. Tests
	// inject one that records the waits and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now reads the clock for X-RateLimit-Reset; nil means time.Now.
	Now func() time.Time
	// Retries is how many times a rate-limited request is retried;
	// 0 means 3.
	Retries int
	// MaxWait is the longest single wait for a rate limit; a limit that
	// asks for longer fails at once. 0 means one minute.
	MaxWait time.Duration
}

const (
	defaultRetries = 3
	defaultMaxWait = time.Minute
	// maxPages bounds the listing of comments: 100 pages of 100.
	maxPages = 100
	// maxCandidates is how many comments holding the marker are tried
	// before a new one is created (one may be someone else's, quoting it).
	maxCandidates = 5
	// maxResponse caps what is read of one response body.
	maxResponse = 32 << 20
)

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 30 * time.Second}
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// HTTPError is a response the platform refused.
type HTTPError struct {
	Method, URL string
	Status      int
	// Message is the platform's message, cut to one short line.
	Message string
}

func (e *HTTPError) Error() string {
	s := fmt.Sprintf("%s %s: HTTP %d", e.Method, e.URL, e.Status)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Unwrap makes a plain 403 match ErrForbidden.
func (e *HTTPError) Unwrap() error {
	if e.Status == http.StatusForbidden {
		return ErrForbidden
	}
	return nil
}

// request is one API call: the method, the URL, the JSON body (nil for
// none) and the headers that authenticate it.
type request struct {
	method, url string
	body        any
	header      http.Header
}

// do sends req, retrying a rate-limited answer (429, or 403 with
// Retry-After or an exhausted X-RateLimit-Remaining) at most Retries times
// and never waiting longer than MaxWait at once. out, when not nil,
// receives the decoded JSON answer.
func (c *Client) do(ctx context.Context, req request, out any) (*http.Response, error) {
	var payload []byte
	if req.body != nil {
		var err error
		if payload, err = json.Marshal(req.body); err != nil {
			return nil, fmt.Errorf("encode %s %s: %w", req.method, req.url, err)
		}
	}
	retries := c.Retries
	if retries <= 0 {
		retries = defaultRetries
	}
	maxWait := c.MaxWait
	if maxWait <= 0 {
		maxWait = defaultMaxWait
	}
	for attempt := 0; ; attempt++ {
		var rd io.Reader
		if payload != nil {
			rd = bytes.NewReader(payload)
		}
		hr, err := http.NewRequestWithContext(ctx, req.method, req.url, rd)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", req.method, req.url, err)
		}
		for k, v := range req.header {
			hr.Header[k] = v
		}
		hr.Header.Set("User-Agent", "tollgate")
		if payload != nil {
			hr.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.httpClient().Do(hr)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", req.method, redact(req.url), err)
		}
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
		resp.Body.Close()
		if rerr != nil {
			return nil, fmt.Errorf("%s %s: read answer: %w", req.method, redact(req.url), rerr)
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			if out != nil {
				if err := json.Unmarshal(data, out); err != nil {
					return nil, fmt.Errorf("%s %s: decode answer: %w", req.method, redact(req.url), err)
				}
			}
			return resp, nil
		}
		herr := &HTTPError{Method: req.method, URL: redact(req.url), Status: resp.StatusCode, Message: apiMessage(data)}
		wait, limited := c.rateLimitWait(resp, attempt)
		if !limited {
			return nil, herr
		}
		if attempt >= retries {
			return nil, fmt.Errorf("rate limited, gave up after %d retries: %w", retries, herr)
		}
		if wait > maxWait {
			return nil, fmt.Errorf("rate limited for %s, longer than the %s this run waits: %w", wait.Round(time.Second), maxWait, herr)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("wait for the rate limit: %w", err)
		}
	}
}

// rateLimitWait tells whether resp is a rate limit and how long to wait:
// Retry-After (seconds or an HTTP date), else until X-RateLimit-Reset (Unix
// seconds; GitLab's RateLimit-Reset too), else an exponential backoff from
// one second. A 403 is a rate limit only when a header says so, since a
// plain 403 means the token may not write.
func (c *Client) rateLimitWait(resp *http.Response, attempt int) (time.Duration, bool) {
	h := resp.Header
	ra := strings.TrimSpace(h.Get("Retry-After"))
	remaining := strings.TrimSpace(firstHeader(h, "X-RateLimit-Remaining", "RateLimit-Remaining"))
	reset := strings.TrimSpace(firstHeader(h, "X-RateLimit-Reset", "RateLimit-Reset"))
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
	case http.StatusForbidden:
		if ra == "" && remaining != "0" {
			return 0, false
		}
	default:
		return 0, false
	}
	if ra != "" {
		if n, err := strconv.ParseInt(ra, 10, 64); err == nil && n >= 0 {
			return time.Duration(n) * time.Second, true
		}
		if t, err := http.ParseTime(ra); err == nil {
			return nonNegative(t.Sub(c.now())), true
		}
	}
	if remaining == "0" && reset != "" {
		if n, err := strconv.ParseInt(reset, 10, 64); err == nil {
			// One second more: the reset time is rounded down.
			return nonNegative(time.Unix(n, 0).Sub(c.now())) + time.Second, true
		}
	}
	return time.Second << min(attempt, 6), true
}

func nonNegative(d time.Duration) time.Duration { return max(d, 0) }

func firstHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// apiMessage pulls the "message" (GitHub) or "message"/"error" (GitLab)
// out of an error answer, one line and short.
func apiMessage(data []byte) string {
	var m struct {
		Message any    `json:"message"`
		Error   string `json:"error"`
	}
	msg := ""
	if json.Unmarshal(data, &m) == nil {
		switch v := m.Message.(type) {
		case string:
			msg = v
		case nil:
		default:
			b, _ := json.Marshal(v)
			msg = string(b)
		}
		if msg == "" {
			msg = m.Error
		}
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if len(msg) > 200 {
		msg = cutUTF8(msg, 200) + "…"
	}
	return msg
}

// redact drops the query of a URL from messages: pagination cursors are
// noise, and a token must never reach a log even if a server echoed one.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(bad URL)"
	}
	u.RawQuery, u.User, u.Fragment = "", nil, ""
	return u.String()
}

// nextLink returns the rel="next" target of a Link header, resolved against
// base, or "" when there is none.
func nextLink(header string, base *url.URL) string {
	for _, part := range strings.Split(header, ",") {
		seg := strings.Split(part, ";")
		if len(seg) < 2 {
			continue
		}
		target := strings.TrimSpace(seg[0])
		if !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			continue
		}
		for _, p := range seg[1:] {
			p = strings.TrimSpace(p)
			if k, v, ok := strings.Cut(p, "="); ok && strings.TrimSpace(k) == "rel" {
				for _, r := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
					if r == "next" {
						u, err := base.Parse(target[1 : len(target)-1])
						if err != nil {
							return ""
						}
						return u.String()
					}
				}
			}
		}
	}
	return ""
}

// sameOrigin tells whether next may receive the token: the same scheme and
// host as the API. A Link header is the server's answer, and the token
// must not follow it anywhere else.
func sameOrigin(api *url.URL, next string) bool {
	u, err := url.Parse(next)
	return err == nil && u.Scheme == api.Scheme && u.Host == api.Host
}

// hasMarker tells whether a comment body is tollgate's: it starts with the
// marker, after any leading white space.
func hasMarker(body, marker string) bool {
	return strings.HasPrefix(strings.TrimLeft(body, " \t\r\n"), marker)
}
