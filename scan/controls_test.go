package scan

import (
	"testing"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
	"github.com/tollgate-dev/tollgate/report"
)

// TestControlsSection checks that the run ends with the controls section,
// judged on the findings after policy: a pipeline rule that fired fails its
// controls, one that ran quietly passes them, and a domain with nothing to
// look at (no Terraform here) gives no evidence.
func TestControlsSection(t *testing.T) {
	repo := gitrepo.New(t)
	repo.Commit("init", map[string]string{
		".github/workflows/deploy.yml": "on: push\npermissions: {}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: kubectl apply -f k8s/\n",
	})
	r := run(t, repo.Dir, Options{Only: []string{"pipeline", "iac"}})
	if r.Governance == nil || r.Governance.Controls == nil {
		t.Fatal("no controls section")
	}
	c := r.Governance.Controls
	status := map[string]report.Control{}
	for _, ctl := range c.Controls {
		status[ctl.ID] = ctl
	}
	for id, want := range map[string]string{
		"ISO42001:A.6.2.5": "fail",        // ci/deploy-without-environment
		"SOC2:CC6.3":       "pass",        // ci/write-all-permissions ran quietly
		"SOC2:CC1.3":       "no-evidence", // tf rules: no Terraform file
		"EU-AI-Act:Art.53": "no-evidence",
		"ISO42001:A.7.5":   "no-evidence", // mlops found no machine-learning asset
	} {
		if got := status[id].Status; got != want {
			t.Errorf("%s: status %q, want %q (%+v)", id, got, want, status[id])
		}
	}
	if c.Total == 0 || c.WithEvidence == 0 || c.WithEvidence >= c.Total {
		t.Errorf("with evidence %d of %d", c.WithEvidence, c.Total)
	}
}

// TestTemplateCoverageSection checks that the policy's templates block
// reaches the pipeline domain and the coverage reaches the report, where it
// counts as evidence for the controls of standard templates.
func TestTemplateCoverageSection(t *testing.T) {
	repo := gitrepo.New(t)
	repo.Commit("init", map[string]string{
		".tollgate.hcl": "templates {\n  approved = [\"my-org/ci-templates/.github/workflows/*.yml\"]\n}\n",
		".github/workflows/deploy.yml": "on: push\npermissions: {}\njobs:\n" +
			"  deploy:\n    uses: my-org/ci-templates/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567\n" +
			"  deploy-docs:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    environment: docs\n    steps:\n      - run: firebase deploy\n",
	})
	r := run(t, repo.Dir, Options{Only: []string{"pipeline"}})
	if r.Governance == nil || r.Governance.Templates == nil {
		t.Fatal("no template coverage")
	}
	tc := r.Governance.Templates
	if tc.Total != 2 || tc.Covered != 1 || len(tc.Approved) != 1 {
		t.Errorf("coverage %d of %d, approved %v", tc.Covered, tc.Total, tc.Approved)
	}
	has(t, lines(r), ".github/workflows/deploy.yml:6:3 ci/template-not-approved")
	for _, ctl := range r.Governance.Controls.Controls {
		if ctl.ID == "SOC2:CC5.3" && (ctl.Status != "fail" || len(ctl.Inventories) != 1 || ctl.Inventories[0] != "templates") {
			t.Errorf("SOC2:CC5.3 = %+v", ctl)
		}
	}
}
