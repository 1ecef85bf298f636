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
