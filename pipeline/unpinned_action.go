package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

var unpinnedAction = finding.Rule{
	ID:      "ci/unpinned-action",
	Title:   "Action or reusable workflow not pinned to a commit SHA",
	Default: finding.Medium,
	Doc: "A `uses:` reference names a tag or branch (`actions/checkout@v4`, `@main`) instead of a full\n" +
		"40-character commit SHA. Tags and branches are mutable: whoever controls the action's\n" +
		"repository can change what your pipeline runs, with your secrets and token (the\n" +
		"tj-actions/changed-files compromise of March 2025 rewrote every tag).\n\n" +
		"Pin to the commit and keep the version in a comment, which Dependabot and Renovate update:\n\n" +
		"```yaml\n- uses: actions/checkout@08eba0b27e820071cde6df949e0beb9ba4906955 # v4.3.0\n```\n\n" +
		"Local actions (`./...`) are part of the repository and are not flagged; Docker images must\n" +
		"be pinned by `@sha256:` digest. AI actions are reported by `ci/ai-unpinned` instead.\n\n" +
		"GitLab: a `remote:` include, a `project:` include without a `ref:` that is a commit SHA, and\n" +
		"a `component:` whose version is not a SHA are the same risk (GitLab's own `template:`\n" +
		"includes are not flagged).\n\n" +
		"Judged by who owns the action: GitHub's own actions (`actions/*`, `github/*`) pinned to a\n" +
		"version tag (`@v4`, `@v4.2.1`) are reported at info, the pedantic level, as zizmor's default\n" +
		"policy allows them; the regular persona hides them and they never fail the default\n" +
		"`fail_on`. A branch (`actions/checkout@main`) and every other owner's tag stay medium.",
	Controls: []string{"SOC2:CC8.1", "NIST-AI-RMF:MANAGE-3.1", "ISO42001:A.10.3"},
}

func init() { register(unpinnedAction, checkUnpinnedAction) }

var fullSHA = lazyre.New(`^[0-9a-f]{40}$`)

// isFullSHA is fullSHA.MatchString without the regexp: 40 lower-case hex
// digits.
func isFullSHA(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// pinned reports whether a uses: reference is immutable.
func pinned(uses string) bool {
	if strings.HasPrefix(uses, "./") || strings.HasPrefix(uses, "../") {
		return true
	}
	if img, ok := strings.CutPrefix(uses, "docker://"); ok {
		return strings.Contains(img, "@sha256:")
	}
	_, ref, ok := strings.Cut(uses, "@")
	return ok && isFullSHA(ref)
}

// versionTag matches a release tag: v4, v4.2, 4.2.1, v1.0.0-beta.
var versionTag = lazyre.New(`^v?[0-9]+(\.[0-9]+)*([-+][0-9A-Za-z.-]+)?$`)

// firstPartyTag reports whether a uses: reference is one of GitHub's own
// actions (actions/*, github/*) on a version tag, which zizmor's default
// policy accepts without a SHA.
func firstPartyTag(uses string) bool {
	name, ref, ok := strings.Cut(uses, "@")
	owner, _, _ := strings.Cut(name, "/")
	owner = strings.ToLower(owner)
	return ok && (owner == "actions" || owner == "github") && versionTag.MatchString(ref)
}

func checkUnpinnedAction(a *analysis) {
	for _, p := range a.pipelines {
		if p.Kind == GitLab {
			for _, in := range p.Includes {
				switch {
				case in.Type == "remote":
					a.report(unpinnedAction, in.Pos, ev("include", in.Location), "remote include %q can change without a commit here; vendor it or include a pinned project ref", in.Location)
				case in.Type == "project" && !isFullSHA(in.Ref):
					ref := in.Ref
					if ref == "" {
						ref = "the default branch"
					}
					a.report(unpinnedAction, in.Pos, ev("include", in.Location), "project include %q follows %s, not a commit SHA", in.Project, ref)
				case in.Type == "component":
					if _, ver, _ := strings.Cut(in.Location, "@"); !isFullSHA(ver) {
						a.report(unpinnedAction, in.Pos, ev("include", in.Location), "component %q is not pinned to a commit SHA", in.Location)
					}
				}
			}
			continue
		}
		for _, j := range p.Jobs {
			if j.Uses != "" && !pinned(j.Uses) && !strings.Contains(j.Uses, "${{") {
				a.report(unpinnedAction, j.UsesPos, ev("uses", j.Uses), "reusable workflow %q is not pinned to a commit SHA", j.Uses)
			}
			for _, s := range j.Steps {
				if s.Uses == "" || pinned(s.Uses) || strings.Contains(s.Uses, "${{") {
					continue
				}
				if aiprofiles.Lookup(s.Uses) != nil {
					continue // ci/ai-unpinned reports AI actions
				}
				f := a.report(unpinnedAction, s.UsesPos, ev("uses", s.Uses), "action %q is not pinned to a commit SHA", s.Uses)
				if firstPartyTag(s.Uses) {
					f.Severity = finding.Info
					finding.MarkPedantic(f)
					f.Evidence["owner"] = "first-party (GitHub), version tag"
				}
			}
		}
	}
}
