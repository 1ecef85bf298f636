package pipeline

import (
	"path"
	"slices"
	"strings"
	"sync"
)

// Deploys are recognised by what a step does, not by what a job is called:
// the commands of its parsed script (an endpoint update, a registry
// promotion, a serverless, container or Kubernetes deploy, `terraform
// apply`, a model upload, a package publish, a release), the action it
// runs, or a repository Python script it runs that calls a deploy API of an
// ML platform SDK.

// deployHit is one deploy a step makes.
type deployHit struct {
	Kind, What string
	Model      bool
	// Line is the script line (1-based), 0 for an action.
	Line int
	// Pos is where the deploy is, set by stepDeploys; Seq orders it among
	// the gates and deploys of its step (the command's index).
	Pos Pos
	Seq int
}

// cmdSpec matches a command: the program and sub-commands as a
// subsequence of the positional words, a flag one of which must be there,
// flags none of which may be.
type cmdSpec struct {
	// text and flagText are the spec as written; parse fills the fields
	// below from them when deployByProgram is first built, not at start-up.
	text     string
	flagText []string

	words []string
	kind  string
	model bool
	need  []string
	not   []string
	// pos and flags split words: the program and subcommands, and the
	// flags the command must have.
	pos, flags []string
}

func spec(kind string, model bool, words string, flags ...string) cmdSpec {
	return cmdSpec{text: words, flagText: flags, kind: kind, model: model}
}

// parse splits the spec's text into its words, positional and flags.
func (s cmdSpec) parse() cmdSpec {
	s.words = strings.Fields(s.text)
	for _, w := range s.words {
		if strings.HasPrefix(w, "-") {
			s.flags = append(s.flags, w)
		} else {
			s.pos = append(s.pos, w)
		}
	}
	for _, f := range s.flagText {
		if strings.HasPrefix(f, "!") {
			s.not = append(s.not, f[1:])
		} else {
			s.need = append(s.need, f)
		}
	}
	return s
}

// dryRun are flags that make a deploy command only show what it would do.
var dryRun = []string{"!--dry-run", "!--dryrun", "!--check", "!--diff", "!--preview", "!--snapshot"}

func specs(kind string, model bool, words ...string) []cmdSpec {
	var out []cmdSpec
	for _, w := range words {
		out = append(out, spec(kind, model, w, dryRun...))
	}
	return out
}

// deployCmds returns the commands that deploy, by kind; deployByProgram
// builds them on first use, not at start-up.
func deployCmds() []cmdSpec {
	return concat(
		specs("endpoint", true,
			"gcloud ai endpoints deploy-model", "gcloud ai-platform versions create", "gcloud ai-platform predict",
			"az ml online-deployment create", "az ml online-deployment update", "az ml online-endpoint create", "az ml online-endpoint update",
			"az ml batch-deployment create", "az ml batch-deployment update",
			"aws sagemaker create-endpoint", "aws sagemaker update-endpoint",
			"mlflow deployments create", "mlflow deployments update", "bentoml deploy", "truss push", "databricks serving-endpoints create", "databricks serving-endpoints update-config"),
		specs("registry-promotion", true,
			"gto assign", "gto promote", "az ml model create", "gcloud ai models upload", "aws sagemaker create-model-package", "aws sagemaker update-model-package"),
		specs("model-upload", true,
			"huggingface-cli upload", "hf upload", "ollama push", "cog push", "replicate push"),
		specs("serverless", false,
			"gcloud functions deploy", "gcloud run deploy", "gcloud run services update", "gcloud run services replace", "gcloud app deploy",
			"aws lambda update-function-code", "aws lambda create-function", "serverless deploy", "sls deploy", "sam deploy",
			"netlify deploy --prod", "firebase deploy", "fly deploy", "flyctl deploy", "wrangler deploy", "wrangler publish",
			"az functionapp deployment", "func azure functionapp publish", "az webapp deploy", "az webapp up", "az containerapp update", "az containerapp up",
			"heroku container:release", "railway up", "zappa deploy", "zappa update", "chalice deploy", "modal deploy", "databricks bundle deploy",
			"anyscale service rollout", "anyscale service deploy"),
		specs("container", false,
			"docker push", "podman push", "buildah push", "crane push", "crane copy", "skopeo copy", "docker compose push", "docker-compose push",
			"gcloud builds submit", "aws ecs update-service", "az acr build", "ko build", "ko publish"),
		specs("kubernetes", false,
			"kubectl apply", "kubectl set image", "kubectl rollout restart", "kubectl rollout undo", "kubectl replace", "oc apply", "oc rollout",
			"helm upgrade", "helm install", "helmfile apply", "helmfile sync", "skaffold run", "skaffold deploy", "argocd app sync", "ko apply", "kustomize edit set image"),
		specs("infrastructure", false,
			"terraform apply", "tofu apply", "terragrunt apply", "terragrunt run-all apply", "pulumi up", "cdk deploy", "cdktf deploy",
			"aws cloudformation deploy", "aws cloudformation create-stack", "aws cloudformation update-stack", "az deployment group create", "az deployment sub create",
			"gcloud deployment-manager deployments create", "gcloud deployment-manager deployments update"),
		specs("package-publish", false,
			"npm publish", "yarn publish", "yarn npm publish", "pnpm publish", "twine upload", "uv publish", "poetry publish", "flit publish",
			"hatch publish", "pdm publish", "cargo publish", "gem push", "dotnet nuget push", "nuget push", "mvn deploy", "gradle publish",
			"lerna publish", "changeset publish", "vsce publish", "ovsx publish", "helm push", "helm cm-push", "anaconda upload"),
		specs("release", false,
			"gh release upload", "semantic-release", "release-it"),
		// A draft release publishes nothing: a person publishes it later.
		[]cmdSpec{spec("release", false, "gh release create", append(slices.Clone(dryRun), "!--draft")...)},
		specs("pages", false,
			"mkdocs gh-deploy", "gh-pages", "mike deploy --push", "ghp-import --push", "ghp-import -p"),
	)
}

// deployByProgram indexes deployCmds by program, in their order, parsed
// on first use.
var deployByProgram = sync.OnceValue(func() map[string][]cmdSpec {
	m := map[string][]cmdSpec{}
	for _, sp := range deployCmds() {
		sp = sp.parse()
		m[sp.pos[0]] = append(m[sp.pos[0]], sp)
	}
	return m
})

func concat[T any](ls ...[]T) []T {
	var out []T
	for _, l := range ls {
		out = append(out, l...)
	}
	return out
}

// matches reports whether the command matches the spec. A spec word
// starting with "-" is a flag the command must carry.
func (sp cmdSpec) matches(c command) bool {
	if !c.has(sp.pos...) {
		return false
	}
	for _, f := range sp.flags {
		if !c.flag(f) {
			return false
		}
	}
	if len(sp.need) > 0 && !c.flag(sp.need...) {
		return false
	}
	return len(sp.not) == 0 || !c.flag(sp.not...)
}

// commandDeploy returns the deploy a command makes, if any.
func commandDeploy(c command) (deployHit, bool) {
	if len(c.Words) == 0 || c.Words[0] == "" {
		return deployHit{}, false
	}
	switch c.tool() {
	case "echo", "printf", "cat", "#":
		return deployHit{}, false
	case "vercel":
		if c.flag("--prod") {
			return deployHit{Kind: "serverless", What: c.text(), Line: c.Line}, true
		}
	case "docker", "podman":
		// `docker build --push`, `docker buildx build --push`, `buildx bake --push`.
		if (c.has(c.tool(), "build") || c.has(c.tool(), "buildx", "build") || c.has(c.tool(), "buildx", "bake")) && c.flag("--push") {
			return deployHit{Kind: "container", What: c.text(), Line: c.Line}, true
		}
	case "goreleaser":
		pos := c.positional()
		if (len(pos) == 1 || pos[1] == "release") && !c.flag("--snapshot", "--skip-publish", "--skip=publish") {
			return deployHit{Kind: "release", What: c.text(), Line: c.Line}, true
		}
		return deployHit{}, false
	case "hf", "huggingface-cli":
		if c.has(c.tool(), "upload") {
			model := true
			if v, ok := c.flagValue("--repo-type"); ok && v != "model" {
				model = false
			}
			return deployHit{Kind: "model-upload", What: c.text(), Model: model, Line: c.Line}, true
		}
	}
	pos := c.positional()
	if len(pos) == 0 {
		return deployHit{}, false
	}
	for _, sp := range deployByProgram()[pos[0]] {
		if sp.matches(c) {
			return deployHit{Kind: sp.kind, What: c.text(), Model: sp.model, Line: c.Line}, true
		}
	}
	return deployHit{}, false
}

// deployActionSpec is an action that deploys.
type deployActionSpec struct {
	prefix, kind string
	model        bool
	// input, when set, must be given and not "false" for the action to
	// deploy (docker/build-push-action's push).
	input string
}

var deployActions = []deployActionSpec{
	{prefix: "aws-actions/amazon-ecs-deploy-task-definition", kind: "container"},
	{prefix: "aws-actions/aws-cloudformation-github-deploy", kind: "infrastructure"},
	{prefix: "aws-actions/aws-lambda-deploy", kind: "serverless"},
	{prefix: "google-github-actions/deploy-cloudrun", kind: "serverless"},
	{prefix: "google-github-actions/deploy-cloud-functions", kind: "serverless"},
	{prefix: "google-github-actions/deploy-appengine", kind: "serverless"},
	{prefix: "azure/webapps-deploy", kind: "serverless"},
	{prefix: "azure/functions-action", kind: "serverless"},
	{prefix: "azure/container-apps-deploy-action", kind: "serverless"},
	{prefix: "azure/aci-deploy", kind: "container"},
	{prefix: "azure/k8s-deploy", kind: "kubernetes"},
	{prefix: "azure/arm-deploy", kind: "infrastructure"},
	{prefix: "azure/static-web-apps-deploy", kind: "pages"},
	{prefix: "actions/deploy-pages", kind: "pages"},
	{prefix: "peaceiris/actions-gh-pages", kind: "pages"},
	{prefix: "jamesives/github-pages-deploy-action", kind: "pages"},
	{prefix: "cloudflare/pages-action", kind: "pages"},
	{prefix: "cloudflare/wrangler-action", kind: "serverless"},
	{prefix: "amondnet/vercel-action", kind: "serverless", input: "vercel-args"},
	{prefix: "superfly/flyctl-actions", kind: "serverless"},
	{prefix: "pypa/gh-action-pypi-publish", kind: "package-publish"},
	{prefix: "js-devtools/npm-publish", kind: "package-publish"},
	{prefix: "softprops/action-gh-release", kind: "release"},
	{prefix: "ncipollo/release-action", kind: "release"},
	{prefix: "actions/create-release", kind: "release"},
	{prefix: "goreleaser/goreleaser-action", kind: "release"},
	{prefix: "docker/build-push-action", kind: "container", input: "push"},
	{prefix: "changesets/action", kind: "package-publish", input: "publish"},
	{prefix: "deliverybot/helm", kind: "kubernetes"},
	{prefix: "hashicorp/tfc-workflows-github/actions/apply-run", kind: "infrastructure"},
	{prefix: "rajatjindal/krew-release-bot", kind: "package-publish"},
	{prefix: "googleapis/release-please-action", kind: "release"},
	{prefix: "google-github-actions/release-please-action", kind: "release"},
}

// actionDeploy returns the deploy an action step makes, if any.
func actionDeploy(s *Step) (deployHit, bool) {
	if s.Uses == "" {
		return deployHit{}, false
	}
	bare, _, _ := strings.Cut(s.Uses, "@")
	name := strings.ToLower(bare)
	for _, d := range deployActions {
		if !underPrefix(name, d.prefix) {
			continue
		}
		if d.input != "" {
			kv, ok := lookupWith(s, d.input)
			v := strings.ToLower(trimQuotes(kv.Value))
			if !ok || v == "false" || v == "" {
				return deployHit{}, false
			}
			if d.input == "vercel-args" && !strings.Contains(v, "--prod") {
				return deployHit{}, false
			}
		}
		if d.prefix == "goreleaser/goreleaser-action" {
			if kv, ok := lookupWith(s, "args"); ok && (strings.Contains(kv.Value, "--snapshot") || strings.Contains(kv.Value, "check") || strings.Contains(kv.Value, "build ")) {
				return deployHit{}, false
			}
		}
		return deployHit{Kind: d.kind, What: bare, Model: d.model}, true
	}
	return deployHit{}, false
}

// underPrefix reports whether name is prefix or below it (prefix + "/…").
func underPrefix(name, prefix string) bool {
	return strings.HasPrefix(name, prefix) && (len(name) == len(prefix) || name[len(prefix)] == '/')
}

// sdkDeploys are calls of ML platform SDKs, in a Python script a step runs,
// that deploy a model or promote it in a registry.
var sdkDeploys = []struct{ call, kind, what string }{
	{"create_stack(", "infrastructure", "CloudFormation create_stack"},
	{"update_stack(", "infrastructure", "CloudFormation update_stack"},
	{".deploy(", "endpoint", "SageMaker/Vertex AI SDK deploy"},
	{"update_endpoint(", "endpoint", "SageMaker update_endpoint"},
	{"create_endpoint(", "endpoint", "SageMaker create_endpoint"},
	{"online_deployments.begin_create_or_update(", "endpoint", "Azure ML online deployment"},
	{"online_endpoints.begin_create_or_update(", "endpoint", "Azure ML online endpoint"},
	{"transition_model_version_stage(", "registry-promotion", "MLflow stage transition"},
	{"set_registered_model_alias(", "registry-promotion", "MLflow model alias"},
	{"Model.upload(", "registry-promotion", "Vertex AI Model.upload"},
	{"upload_folder(", "model-upload", "Hugging Face upload_folder"},
	{"upload_file(", "model-upload", "Hugging Face upload_file"},
	{"push_to_hub(", "model-upload", "Hugging Face push_to_hub"},
}

// sdkImports must appear in the script for sdkDeploys to count.
var sdkImports = []string{"sagemaker", "aiplatform", "azure.ai.ml", "mlflow", "huggingface_hub", "transformers", "cloudformation"}

// scriptDeploys reads the Python scripts a step runs and returns the
// deploys their SDK calls make.
func (a *analysis) scriptDeploys(s *Step) []deployHit {
	var out []deployHit
	for _, inv := range a.invocations(s) {
		if inv.Lang != "python" || inv.Path == "" {
			continue
		}
		text := a.scriptSource(inv.Path)
		if text == "" || !hasAny(text, sdkImports) {
			continue
		}
		for _, d := range sdkDeploys {
			if !strings.Contains(text, d.call) {
				continue
			}
			if d.call == ".deploy(" && !strings.Contains(text, "sagemaker") && !strings.Contains(text, "aiplatform") {
				continue
			}
			if (d.call == "upload_file(" || d.call == "upload_folder(") && !strings.Contains(text, "huggingface_hub") {
				continue
			}
			model := d.kind != "infrastructure" || strings.Contains(text, "sagemaker")
			out = append(out, deployHit{Kind: d.kind, What: d.what + " in " + path.Clean(inv.Path), Model: model, Pos: inv.Line})
			break
		}
	}
	return out
}

// scriptSource returns a repository script's text, read once per analysis
// and capped; "" when it cannot be read.
func (a *analysis) scriptSource(p string) string {
	p = repoPath(p)
	if p == "" || a.fsys == nil {
		return ""
	}
	g := a.gi()
	if t, ok := g.sources[p]; ok {
		return t
	}
	if len(g.sources) >= maxScripts {
		return ""
	}
	b, err := readCapped(a.fsys, p)
	t := ""
	if err == nil {
		t = string(b)
	}
	g.sources[p] = t
	return t
}

// modelWords mark a deploy as a model's when its command names one.
var modelWords = []string{"model", "sagemaker", "vertex", "endpoint", "huggingface", "mlflow", "bentoml", "triton", "kserve", "seldon", "onnx", "torchserve"}

// stepDeploys returns the deploys a step makes.
func (a *analysis) stepDeploys(s *Step) []deployHit {
	if d, ok := actionDeploy(s); ok {
		d.Pos = s.Where()
		return []deployHit{d}
	}
	var out []deployHit
	for n, c := range a.commands(s) {
		if d, ok := commandDeploy(c); ok {
			d.Seq = n
			if !d.Model && (d.Kind == "serverless" || d.Kind == "container" || d.Kind == "kubernetes") && hasAny(strings.ToLower(c.text()), modelWords) {
				d.Model = true
			}
			d.Pos = lineOf(s, c.Line)
			if s.Origin != nil {
				d.Pos = s.Where()
			}
			out = append(out, d)
		}
	}
	for _, d := range a.scriptDeploys(s) {
		d.Seq = a.commandIndex(s, d.Pos)
		out = append(out, d)
	}
	for _, sc := range a.shellScripts(s) {
		for _, c := range sc.cmds {
			if d, ok := commandDeploy(c); ok {
				d.Seq = a.commandIndex(s, sc.at)
				d.What += " (in " + sc.path + ")"
				d.Pos = sc.at
				if !d.Model && (d.Kind == "serverless" || d.Kind == "container" || d.Kind == "kubernetes") && hasAny(strings.ToLower(c.text()), modelWords) {
					d.Model = true
				}
				out = append(out, d)
			}
		}
	}
	return out
}

// commandIndex returns the index of the first command of the step's script
// on the line at p, for ordering what a script a step runs does.
func (a *analysis) commandIndex(s *Step, p Pos) int {
	for n, c := range a.commands(s) {
		if lineOf(s, c.Line).Line >= p.Line {
			return n
		}
	}
	return 0
}

// shellScript is a repository shell script a step runs, with its commands.
type shellScript struct {
	path string
	at   Pos
	cmds []command
}

// shellScripts returns the repository shell scripts a step runs (one
// level: scripts they run in turn are not read). A script without `set -e`
// (or `-e` on its shebang) goes on after a failing command, so every
// command but the last is masked "no set -e".
func (a *analysis) shellScripts(s *Step) []shellScript {
	var out []shellScript
	for _, inv := range a.invocations(s) {
		if inv.Lang != "shell" || inv.Path == "" {
			continue
		}
		text := a.scriptSource(inv.Path)
		if text == "" {
			continue
		}
		at := inv.Line
		if s.Origin != nil {
			at = s.Where()
		}
		g := a.gi()
		key := "\x00file\x00" + inv.Path
		cmds, ok := g.cmds[key]
		if !ok {
			cmds = fileCommands(text)
			g.cmds[key] = cmds
		}
		out = append(out, shellScript{path: path.Clean(inv.Path), at: at, cmds: cmds})
	}
	return out
}

// fileCommands lists the commands of a shell script file.
func fileCommands(text string) []command {
	first, _, _ := strings.Cut(text, "\n")
	errexit := strings.HasPrefix(first, "#!") && strings.Contains(first, " -e")
	if !errexit {
		text = "set +e\n" + text
	}
	cmds := scriptCommands(text, false)
	if !errexit && len(cmds) > 0 {
		cmds = cmds[1:]
		for i := range cmds {
			cmds[i].Line--
			if cmds[i].Masked == "set +e" {
				cmds[i].Masked = "the script has no set -e"
			}
		}
	}
	return cmds
}
