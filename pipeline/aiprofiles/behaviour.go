package aiprofiles

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"
)

// vendorWords map words found in credential names to AI vendors. Long
// words match anywhere in the name ("MY_OPENAIKEY"); short ones only as a
// whole "_"-separated word, so "HF" matches "HF_INFER" but not "SHELF".
var vendorWords = []struct {
	word     string
	whole    bool
	provider string
}{
	{"OPENAI", false, "openai"},
	{"ANTHROPIC", false, "anthropic"},
	{"CLAUDE", false, "anthropic"},
	{"GEMINI", false, "google"},
	{"GENAI", true, "google"},
	{"HUGGING", false, "huggingface"},
	{"HF", true, "huggingface"},
	{"MISTRAL", false, "mistral"},
	{"GROQ", false, "groq"},
	{"COHERE", false, "cohere"},
	{"PERPLEXITY", false, "perplexity"},
	{"DEEPSEEK", false, "deepseek"},
	{"OPENROUTER", false, "openrouter"},
	{"FIREWORKS", false, "fireworks"},
	{"XAI", true, "xai"},
	{"GROK", true, "xai"},
	{"LLM", true, "multi"},
	{"LITELLM", false, "multi"},
	{"COPILOT", false, "github-copilot"},
	{"DEVIN", true, "devin"},
}

// CredentialProvider returns the AI vendor of a secret or environment
// variable name: first by the exact table (Secrets), then by a vendor word
// in the name with any prefix or suffix ("PROD_ANTHROPIC_KEY",
// "HF_INFER", "MY_LLM_TOKEN"). GOOGLE_AI counts as a pair of words.
// Names of the GitHub token and of non-credential settings ("..._MODEL",
// "..._URL", "..._VERSION", "..._ID") are not credentials, nor are
// credentials of other systems that carry a vendor's name: a deploy or SSH
// key, a GitHub personal access token or App private key, a signing key, a
// webhook secret, a GitHub App's id or PEM key ("CLAUDE_CODE_REPO_DEPLOY_KEY",
// "CLAUDE_BOT_PAT", "APP_ID_HUGGINGFACE_BOT", "HF_BOT_SECRET_PEM").
func CredentialProvider(name string) string {
	return credentialMemo.Get(name, credentialProvider)
}

func credentialProvider(name string) string {
	if p := SecretProvider(name); p != "" {
		return p
	}
	n := strings.ToUpper(name)
	words := strings.Split(n, "_")
	switch words[len(words)-1] {
	case "MODEL", "URL", "HOST", "VERSION", "REGION", "ENDPOINT", "BASE", "NAME", "ORG", "PROJECT", "USER", "EMAIL", "ID":
		return ""
	case "PAT":
		// The Copilot CLI authenticates with a GitHub PAT.
		if !strings.Contains(n, "COPILOT") {
			return ""
		}
	}
	for i, w := range words {
		switch w {
		case "DEPLOY", "SSH", "GPG", "PGP", "SIGNING", "WEBHOOK", "PRIVATE", "PEM", "APPID":
			return ""
		case "APP":
			// A GitHub App's id or secret: APP_ID_HUGGINGFACE_BOT, HF_APP_SECRET.
			if i+1 < len(words) && (words[i+1] == "ID" || words[i+1] == "SECRET") {
				return ""
			}
		}
	}
	if strings.Contains(n, "GOOGLE_AI") || strings.Contains(n, "GOOGLE_GENERATIVE") {
		return "google"
	}
	if gatewayCredential(n, words) {
		return "multi"
	}
	// Whole words are also split at hyphens: a reusable workflow's
	// secrets may be named "devin-api-key".
	parts := strings.FieldsFunc(n, func(r rune) bool { return r == '_' || r == '-' })
	for _, v := range vendorWords {
		if v.whole {
			for _, w := range parts {
				if w == v.word {
					return v.provider
				}
			}
			continue
		}
		if strings.Contains(n, v.word) {
			return v.provider
		}
	}
	return ""
}

// SDK is a library that calls a model API, recognised in a script by its
// import.
type SDK struct {
	// Lang is "python", "js" or "go".
	Lang string
	// Module is the import: a Python module (prefix match on dots), a JS
	// package or a Go import path (prefix match on slashes).
	Module   string
	Provider string
	// Needs, when set, is a regexp the script must also match: a library
	// that also downloads models (huggingface_hub) is an AI call only when
	// the script uses its inference client.
	Needs string
}

// SDKs is the table of AI client libraries, as of their 2025 releases.
var SDKs = []SDK{
	{"python", "openai", "openai", ""},
	{"python", "anthropic", "anthropic", ""},
	{"python", "google.genai", "google", ""},
	{"python", "google.generativeai", "google", ""},
	{"python", "vertexai", "google-vertex", ""},
	{"python", "huggingface_hub", "huggingface", `\bInferenceClient\b|\bAsyncInferenceClient\b|\bInferenceApi\b`},
	{"python", "litellm", "multi", ""},
	{"python", "langchain", "multi", ""},
	{"python", "langchain_openai", "openai", ""},
	{"python", "langchain_anthropic", "anthropic", ""},
	{"python", "langchain_google_genai", "google", ""},
	{"python", "langchain_google_vertexai", "google-vertex", ""},
	{"python", "ollama", "ollama", ""},
	{"python", "mistralai", "mistral", ""},
	{"python", "groq", "groq", ""},
	{"python", "cohere", "cohere", ""},
	{"js", "openai", "openai", ""},
	{"js", "@anthropic-ai/sdk", "anthropic", ""},
	{"js", "@anthropic-ai/claude-agent-sdk", "anthropic", ""},
	{"js", "@anthropic-ai/claude-code", "anthropic", ""},
	{"js", "@google/genai", "google", ""},
	{"js", "@google/generative-ai", "google", ""},
	{"js", "@huggingface/inference", "huggingface", ""},
	{"js", "ollama", "ollama", ""},
	{"js", "groq-sdk", "groq", ""},
	{"js", "@mistralai/mistralai", "mistral", ""},
	{"js", "cohere-ai", "cohere", ""},
	{"js", "langchain", "multi", ""},
	{"js", "@langchain/openai", "openai", ""},
	{"js", "@langchain/anthropic", "anthropic", ""},
	{"js", "ai", "multi", ""},
	{"js", "@ai-sdk/openai", "openai", ""},
	{"js", "@ai-sdk/anthropic", "anthropic", ""},
	{"js", "@ai-sdk/google", "google", ""},
	{"go", "github.com/openai/openai-go", "openai", ""},
	{"go", "github.com/sashabaranov/go-openai", "openai", ""},
	{"go", "github.com/anthropics/anthropic-sdk-go", "anthropic", ""},
	{"go", "google.golang.org/genai", "google", ""},
	{"go", "github.com/google/generative-ai-go", "google", ""},
	{"go", "github.com/tmc/langchaingo", "multi", ""},
	{"go", "github.com/ollama/ollama/api", "ollama", ""},
	{"go", "github.com/firebase/genkit/go", "multi", ""},
}

// needs holds the compiled Needs of each SDK (nil when unset).
var needs = func() []*lazyre.Regexp {
	out := make([]*lazyre.Regexp, len(SDKs))
	for i, s := range SDKs {
		if s.Needs != "" {
			out[i] = lazyre.New(s.Needs)
		}
	}
	return out
}()

var (
	pyImport = lazyre.New(`(?m)^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import[ \t]+([\w, ()]+)|import[ \t]+([\w., ]+))`)
	jsImport = lazyre.New(`(?:\bfrom[ \t]*|\brequire\(\s*|\bimport\(\s*|^[ \t]*import[ \t]+)["']([^"'\s]+)["']`)
	goImport = lazyre.New(`"([a-z0-9.\-]+\.[a-z]{2,}/[^"\s]+)"`)
)

// FindSDK returns the AI library a script imports and the import as
// written, judged by the script's language ("python", "js", "go").
func FindSDK(lang, src string) (sdk *SDK, imported string) {
	var mods []string
	// bound holds, per Python module, the names its import binds.
	var bound map[string][]string
	switch lang {
	case "python":
		bound = map[string][]string{}
		for _, m := range pyImport.FindAllStringSubmatch(src, -1) {
			if m[1] != "" {
				mods = append(mods, m[1])
				// "from google import genai" imports google.genai.
				for _, n := range strings.Split(strings.Trim(m[2], "() "), ",") {
					f := strings.Fields(n + " x")
					name := f[0]
					if len(f) > 2 && f[1] == "as" {
						name = f[2]
					}
					mods = append(mods, m[1]+"."+f[0])
					bound[m[1]] = append(bound[m[1]], name)
					bound[m[1]+"."+f[0]] = append(bound[m[1]+"."+f[0]], name)
				}
				continue
			}
			for _, n := range strings.Split(m[3], ",") {
				if f := strings.Fields(n); len(f) > 0 {
					mods = append(mods, f[0])
					name := strings.Split(f[0], ".")[0]
					if len(f) > 2 && f[1] == "as" {
						name = f[2]
					}
					bound[f[0]] = append(bound[f[0]], name)
				}
			}
		}
	case "js":
		for _, m := range jsImport.FindAllStringSubmatch(src, -1) {
			mods = append(mods, m[1])
		}
	case "go":
		for _, m := range goImport.FindAllStringSubmatch(src, -1) {
			mods = append(mods, m[1])
		}
	}
	for _, mod := range mods {
		for i := range SDKs {
			s := &SDKs[i]
			if s.Lang != lang || !importMatches(lang, mod, s.Module) {
				continue
			}
			if s.Needs != "" {
				// The client the library needs must be called, not only named.
				ms := needs[i].FindAllString(src, -1)
				if len(ms) == 0 || bound != nil && !usesAny(src, ms) {
					continue
				}
				return s, s.Module + "." + ms[0]
			}
			if bound != nil && !usesAny(src, bound[mod]) {
				continue // imported, never called (inspect.getmembers(Client), a type hint)
			}
			return s, mod
		}
	}
	return nil, ""
}

func importMatches(lang, mod, want string) bool {
	switch lang {
	case "python":
		return mod == want || strings.HasPrefix(mod, want+".")
	case "go":
		return mod == want || strings.HasPrefix(mod, want+"/")
	}
	// JS: the package or a subpath of it ("openai/helpers").
	return mod == want || strings.HasPrefix(mod, want+"/")
}

// hubDownload matches model-hub downloads: fetching weights or data sets
// to run locally, not a call to a hosted model.
var hubDownload = lazyre.New(`huggingface-cli\s+download|\bhf\s+download\b|\bfrom_pretrained\(|\bsnapshot_download\(|\bhf_hub_download\(|\bload_dataset\(|\bhuggingface-cli\s+login\b|\bhf\s+auth\s+login\b`)

// HubDownload reports whether text downloads from a model hub.
func HubDownload(text string) bool { return hubDownload.MatchString(text) }

// hubStorage matches model-hub storage commands: uploading, copying or
// downloading files, managing repositories and buckets, logging in. None
// runs a model.
var hubStorage = lazyre.New(`\b(?:hf|huggingface-cli)\s+(?:upload|upload-large-folder|download|cp|sync|repo|repo-files|buckets?|auth|login|lfs-enable-largefiles)\b`)

// HubStorage reports whether text runs a model-hub storage command.
func HubStorage(text string) bool { return hubStorage.MatchString(text) }

// usesAny reports whether a Python source calls or reaches into one of
// the names an import bound: "Name(" or "Name." outside an import line.
// A name only passed along (inspect.getmembers(Client), a type hint) is
// no use. With no names known, it says yes.
func usesAny(src string, names []string) bool {
	if len(names) == 0 {
		return true
	}
	for _, n := range names {
		for off := 0; ; {
			i := strings.Index(src[off:], n)
			if i < 0 {
				break
			}
			at := off + i
			end := at + len(n)
			off = end
			if at > 0 && identByte(src[at-1]) || end >= len(src) || src[end] != '(' && src[end] != '.' {
				continue
			}
			ls := strings.LastIndexByte(src[:at], '\n') + 1
			line := strings.TrimSpace(src[ls:at])
			if strings.HasPrefix(line, "import ") || strings.HasPrefix(line, "from ") {
				continue
			}
			return true
		}
	}
	return false
}

func identByte(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
