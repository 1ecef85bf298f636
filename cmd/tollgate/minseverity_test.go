package main

import (
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
)

// TestCheckMinSeverity: check leaves info findings out unless asked, and
// --min-severity raises or lowers the bar of the text output.
func TestCheckMinSeverity(t *testing.T) {
	repo := gitrepo.New(t)
	repo.Commit("init", map[string]string{
		".gitlab-ci.yml": "deploy:\n  script: ./deploy.sh\n  when: manual\n",
	})
	t.Chdir(repo.Dir)
	const manual = "info: job \"deploy\" runs only when started by hand (ci/manual-job)"
	_, out, _ := tollgate(t, "check", ".")
	if strings.Contains(out, "ci/manual-job") {
		t.Errorf("check printed an info finding by default:\n%s", out)
	}
	_, out, errOut := tollgate(t, "check", "--min-severity", "info", ".")
	if !strings.Contains(out, manual) {
		t.Errorf("check --min-severity info lacks %q:\n%s\nstderr:\n%s", manual, out, errOut)
	}
	// The per-rule count line counts what the text output shows.
	if !strings.Contains(errOut, "tollgate: by rule (regular: info and above): ") || !strings.Contains(errOut, "ci/manual-job 1") {
		t.Errorf("check --min-severity info: stderr lacks the per-rule count line:\n%s", errOut)
	}
	// The regular persona (the default) is quiet on scan too; the
	// auditor sees info findings.
	_, out, _ = tollgate(t, "scan", "--skip", "risk", ".")
	if strings.Contains(out, "ci/manual-job") {
		t.Errorf("scan printed an info finding by default:\n%s", out)
	}
	_, out, _ = tollgate(t, "scan", "--skip", "risk", "--persona", "auditor", ".")
	if !strings.Contains(out, manual) {
		t.Errorf("scan --persona auditor lacks %q:\n%s", manual, out)
	}
	code, _, errOut := tollgate(t, "check", "--persona", "quiet", ".")
	if code != exitUsage || !strings.Contains(errOut, "--persona") {
		t.Errorf("check --persona quiet = %d, stderr %q; want a usage error", code, errOut)
	}
	_, out, _ = tollgate(t, "scan", "--skip", "risk", "--min-severity", "high", ".")
	if strings.Contains(out, ": low: ") || strings.Contains(out, ": info: ") || strings.Contains(out, ": medium: ") {
		t.Errorf("scan --min-severity high printed a lesser finding:\n%s", out)
	}
	code, _, errOut = tollgate(t, "check", "--min-severity", "severe", ".")
	if code != exitUsage || !strings.Contains(errOut, "--min-severity") {
		t.Errorf("check --min-severity severe = %d, stderr %q; want a usage error", code, errOut)
	}
}
