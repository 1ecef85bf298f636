package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiStepInventory = finding.Rule{
	ID:      "ci/ai-step-inventory",
	Title:   "AI step in a pipeline (inventory)",
	Default: finding.Info,
	Doc: "Records every place where AI enters a pipeline: a step that runs an AI action (from the\n" +
		"offline table `pipeline/aiprofiles`: `anthropics/claude-code-action`,\n" +
		"`google-github-actions/run-gemini-cli`, `openai/codex-action`, `actions/ai-inference`...,\n" +
		"or a local copy of one), calls an AI CLI in a script (`claude`, `gemini`, `codex`, `aider`,\n" +
		"`llm`, `ollama run`, `aws bedrock-runtime`, `gh models`), calls an AI endpoint\n" +
		"(`api.openai.com`, `api.anthropic.com`, Azure OpenAI, Bedrock...), is handed an AI vendor's\n" +
		"secret (`*_API_KEY`, `HF_TOKEN`, `CLAUDE_CODE_OAUTH_TOKEN`), or a job granted `models: read`.\n\n" +
		"Recognition by behaviour: a step that runs a repository script (`python x.py`, `node x.js`,\n" +
		"`go run ./cmd/x`, `bash x.sh`) importing an AI SDK (openai, anthropic, google-genai,\n" +
		"huggingface_hub `InferenceClient`, litellm, langchain, ollama, the JS and Go SDKs), calling\n" +
		"an AI host or running an AI CLI; a secret with a vendor word in its name (any prefix or\n" +
		"suffix: `PROD_ANTHROPIC_KEY`, `HF_INFER`); any secret bound to a variable an SDK reads\n" +
		"(`HF_TOKEN: ${{ secrets.X }}`) in step, job, workflow, `container.env`, `services` env or a\n" +
		"reusable workflow's `secrets:`. A job-level key makes an AI step of the job's first step that\n" +
		"runs a program, and of each later one that uses it (live tests, tests of a non-unit path,\n" +
		"a further script, a step run only `if: env.KEY != ''`). A key that a job or step env sets\n" +
		"again (`OPENAI_API_KEY: ''`), or a step run only `if: env.KEY == ''`, makes none. A local\n" +
		"composite action's input that callers fill with an AI secret is a credential of the action\n" +
		"step that binds it and runs a program. A Hugging Face token used only to download weights or data sets\n" +
		"(`huggingface-cli download`, `from_pretrained`, `snapshot_download`) with no inference client,\n" +
		"host or CLI is not an AI step. The `recognised_by` evidence says why each step was counted.\n\n" +
		"Each finding is informational and carries the provider, the model (or `implicit`,\n" +
		"`from vars`), the triggers, the token's effective permissions and the secrets the step\n" +
		"sees; the report's AI section lists the same inventory. It is the register that AI\n" +
		"governance frameworks ask for. Turn it off with `rule \"ci/ai-step-inventory\" { enabled = false }`\n" +
		"if the report section is enough.",
	Controls: []string{"NIST-AI-RMF:MAP-1.1", "ISO42001:A.4.2", "EU-AI-Act:Art.12"},
}

func init() { register(aiStepInventory, checkAIStepInventory) }

func (u *AIUse) label() string {
	if u.Step == nil {
		return u.Job.ID
	}
	if u.Step.Origin != nil {
		return u.Step.Origin.Label()
	}
	return u.Step.Label()
}

func checkAIStepInventory(a *analysis) {
	for _, u := range a.ai {
		f := a.report(aiStepInventory, u.Pos, ev(
			"provider", u.Provider, "model", u.Model, "via", u.Via, "job", u.Job.ID,
			"triggers", strings.Join(u.Job.Pipeline.EffectiveTriggers(), ", "),
			"permissions", strings.Join(u.Job.PermissionList(), ", "),
			"secrets", strings.Join(u.Secrets, ", "),
			"recognised_by", u.whyText(),
		), "AI step %q runs %s model %q (%s)", u.label(), u.Provider, u.Model, viaText(u))
		if u.Endpoint != "" {
			f.Evidence["endpoint"] = u.Endpoint
		}
	}
}

func viaText(u *AIUse) string {
	switch u.Via {
	case "action":
		if u.Step != nil {
			st := u.Step
			if st.Origin != nil {
				st = st.Origin
			}
			return "action " + st.Uses
		}
	case "cli":
		return "CLI " + u.CLI.Name
	case "endpoint":
		return "endpoint " + u.Endpoint
	case "secret":
		return "given an AI vendor's key"
	case "script":
		return "script " + u.Script
	case "models-permission":
		return "models: read"
	}
	return u.Via
}
