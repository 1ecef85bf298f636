package render

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
)

// chromium returns the path of a headless-capable Chromium, or skips the
// test: `go test ./...` must pass on a machine without one, and .ci/run
// installs Debian's chromium so the test runs in CI.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TOLLGATE_CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Skip("chromium not installed (.ci/run installs it); skipping the browser test")
	return ""
}

// runChromium runs a headless Chromium on page with extra arguments and a
// network log, and returns its standard output and the log's path.
func runChromium(t *testing.T, bin, page string, args ...string) (stdout []byte, netlog string) {
	t.Helper()
	dir := t.TempDir()
	netlog = filepath.Join(dir, "netlog.json")
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
		"--user-data-dir=" + filepath.Join(dir, "profile"), "--log-net-log=" + netlog, "--virtual-time-budget=3000"}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+page)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.Bytes(), netlog
}

// pageRequests lists the requests the page itself started, from Chromium's
// network log. The browser's own background requests carry no origin as
// initiator and are not the page's.
func pageRequests(t *testing.T, netlog string) []string {
	t.Helper()
	b, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int `json:"type"`
			Params struct {
				URL       string `json:"url"`
				Initiator string `json:"initiator"`
			} `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatalf("netlog: %v", err)
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("netlog has no URL_REQUEST_START_JOB event type")
	}
	var out []string
	for _, e := range log.Events {
		if e.Type != start || e.Params.URL == "" || strings.HasPrefix(e.Params.URL, "file:") {
			continue
		}
		if e.Params.Initiator == "not an origin" && !strings.Contains(e.Params.URL, "127.0.0.1") {
			continue
		}
		out = append(out, e.Params.URL+" (initiator "+e.Params.Initiator+")")
	}
	return out
}

// TestBrowser renders the hostile fixture in headless Chromium, as a DOM dump
// and as a screenshot, and checks that the page shows the verdict, that our
// own script ran (the CSP lets it through by hash), that no script from the
// fixture ran, and that no request left the page: neither to a local server
// the fixture points at nor anywhere else.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, "document.documentElement.setAttribute('data-pwned','PW'+'NED')")
	}))
	defer srv.Close()
	u := srv.URL

	r := fixture()
	bait := []string{
		`<img src="` + u + `/img.png">`,
		`<script src="` + u + `/x.js"></script>`,
		`<link rel="stylesheet" href="` + u + `/x.css">`,
		`<iframe src="` + u + `/frame"></iframe>`,
		`<style>@import url(` + u + `/imp.css);</style>`,
		`<svg><image href="` + u + `/svg.png"/></svg>`,
		`<a href="javascript:document.title='PW'+'NED'">x</a>`,
	}
	for i, b := range bait {
		r.Findings = append(r.Findings, finding.Finding{
			Rule: "ci/bait", Severity: finding.High, Message: "bait " + b,
			Detail:      "![img](" + u + "/md.png) [link](" + u + "/link) <" + u + "/auto> " + b,
			Location:    finding.Location{Path: b, StartLine: i + 1},
			Evidence:    map[string]string{"value": b},
			Fingerprint: fmt.Sprintf("bait-%d", i),
		})
	}
	r.Normalize()
	var page bytes.Buffer
	if err := HTML(&page, r, Options{}); err != nil {
		t.Fatal(err)
	}
	checkHTMLSafe(t, page.Bytes())
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	dom, netlog := runChromium(t, bin, path, "--dump-dom")
	s := string(dom)
	if !strings.Contains(s, "Verdict: FAILED") {
		t.Errorf("the rendered page does not show the verdict:\n%.2000s", s)
	}
	if !strings.Contains(s, `class="js"`) {
		t.Error("our own script did not run: the CSP hash does not match it")
	}
	if !strings.Contains(s, "shown</output>") {
		t.Error("the filter did not initialise")
	}
	if strings.Contains(s, "PWNED") {
		t.Error("a script from the fixture ran")
	}
	if reqs := pageRequests(t, netlog); len(reqs) > 0 {
		t.Errorf("the page made requests: %v", reqs)
	}

	shot := filepath.Join(t.TempDir(), "report.png")
	_, netlog = runChromium(t, bin, path, "--window-size=1280,1600", "--screenshot="+shot)
	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 10_000 {
		t.Errorf("screenshot is not a plausible PNG (%d bytes)", len(png))
	}
	if reqs := pageRequests(t, netlog); len(reqs) > 0 {
		t.Errorf("the page made requests while taking the screenshot: %v", reqs)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the local server the fixture points at got %d request(s)", n)
	}

	// Control: the same checks see a page that does load and run things.
	control := filepath.Join(t.TempDir(), "control.html")
	if err := os.WriteFile(control, []byte(`<!DOCTYPE html><title>c</title><img src="`+u+`/control.png"><script src="`+u+`/control.js"></script>`), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, netlog = runChromium(t, bin, control, "--dump-dom")
	if hits.Load() == 0 || len(pageRequests(t, netlog)) == 0 || !strings.Contains(string(dom), "PWNED") {
		t.Errorf("the checks do not detect a page that loads a script (hits %d, requests %v)", hits.Load(), pageRequests(t, netlog))
	}
}
