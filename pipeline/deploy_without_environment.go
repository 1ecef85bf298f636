package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"
	"sync"

	"github.com/tollgate-dev/tollgate/finding"
)

var deployWithoutEnvironment = finding.Rule{
	ID:      "ci/deploy-without-environment",
	Title:   "Deploy job without an environment",
	Default: finding.Medium,
	Doc: "A job that deploys or publishes (its name says deploy, or it runs `kubectl apply`,\n" +
		"`terraform apply`, `helm upgrade`, `npm publish`, a Pages or cloud deploy action...) has\n" +
		"no `environment:`. Environments are where GitHub and GitLab put required reviewers,\n" +
		"wait timers, branch restrictions and environment-scoped secrets, and they record every\n" +
		"deployment. Without one, anyone who can push to a triggering branch deploys.\n\n" +
		"```yaml\njobs:\n  deploy:\n    environment: production\n```\n\n" +
		"GitLab: `environment: production` (with protected environments for approval).",
	Controls: []string{"SOC2:CC8.1", "ISO42001:A.6.2.5"},
}

func init() { register(deployWithoutEnvironment, checkDeployWithoutEnvironment) }

var (
	deployName = lazyre.New(`(?i)(^|[^a-z])deploy`)
	// notDeploy marks jobs that only test or check a deployment.
	notDeploy    = lazyre.New(`(?i)test|check|lint|dry|validate|verify|preview|plan`)
	deployCmd    = lazyre.New(`(?i)\b(kubectl\s+(apply|rollout|set\s+image)|helm\s+(upgrade|install)|terraform\s+apply|tofu\s+apply|pulumi\s+up|aws\s+(s3\s+sync|ecs\s+update-service|lambda\s+update-function-code|cloudformation\s+deploy)|gcloud\s+(app|run|functions)\s+deploy|az\s+webapp\s+deploy|firebase\s+deploy|vercel\s+.*--prod|netlify\s+deploy\s+.*--prod|fly(ctl)?\s+deploy|(serverless|sls)\s+deploy|npm\s+publish|cargo\s+publish|twine\s+upload|gem\s+push|(uv|poetry)\s+publish)\b`)
	deployAction = []string{
		"actions/deploy-pages", "peaceiris/actions-gh-pages", "jamesives/github-pages-deploy-action",
		"aws-actions/amazon-ecs-deploy-task-definition", "azure/webapps-deploy", "azure/functions-action",
		"google-github-actions/deploy-", "pypa/gh-action-pypi-publish", "cloudflare/wrangler-action",
		"amondnet/vercel-action", "superfly/flyctl-actions",
	}
)

// deployWords are cheap substrings every deploy command contains; lines
// without one skip the regexp.
var deployWords = []string{"kubectl", "helm", "apply", "pulumi", "aws", "gcloud", "az ", "deploy", "publish", "twine", "gem push"}

// deployWordSet is deployWords for wordSet.in, built on first use.
var deployWordSet = sync.OnceValue(func() *wordSet { return newWordSet(deployWords) })

// deploys returns why a job looks like a deployment, or "".
func deploys(j *Job) string {
	if (deployName.MatchString(j.ID) || deployName.MatchString(j.Name)) && !notDeploy.MatchString(j.ID+" "+j.Name) {
		return "its name"
	}
	for _, s := range j.Steps {
		if s.Uses != "" {
			name := strings.ToLower(s.Uses)
			for _, d := range deployAction {
				if strings.HasPrefix(name, d) {
					return "it runs " + strings.Split(s.Uses, "@")[0]
				}
			}
		}
		for _, l := range s.RunLines {
			if !deployWordSet().in(l.Text) {
				continue
			}
			if m := deployCmd.FindString(l.Text); m != "" && !strings.HasPrefix(strings.TrimSpace(l.Text), "#") && !strings.Contains(l.Text, "--dry-run") {
				return "it runs " + strings.Join(strings.Fields(m), " ")
			}
		}
	}
	return ""
}

func checkDeployWithoutEnvironment(a *analysis) {
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			if j.Environment != "" || j.Uses != "" || j.Trigger != "" {
				continue
			}
			why := deploys(j)
			if why == "" {
				continue
			}
			a.report(deployWithoutEnvironment, j.Pos, ev("job", j.ID, "reason", why), "job %q deploys (%s) without an environment", j.ID, why)
		}
	}
}
