package pipeline

import (
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var deployWithoutGate = finding.Rule{
	ID:      "ci/deploy-without-gate",
	Title:   "Deploy not tied to a blocking gate",
	Default: finding.Medium,
	Doc: "A job deploys — an endpoint update, a registry promotion, a serverless, container or\n" +
		"Kubernetes deploy, `terraform apply`, a model upload, a package publish, a release —\n" +
		"on a push, tag, release, schedule or `workflow_run` trigger, and no test or scan that\n" +
		"can fail stands before it: no earlier step of the job, no job it `needs` (GitLab: no job\n" +
		"of an earlier stage), no job of the workflow whose success a `workflow_run` job checks.\n" +
		"Gates that run beside the deploy, or that cannot fail (`continue-on-error`, `|| true`,\n" +
		"`allow_failure`, a literal metric), do not count. Whatever is on the branch is deployed,\n" +
		"checked or not. Deploying a model with no blocking evaluation gate (a threshold on its\n" +
		"metrics, a fairness check) is high: a worse model goes to production unnoticed.\n\n" +
		"Make the deploy job need the gate jobs:\n\n" +
		"```yaml\njobs:\n  test: ...\n  evaluate:\n    steps:\n      - run: python evaluate.py --min-accuracy 0.9\n  deploy:\n    needs: [test, evaluate]\n```\n\n" +
		"Deploys started only by hand (`workflow_dispatch`) or only on pull requests (previews)\n" +
		"are not reported; Cloud Build files are in the inventory but not checked (their\n" +
		"triggers are configured outside the repository). The gate inventory in the report\n" +
		"lists every gate and deploy and which gate blocks which deploy.",
	Controls: []string{"SOC2:CC8.1", "ISO42001:A.6.2.4", "ISO42001:A.6.2.5", "NIST-AI-RMF:MANAGE-1.1", "EU-AI-Act:Art.15"},
}

func init() { register(deployWithoutGate, checkDeployWithoutGate) }

// deployTriggers are the events on which a deploy reaches production
// without a person choosing to.
var deployTriggers = []string{"push", "release", "workflow_run", "schedule", "create", "registry_package", "deployment", "repository_dispatch", "pipeline", "trigger", "api", "tag"}

// deployEvents returns the job's triggers that deploy unattended.
func deployEvents(j *Job) []string {
	var out []string
	for _, t := range j.Pipeline.EffectiveTriggers() {
		if slices.Contains(deployTriggers, t) {
			out = append(out, t)
		}
	}
	if j.Pipeline.Kind == GitLab && strings.Contains(j.If, "merge_request_event") && !strings.Contains(j.If, "!=") && !strings.Contains(j.If, "||") {
		return nil
	}
	return out
}

func checkDeployWithoutGate(a *analysis) {
	g := a.gateInventory()
	byJob := map[*Job][]*deployUse{}
	var order []*Job
	for _, d := range g.deploys {
		if d.Job.Pipeline.Kind == CloudBuild || d.Job.Pipeline.Kind == Action {
			continue
		}
		if _, ok := byJob[d.Job]; !ok {
			order = append(order, d.Job)
		}
		byJob[d.Job] = append(byJob[d.Job], d)
	}
	for _, j := range order {
		evs := deployEvents(j)
		if len(evs) == 0 {
			continue
		}
		ds := byJob[j]
		var model *deployUse
		kinds := map[string]bool{}
		for _, d := range ds {
			if d.Model && model == nil {
				model = d
			}
			for _, gu := range d.Gates {
				if gu.Kind != "approval" {
					kinds[gu.Kind] = true
				}
			}
		}
		first := ds[0]
		e := ev("job", j.ID, "deploy", first.What, "kind", first.Kind, "triggers", strings.Join(evs, ", "))
		if first.Approval != "" {
			e["approval"] = first.Approval
		}
		switch {
		case model != nil && !kinds["evaluation"] && !kinds["fairness"]:
			e["deploy"], e["kind"] = model.What, model.Kind
			f := a.report(deployWithoutGate, model.Pos, e, "job %q deploys a model (%s) on %s with no blocking evaluation gate", j.ID, model.Kind, strings.Join(evs, ", "))
			f.Severity = finding.High
		case len(kinds) == 0:
			a.report(deployWithoutGate, first.Pos, e, "job %q deploys (%s) on %s with no blocking test or scan gate", j.ID, first.Kind, strings.Join(evs, ", "))
		}
	}
}
