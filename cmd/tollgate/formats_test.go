package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScanThreeFormatsOneRun is the README's promise: one scan writes the
// HTML report, SARIF and Markdown together.
func TestScanThreeFormatsOneRun(t *testing.T) {
	brokenRepo(t)
	out := t.TempDir()
	html, sarif, md := filepath.Join(out, "report.html"), filepath.Join(out, "out.sarif"), filepath.Join(out, "report.md")
	code, _, errOut := tollgate(t, "scan", "--now", "2026-01-02T15:04:05Z",
		"--format", "html="+html, "--format", "sarif="+sarif, "--format", "markdown="+md, ".")
	if code != exitGate {
		t.Errorf("exit = %d, want %d; stderr:\n%s", code, exitGate, errOut)
	}
	h, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(h), "Verdict: FAILED") {
		t.Errorf("report.html: %v", err)
	}
	s, err := os.ReadFile(sarif)
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err != nil || json.Unmarshal(s, &log) != nil || log.Version != "2.1.0" || len(log.Runs[0].Results) == 0 {
		t.Errorf("out.sarif: %v\n%s", err, s)
	}
	m, err := os.ReadFile(md)
	if err != nil || !strings.Contains(string(m), "**Verdict: FAILED**") || !strings.Contains(string(m), "parse/error") {
		t.Errorf("report.md: %v\n%s", err, m)
	}
}
