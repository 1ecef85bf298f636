package prgate

import (
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/gitrepo"
)

// writeAllIgnored is writeAllYAML with a directive over its finding.
const writeAllIgnored = "on: push\n# tollgate:ignore ci/write-all-permissions the release job needs it\npermissions: write-all\nconcurrency: ci\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: echo hi\n"

// TestHeadDirectiveDoesNotCount: a pull request that brings a high finding
// and a directive that hides it fails its gate; the directive is reported.
func TestHeadDirectiveDoesNotCount(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".github/workflows/a.yml": goodYAML}))
	repo.Commit("head", map[string]string{".github/workflows/b.yml": writeAllIgnored})
	r := run(t, repo, Options{}).Report
	if g := gate(r); g.Passed {
		t.Errorf("findings gate passed with a directive the pull request adds: %+v", g)
	}
	fs := findingsOf(r, "ci/write-all-permissions")
	if len(fs) != 1 || fs[0].Suppressed != nil || fs[0].Evidence["suppression_added_in_pr"] != ".github/workflows/b.yml:2" {
		t.Fatalf("the finding must stay active, naming the directive: %+v", fs)
	}
	da := findingsOf(r, finding.DirectiveAddedInPR.ID)
	if len(da) != 1 || da[0].Location.Path != ".github/workflows/b.yml" || da[0].Location.StartLine != 2 ||
		!strings.Contains(da[0].Message, `"ci/write-all-permissions"`) {
		t.Errorf("directive finding = %+v; want one at b.yml:2 naming the rule", da)
	}
}

// TestBaseDirectiveStillCounts: a directive already in the base keeps
// suppressing, even when the pull request moves it.
func TestBaseDirectiveStillCounts(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".github/workflows/b.yml": writeAllIgnored}))
	repo.Commit("head", map[string]string{".github/workflows/b.yml": "# a comment moves every line down\n" + writeAllIgnored})
	r := run(t, repo, Options{})
	if g := gate(r.Report); !g.Passed {
		t.Errorf("gate failed on the base's own directive: %+v", g)
	}
	if fs := findingsOf(r.Report, "ci/write-all-permissions"); len(fs) != 1 || fs[0].Suppressed == nil {
		t.Errorf("the base's directive must still suppress: %+v", fs)
	}
	if da := findingsOf(r.Report, finding.DirectiveAddedInPR.ID); len(da) != 0 {
		t.Errorf("a directive of the base reported as added: %+v", da)
	}
}

// TestHeadDirectiveOverBaseFinding: a pull request that adds a directive
// over a finding the base already has is not blamed for the finding.
func TestHeadDirectiveOverBaseFinding(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".github/workflows/b.yml": writeAllYAML}))
	repo.Commit("head", map[string]string{".github/workflows/b.yml": writeAllIgnored})
	r := run(t, repo, Options{}).Report
	if g := gate(r); !g.Passed {
		t.Errorf("gate failed: %+v", g)
	}
	if da := findingsOf(r, finding.DirectiveAddedInPR.ID); len(da) != 0 {
		t.Errorf("directive over an existing finding reported: %+v", da)
	}
}
