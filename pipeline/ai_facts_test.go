package pipeline

import (
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
)

func TestUntrustedFor(t *testing.T) {
	on := func(events ...string) *Pipeline {
		p := &Pipeline{Kind: GitHub}
		for _, e := range events {
			p.Triggers = append(p.Triggers, Trigger{Event: e})
		}
		return p
	}
	for _, c := range []struct {
		p    *Pipeline
		text string
		want string
	}{
		{nil, "${{ github.event.issue.title }}", "github.event.issue.title"},
		{on("schedule", "workflow_dispatch"), "${{ github.event.issue.title }}", ""},
		{on("schedule"), "${{ github.head_ref }}", ""},
		{on("issue_comment"), "${{ github.event.issue.body }}", "github.event.issue.body"},
		{on("issue_comment"), "${{ github.event.pull_request.title }}", ""},
		{on("pull_request_review"), "${{ github.event.pull_request.title }}", "github.event.pull_request.title"},
		{on("push"), "${{ github.event.head_commit.message }}", "github.event.head_commit.message"},
		{on("workflow_call"), "${{ github.event.issue.title }}", "github.event.issue.title"},
		{on(), "${{ github.event.comment.body }}", "github.event.comment.body"},
		{on("release", "workflow_dispatch"), "${{ github.event.inputs.body || github.event.release.body }}", "github.event.release.body"},
		{on("workflow_dispatch"), "${{ github.event.inputs.body || github.event.release.body }}", ""},
		{on("release"), "${{ github.event.release.tag_name }}", ""},
	} {
		var ev []string
		if c.p != nil {
			ev = c.p.EffectiveTriggers()
		}
		if got := untrustedFor(c.p, c.text); got != c.want {
			t.Errorf("untrustedFor(%v, %q) = %q, want %q", ev, c.text, got, c.want)
		}
	}
}

// TestReleaseInjectionSeverity checks that release text reaching a prompt
// is reported at medium: a maintainer publishes it, contributors' PR
// titles fill it.
func TestReleaseInjectionSeverity(t *testing.T) {
	n := 0
	for _, f := range analyseDir(t, "testdata/vectors").Findings {
		if f.Rule == aiPromptInjection.ID && f.Location.Path == ".github/workflows/release-notes.yml" {
			n++
			if f.Severity != finding.Medium {
				t.Errorf("release text in a prompt reported at %v, want medium", f.Severity)
			}
		}
	}
	if n != 1 {
		t.Errorf("release-notes.yml has %d prompt-injection findings, want 1", n)
	}
}
