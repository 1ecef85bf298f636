// Package aiprofiles is tollgate's offline table of how AI enters a CI
// pipeline: the actions that run models or agents, the CLIs called from
// scripts, the endpoints and the secret names of AI vendors. Each action
// profile names the upstream version of the action it was written from;
// the table is data, reviewed and versioned like code.
package aiprofiles

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"path"
	"strings"
)

// Version identifies this revision of the table.
const Version = "2026.12.5"

// Profile describes one AI action.
type Profile struct {
	// Actions are the `uses:` names (without @ref) this profile matches;
	// a trailing "/*" matches every action of an owner.
	Actions []string
	// Upstream names the version of the action the profile reflects.
	Upstream string
	// Provider is the AI vendor ("anthropic", "google", "openai"...).
	Provider string
	// Agent is true for agents that run tools (shell, file edits), false
	// for single-call inference and review bots.
	Agent bool

	// Input specs: "name" is a `with:` input; "name:--flag" is a flag in
	// that input's text (claude_args); "name:~regexp" is a regexp in it
	// (a JSON settings input). env:NAME reads an environment variable.
	Prompt   []string
	Model    []string
	Tools    []string
	Actors   []string
	MaxTurns []string
	// Logs are inputs that keep a record of the run when set truthy.
	Logs []string
	// Outputs are step outputs that carry model text.
	Outputs []string
	// DefaultModel is what runs when no model input is set: "implicit"
	// (the action's default) or a model id the action pins.
	DefaultModel string
	// Dangerous lists values that remove the agent's guard rails.
	Dangerous []Danger
	// ShellTools are tool names that give the agent a shell; unbounded
	// when listed without a command pattern.
	ShellTools []string
	// MaxTokens are inputs that cap tokens (single-call actions).
	MaxTokens []string
	// ActionNames are regexps matched against the `name:` of a local
	// action.yml, so a repository that uses its own copy (`uses: ./`) is
	// recognized too.
	ActionNames []string
	// CLIVersion are inputs that pin the CLI the action installs; when the
	// profile lists some and none is set, the CLI floats to "latest".
	CLIVersion []string
	// OIDC are inputs that, when set, make the action exchange the job's
	// OIDC token (Workload Identity Federation), so id-token: write is needed.
	OIDC []string
	// OIDCUnless are inputs that, when none is set, make the action
	// exchange the job's OIDC token for its own credential (claude-code-action
	// trades it for its GitHub App's token unless github_token is given).
	OIDCUnless []string
	// SettingsFile is the repository file the agent reads its settings
	// from (".claude/settings.json"); its "model" is the step's model when
	// no input names one. A `settings` input that is a path to a .json
	// file is read the same way.
	SettingsFile string
}

// Danger is an input value that disables an agent's safety.
type Danger struct {
	// Input is the input spec searched ("claude_args", "sandbox").
	Input string
	// Value is a regexp matched against the input's text.
	Value string
	// Why is shown in the finding.
	Why string
}

// Profiles is the table of AI actions.
var Profiles = []Profile{
	{
		Actions:  []string{"anthropics/claude-code-action"},
		Upstream: "anthropics/claude-code-action v1.0.x (inputs of action.yml at 24dcd50c); v0.x inputs kept",
		Provider: "anthropic", Agent: true,
		Prompt:       []string{"prompt", "direct_prompt", "override_prompt", "custom_instructions", "claude_args:--append-system-prompt", "claude_args:--system-prompt"},
		Model:        []string{"claude_args:--model", "model", "anthropic_model", "env:ANTHROPIC_MODEL", "settings:~\"model\"\\s*:\\s*\""},
		SettingsFile: ".claude/settings.json",
		Tools:        []string{"claude_args:--allowedTools", "claude_args:--allowed-tools", "allowed_tools", "settings:~\"allow\"\\s*:"},
		Actors:       []string{"allowed_non_write_users", "allowed_bots"},
		MaxTurns:     []string{"claude_args:--max-turns", "max_turns"},
		Logs:         []string{"claude_args:--output-format", "claude_args:--json-schema", "show_full_output", "track_progress", "display_report"},
		Outputs:      []string{"execution_file", "structured_output", "session_id"},
		DefaultModel: "implicit",
		Dangerous: []Danger{
			{Input: "claude_args", Value: `--dangerously-skip-permissions`, Why: "skips every permission prompt"},
			{Input: "claude_args", Value: `--permission-mode[= ]+["']?bypassPermissions`, Why: "bypasses permission checks"},
		},
		ShellTools:  []string{"Bash"},
		ActionNames: []string{`^Claude Code Action`},
		OIDC:        []string{"anthropic_federation_rule_id", "use_bedrock", "use_vertex", "use_foundry"},
		// src/github/token.ts setupGitHubToken: without github_token the
		// action calls core.getIDToken and exchanges it for an app token.
		OIDCUnless: []string{"github_token"},
	},
	{
		Actions:  []string{"anthropics/claude-code-action/base-action", "anthropics/claude-code-base-action"},
		Upstream: "anthropics/claude-code-action base-action (24dcd50c); anthropics/claude-code-base-action v0.0.x",
		Provider: "anthropic", Agent: true,
		Prompt:       []string{"prompt", "prompt_file", "system_prompt", "append_system_prompt", "claude_args:--append-system-prompt"},
		Model:        []string{"claude_args:--model", "model", "anthropic_model", "env:ANTHROPIC_MODEL", "settings:~\"model\"\\s*:\\s*\""},
		SettingsFile: ".claude/settings.json",
		Tools:        []string{"claude_args:--allowedTools", "claude_args:--allowed-tools", "allowed_tools", "settings:~\"allow\"\\s*:"},
		MaxTurns:     []string{"claude_args:--max-turns", "max_turns"},
		Logs:         []string{"claude_args:--output-format", "claude_args:--json-schema", "show_full_output"},
		Outputs:      []string{"execution_file", "structured_output", "conclusion"},
		DefaultModel: "implicit",
		Dangerous: []Danger{
			{Input: "claude_args", Value: `--dangerously-skip-permissions`, Why: "skips every permission prompt"},
			{Input: "claude_args", Value: `--permission-mode[= ]+["']?bypassPermissions`, Why: "bypasses permission checks"},
		},
		ShellTools:  []string{"Bash"},
		ActionNames: []string{`^Claude Code Base Action`},
		OIDC:        []string{"anthropic_federation_rule_id", "use_bedrock", "use_vertex", "use_foundry"},
	},
	{
		Actions:  []string{"google-github-actions/run-gemini-cli"},
		Upstream: "google-github-actions/run-gemini-cli v0.1.x (action.yml at 3ca2577f)",
		Provider: "google", Agent: true,
		Prompt:       []string{"prompt"},
		Model:        []string{"gemini_model", "settings:~\"model\"\\s*:\\s*\\{?\\s*\"name\"", "env:GEMINI_MODEL"},
		Tools:        []string{"settings:~\"core\"\\s*:", "settings:~\"allowed\"\\s*:"},
		MaxTurns:     []string{"settings:~maxSessionTurns"},
		Logs:         []string{"upload_artifacts", "settings:~\"telemetry\""},
		Outputs:      []string{"summary", "error"},
		DefaultModel: "implicit",
		Dangerous: []Danger{
			{Input: "gemini_cli_args", Value: `--yolo|(^|\s)-y(\s|$)`, Why: "accepts every tool call without confirmation"},
		},
		ShellTools:  []string{"run_shell_command", "ShellTool"},
		ActionNames: []string{`^Run Gemini CLI`},
		CLIVersion:  []string{"gemini_cli_version"},
		OIDC:        []string{"gcp_workload_identity_provider"},
	},
	{
		Actions:  []string{"openai/codex-action"},
		Upstream: "openai/codex-action v1.x (action.yml, 2025-10)",
		Provider: "openai", Agent: true,
		Prompt:       []string{"prompt", "prompt-file"},
		Model:        []string{"model", "codex-args:--model", "codex-args:-m"},
		Actors:       []string{"allow-users", "allow-bots"},
		Logs:         []string{"output-file", "output-schema", "output-schema-file"},
		Outputs:      []string{"final-message"},
		DefaultModel: "implicit",
		Dangerous: []Danger{
			{Input: "sandbox", Value: `danger-full-access`, Why: "runs the agent without a sandbox"},
			{Input: "safety-strategy", Value: `unsafe`, Why: "runs the agent with sudo and no isolation"},
			{Input: "codex-args", Value: `--dangerously-bypass-approvals-and-sandbox|--yolo|danger-full-access`, Why: "runs the agent without approvals or sandbox"},
		},
		CLIVersion: []string{"codex-version"},
	},
	{
		Actions:   []string{"actions/ai-inference"},
		Upstream:  "actions/ai-inference v2.x (action.yml, 2025-09); Copilot CLI backend inputs at 7379148d",
		Provider:  "github-models",
		Prompt:    []string{"prompt", "prompt-file", "system-prompt", "system-prompt-file"},
		Model:     []string{"model"},
		Logs:      []string{"response-file"},
		Outputs:   []string{"response", "response-file"},
		MaxTokens: []string{"max-tokens"},
		// Passed to the Copilot CLI as --allow-tool. No ActionNames: the
		// action's own tests run a local copy against a mock CLI.
		Tools:      []string{"copilot-allow-tools"},
		ShellTools: []string{"shell"},
		// The action pins a default model that changes between releases.
		DefaultModel: "implicit",
	},
	{
		Actions:      []string{"github/ai-moderator"},
		Upstream:     "github/ai-moderator v1.x (action.yml, 2025-09)",
		Provider:     "github-models",
		Model:        []string{"model"},
		DefaultModel: "implicit",
		Prompt:       []string{"custom-prompt-path"},
	},
	{
		Actions:      []string{"coderabbitai/*"},
		Upstream:     "coderabbitai/ai-pr-reviewer 1.16.x and openai-pr-reviewer (archived)",
		Provider:     "openai",
		Prompt:       []string{"system_message", "summarize", "summarize_release_notes"},
		Model:        []string{"openai_heavy_model", "openai_light_model"},
		DefaultModel: "implicit",
		MaxTokens:    []string{"openai_timeout_ms"},
	},
	{
		Actions:      []string{"qodo-ai/pr-agent", "Codium-ai/pr-agent"},
		Upstream:     "qodo-ai/pr-agent v0.2x (GitHub Action mode)",
		Provider:     "openai",
		Model:        []string{"env:config.model", "env:CONFIG.MODEL"},
		DefaultModel: "implicit",
	},
	{
		Actions:      []string{"anc95/ChatGPT-CodeReview"},
		Upstream:     "anc95/ChatGPT-CodeReview v1.0.x",
		Provider:     "openai",
		Prompt:       []string{"env:PROMPT"},
		Model:        []string{"env:MODEL"},
		MaxTokens:    []string{"env:max_tokens"},
		DefaultModel: "implicit",
	},
	{
		Actions:      []string{"freeedcom/ai-codereviewer", "aidar-freeed/ai-codereviewer"},
		Upstream:     "aidar-freeed/ai-codereviewer v2.7.x",
		Provider:     "openai",
		Model:        []string{"OPENAI_API_MODEL"},
		DefaultModel: "implicit",
	},
	{
		Actions:      []string{"sourcery-ai/action"},
		Upstream:     "sourcery-ai/action v1",
		Provider:     "sourcery",
		DefaultModel: "implicit",
	},
	{
		Actions:  []string{"cline/cline-action", "cline/github-action"},
		Upstream: "cline GitHub action (preview, 2025)",
		Provider: "cline", Agent: true,
		Prompt:       []string{"prompt"},
		Model:        []string{"model"},
		DefaultModel: "implicit",
	},
}

// Lookup returns the profile matching a `uses:` reference ("owner/repo@ref",
// "owner/repo/path@ref"), or nil.
func Lookup(uses string) *Profile {
	if !strings.Contains(uses, "/") || strings.HasPrefix(uses, "./") || strings.HasPrefix(uses, "docker://") {
		return nil
	}
	return profileMemo.Get(uses, lookup)
}

func lookup(uses string) *Profile {
	name, _, _ := strings.Cut(uses, "@")
	name = strings.ToLower(strings.TrimSuffix(name, "/"))
	var best *Profile
	bestLen := -1
	for i := range Profiles {
		for _, a := range Profiles[i].Actions {
			a = strings.ToLower(a)
			ok := name == a
			if strings.HasSuffix(a, "/*") {
				ok, _ = path.Match(a, name)
				ok = ok || strings.HasPrefix(name, strings.TrimSuffix(a, "*"))
			}
			if ok && len(a) > bestLen {
				best, bestLen = &Profiles[i], len(a)
			}
		}
	}
	return best
}

// CLI describes an AI command-line tool called from a script.
type CLI struct {
	// Name is the command ("claude"); Sub, when set, is a required first
	// argument ("bedrock-runtime" for aws).
	Name string
	Sub  []string
	// NotSub, for a CLI without Sub, are first arguments that manage the
	// tool and call no model (`llm plugins`, `llm keys`); any other first
	// argument is a prompt or a model command.
	NotSub   []string
	Packages []string // npm/pip packages that provide it, for npx/pipx runs
	Provider string
	Agent    bool
	Model    []string // flags naming the model
	// ModelEnv are environment variables the CLI reads its model from
	// when no flag names it (GEMINI_MODEL for gemini).
	ModelEnv []string
	MaxTurns []string
	Tools    []string // flags listing allowed tools
	// Dangerous are regexps of flags that disable the tool's guard rails.
	Dangerous []Danger
	// Logs are regexps of flags that write a record of the run.
	Logs []string
	// Print are flags that mark a non-interactive run (for inventory).
	Upstream string
	// Bundle is true for a CLI written in JavaScript whose repository
	// builds it into one file a workflow may run from its checkout
	// (`node bundle/gemini.js`): a script named after the CLI is the CLI.
	Bundle bool
}

// CLIs is the table of AI command-line tools.
var CLIs = []CLI{
	{Name: "claude", Bundle: true, Packages: []string{"@anthropic-ai/claude-code"}, Provider: "anthropic", Agent: true,
		Model: []string{"--model"}, MaxTurns: []string{"--max-turns"}, Tools: []string{"--allowedTools", "--allowed-tools"},
		// Claude Code settings docs and CHANGELOG (ANTHROPIC_DEFAULT_MODEL: 2.x).
		ModelEnv:  []string{"ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_MODEL"},
		Dangerous: []Danger{{Value: `--dangerously-skip-permissions`, Why: "skips every permission prompt"}, {Value: `--permission-mode[= ]+["']?bypassPermissions`, Why: "bypasses permission checks"}},
		Logs:      []string{`--output-format[= ]+["']?(json|stream-json)`, `--debug`, `>\s*\S+`, `\|\s*tee\b`},
		Upstream:  "Claude Code CLI 2.x"},
	{Name: "gemini", Bundle: true, Packages: []string{"@google/gemini-cli"}, Provider: "google", Agent: true,
		Model: []string{"--model", "-m"}, Tools: []string{"--allowed-tools"},
		// docs/cli/model-routing.md: --model, then GEMINI_MODEL, then settings.
		ModelEnv:  []string{"GEMINI_MODEL"},
		Dangerous: []Danger{{Value: `--yolo|(^|\s)-y(\s|$)|--approval-mode[= ]+yolo`, Why: "accepts every tool call without confirmation"}},
		Logs:      []string{`--output-format[= ]+["']?json`, `--telemetry-outfile`, `>\s*\S+`, `\|\s*tee\b`},
		Upstream:  "Gemini CLI 0.1x"},
	{Name: "codex", Bundle: true, Packages: []string{"@openai/codex"}, Provider: "openai", Agent: true,
		Model:     []string{"--model", "-m"},
		Dangerous: []Danger{{Value: `--dangerously-bypass-approvals-and-sandbox|--yolo|danger-full-access`, Why: "runs the agent without approvals or sandbox"}, {Value: `--full-auto`, Why: "lets the agent run commands without asking"}},
		Logs:      []string{`--json`, `--output-last-message|-o\s`, `>\s*\S+`, `\|\s*tee\b`},
		Upstream:  "Codex CLI 0.4x"},
	{Name: "aider", Packages: []string{"aider-chat", "aider-install"}, Provider: "multi", Agent: true,
		Model:     []string{"--model"},
		ModelEnv:  []string{"AIDER_MODEL"}, // every option has an AIDER_ variable
		Dangerous: []Danger{{Value: `--yes-always`, Why: "accepts every action without confirmation"}},
		Logs:      []string{`--chat-history-file`, `--llm-history-file`, `>\s*\S+`},
		Upstream:  "aider 0.8x"},
	// simonw/llm: `llm "…"`, `llm prompt`, `llm chat`, `llm -m X`, `llm
	// embed` call a model; its management commands (llm.datasette.io/en/stable/help.html) do not.
	{Name: "llm", Packages: []string{"llm"}, Provider: "multi", Model: []string{"-m", "--model"},
		NotSub: []string{"install", "uninstall", "plugins", "keys", "models", "logs", "templates", "aliases",
			"embed-models", "collections", "schemas", "tools", "fragments", "openai", "--version", "--help"},
		Logs: []string{`>\s*\S+`, `\|\s*tee\b`, `--log`}, Upstream: "simonw/llm 0.2x"},
	{Name: "ollama", Sub: []string{"run", "generate"}, Provider: "ollama", Upstream: "ollama 0.x",
		Logs: []string{`>\s*\S+`, `\|\s*tee\b`}},
	{Name: "aws", Sub: []string{"bedrock-runtime"}, Provider: "aws-bedrock", Model: []string{"--model-id"},
		Logs: []string{`\s\S+\.json(\s|$)`, `>\s*\S+`}, Upstream: "AWS CLI v2 bedrock-runtime"},
	{Name: "gh", Sub: []string{"models"}, Provider: "github-models", Logs: []string{`>\s*\S+`, `\|\s*tee\b`}, Upstream: "gh-models extension"},
	{Name: "opencode", Bundle: true, Packages: []string{"opencode-ai"}, Provider: "multi", Agent: true, Model: []string{"--model", "-m"},
		Logs: []string{`>\s*\S+`, `\|\s*tee\b`}, Upstream: "opencode 0.x"},
	{Name: "cursor-agent", Provider: "cursor", Agent: true, Model: []string{"--model", "-m"},
		Dangerous: []Danger{{Value: `--force|(^|\s)-f(\s|$)`, Why: "runs commands without asking"}},
		Logs:      []string{`--output-format[= ]+json`, `>\s*\S+`}, Upstream: "cursor-agent 2025"},
	{Name: "cline", Bundle: true, Packages: []string{"cline"}, Provider: "cline", Agent: true,
		Dangerous: []Danger{{Value: `--yolo|(^|\s)-y(\s|$)`, Why: "accepts every action without confirmation"}},
		Logs:      []string{`--output-format[= ]+json`, `>\s*\S+`}, Upstream: "cline CLI 1.x"},
	{Name: "copilot", Packages: []string{"@github/copilot"}, Provider: "github-copilot", Agent: true,
		Model: []string{"--model"}, Tools: []string{"--allow-tool"},
		ModelEnv: []string{"COPILOT_MODEL"}, // docs.github.com copilot-cli BYOK models
		Dangerous: []Danger{
			{Value: `--allow-all-tools|--allow-all(\s|=|$)|--yolo`, Why: "runs every tool without asking"},
			{Value: `--allow-tool[= ]+["']?shell["']?(\s|,|$)`, Why: "allows every shell command"},
		},
		Logs:     []string{`--share(-gist)?([= ]|$)`, `--log-dir`, `>\s*\S+`, `\|\s*tee\b`},
		Upstream: "GitHub Copilot CLI (docs.github.com copilot-cli programmatic reference, 2026)"},
	{Name: "gh", Sub: []string{"copilot"}, Provider: "github-copilot", Logs: []string{`>\s*\S+`, `\|\s*tee\b`},
		Upstream: "gh-copilot extension (deprecated for the Copilot CLI)"},
	// `cn -p "…"` runs the agent headless; `cn remote` starts it on
	// Continue's hosted runners.
	// `genaiscript run|test|convert` runs a GenAIScript script, whose
	// prompts go to the model of --model/-m (or --provider/-p); scripts
	// may give it tools and agents (defTool, defAgent). `scripts`, `parse`,
	// `retrieval`, `serve`, `mcp`, `--help` run no model.
	{Name: "genaiscript", Sub: []string{"run", "test", "eval", "convert"}, Bundle: true, Packages: []string{"genaiscript"},
		Provider: "multi", Agent: true, Model: []string{"--model", "-m"}, MaxTurns: []string{"--max-tokens", "-mt", "--max-tool-calls", "-mtc"},
		Logs:     []string{`--out-trace`, `(^|\s)-ot(\s|$)`, `--out-output`, `--out(\s|=)`, `(^|\s)-o\s`, `>\s*\S+`},
		Upstream: "GenAIScript CLI 1.x (microsoft.github.io/genaiscript/reference/cli)"},
	{Name: "cn", Bundle: true, Packages: []string{"@continuedev/cli"}, Provider: "continue", Agent: true, Model: []string{"--model"},
		Logs: []string{`>\s*\S+`, `\|\s*tee\b`}, Upstream: "Continue CLI (docs.continue.dev/cli, 2026)"},
}

// Endpoint is an AI API host.
type Endpoint struct {
	// Host is matched as a suffix of the URL's host ("openai.azure.com").
	Host     string
	Provider string
}

// Endpoints is the table of AI API hosts.
var Endpoints = []Endpoint{
	{"api.openai.com", "openai"},
	{"api.anthropic.com", "anthropic"},
	{"generativelanguage.googleapis.com", "google"},
	{"aiplatform.googleapis.com", "google-vertex"},
	{"models.github.ai", "github-models"},
	{"models.inference.ai.azure.com", "github-models"},
	{"openai.azure.com", "azure-openai"},
	{"cognitiveservices.azure.com", "azure-openai"},
	{"services.ai.azure.com", "azure-ai"},
	{"amazonaws.com/model/", "aws-bedrock"},
	{"bedrock-runtime", "aws-bedrock"},
	{"api.mistral.ai", "mistral"},
	{"api.groq.com", "groq"},
	{"api.deepseek.com", "deepseek"},
	{"openrouter.ai", "openrouter"},
	{"api.together.xyz", "together"},
	{"api.cohere.com", "cohere"},
	{"api.cohere.ai", "cohere"},
	{"api.x.ai", "xai"},
	{"api-inference.huggingface.co", "huggingface"},
	{"router.huggingface.co", "huggingface"},
	{"api.perplexity.ai", "perplexity"},
	{"api.fireworks.ai", "fireworks"},
	{"api.continue.dev", "continue"},
	{"api.devin.ai", "devin"},
}

// FindEndpoint returns the first AI endpoint host in text (with the rest
// of the host name before it, "myorg.openai.azure.com") and its provider.
// It is a plain, case-sensitive substring search (host names in URLs are
// written in lower case): it runs on every script of every step.
func FindEndpoint(text string) (host, provider string, ok bool) {
	if !mayHaveEndpoint(text) {
		return "", "", false
	}
	best := -1
	for _, e := range Endpoints {
		i := strings.Index(text, e.Host)
		if i < 0 || (best >= 0 && i >= best) {
			continue
		}
		start := i
		for start > 0 && isHostByte(text[start-1]) {
			start--
		}
		end := i + len(e.Host)
		for end < len(text) && isHostByte(text[end]) {
			end++
		}
		best, host, provider, ok = i, strings.ToLower(text[start:end]), e.Provider, true
	}
	return host, provider, ok
}

// endpointHints are substrings of every endpoint host: texts without any
// skip the per-host search.
var endpointHints = []string{"api", ".ai", "azure", "amazonaws", "bedrock", "openrouter", "huggingface", "googleapis"}

func mayHaveEndpoint(text string) bool {
	for _, h := range endpointHints {
		if strings.Contains(text, h) {
			return true
		}
	}
	return false
}

func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// Secret is an AI vendor credential name.
type Secret struct {
	Pattern  *lazyre.Regexp
	Provider string
}

// Secrets is the table of AI credential names.
var Secrets = []Secret{
	{lazyre.New(`^OPENAI_(API_)?KEY$|^OPENAI_TOKEN$`), "openai"},
	{lazyre.New(`^AZURE_OPENAI_(API_)?KEY$`), "azure-openai"},
	{lazyre.New(`^ANTHROPIC_(API_)?KEY$`), "anthropic"},
	{lazyre.New(`^CLAUDE_CODE_OAUTH_TOKEN$|^CLAUDE_API_KEY$`), "anthropic"},
	{lazyre.New(`^GEMINI_API_KEY$|^GOOGLE_GENERATIVE_AI_API_KEY$|^GOOGLE_AI_API_KEY$`), "google"},
	{lazyre.New(`^MISTRAL_API_KEY$`), "mistral"},
	{lazyre.New(`^GROQ_API_KEY$`), "groq"},
	{lazyre.New(`^DEEPSEEK_API_KEY$`), "deepseek"},
	{lazyre.New(`^OPENROUTER_API_KEY$`), "openrouter"},
	{lazyre.New(`^TOGETHER_API_KEY$`), "together"},
	{lazyre.New(`^CO(HERE)?_API_KEY$`), "cohere"},
	{lazyre.New(`^XAI_API_KEY$|^GROK_API_KEY$`), "xai"},
	{lazyre.New(`^PERPLEXITY_API_KEY$`), "perplexity"},
	{lazyre.New(`^FIREWORKS_API_KEY$`), "fireworks"},
	{lazyre.New(`^HF_TOKEN$|^HUGGING_?FACE(_HUB)?_(API_)?TOKEN$`), "huggingface"},
	{lazyre.New(`^COPILOT_GITHUB_TOKEN$`), "github-copilot"},
	{lazyre.New(`^CONTINUE_API_KEY$`), "continue"},
}

// SecretProvider returns the AI vendor of a secret name, or "".
func SecretProvider(name string) string {
	return secretMemo.Get(name, secretProvider)
}

func secretProvider(name string) string {
	n := strings.ToUpper(name)
	if !strings.Contains(n, "KEY") && !strings.Contains(n, "TOKEN") {
		return ""
	}
	for _, s := range Secrets {
		if s.Pattern.MatchString(n) {
			return s.Provider
		}
	}
	return ""
}

// LookupLocal returns the profile whose ActionNames match the `name:` of a
// local action, or nil.
func LookupLocal(name string) *Profile {
	if name == "" {
		return nil
	}
	for i, res := range actionNames {
		for _, re := range res {
			if re.MatchString(name) {
				return &Profiles[i]
			}
		}
	}
	return nil
}

// actionNames holds the compiled ActionNames of each profile.
var actionNames = func() [][]*lazyre.Regexp {
	out := make([][]*lazyre.Regexp, len(Profiles))
	for i, p := range Profiles {
		for _, s := range p.ActionNames {
			out[i] = append(out[i], lazyre.New(s))
		}
	}
	return out
}()
