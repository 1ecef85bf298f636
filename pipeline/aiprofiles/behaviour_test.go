package aiprofiles

import "testing"

func TestCredentialProvider(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"OPENAI_API_KEY", "openai"},
		{"PROD_ANTHROPIC_KEY_V2", "anthropic"},
		{"MY_CLAUDE_TOKEN", "anthropic"},
		{"HF_INFER", "huggingface"},
		{"HUGGINGFACEHUB_API_TOKEN", "huggingface"},
		{"GOOGLE_AI_STUDIO_KEY", "google"},
		{"TEAM_GEMINI", "google"},
		{"LLM_TOKEN", "multi"},
		{"GROQ_SECRET", "groq"},
		{"GEMINI_MODEL", ""},
		{"OPENAI_BASE_URL", ""},
		{"SHELF_TOKEN", ""},
		{"GOOGLE_APPLICATION_CREDENTIALS", ""},
		{"NPM_TOKEN", ""},
		{"GITHUB_TOKEN", ""},
		{"CLAUDE_CODE_BASE_ACTION_REPO_DEPLOY_KEY", ""},
		{"CLAUDE_CODE_BASE_ACTION_PAT", ""},
		{"CLAUDE_APP_PRIVATE_KEY", ""},
		{"APP_ID_HUGGINGFACE_HUB_BOT", ""},
		{"APP_SECRET_PEM_HUGGINGFACE_HUB_BOT", ""},
		{"HF_BOT_STYLE_SECRET_PEM", ""},
		{"OPENAI_APP_ID", ""},
		{"HF_APPLE_TOKEN", "huggingface"},
		{"GEMINI_SSH_KEY", ""},
		{"OPENAI_ORG_ID", ""},
		{"OPENAI_PATH_TOKEN", "openai"},
		{"COPILOT_GITHUB_TOKEN", "github-copilot"},
		{"COPILOT_PAT", "github-copilot"},
		// AI gateways: the product's name, or AI/LLM next to GATEWAY.
		{"PYDANTIC_AI_GATEWAY_API_KEY", "multi"},
		{"AI_GATEWAY_API_KEY", "multi"},
		{"CLOUDFLARE_AI_GATEWAY_TOKEN", "multi"},
		{"LLM_GATEWAY_KEY", "multi"},
		{"PORTKEY_API_KEY", "multi"},
		{"HELICONE_API_KEY", "multi"},
		{"API_GATEWAY_KEY", ""},
		{"AWS_API_GATEWAY_API_KEY", ""},
		{"GATEWAY_API_KEY", ""},
		{"PAYMENT_GATEWAY_TOKEN", ""},
		{"AI_GATEWAY_URL", ""},
		{"PYDANTIC_AI_GATEWAY_BASE_URL", ""},
	} {
		if got := CredentialProvider(c.name); got != c.want {
			t.Errorf("CredentialProvider(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestFindSDK(t *testing.T) {
	for _, c := range []struct{ lang, src, want string }{
		{"python", "import os\nfrom openai import OpenAI\nc = OpenAI()\n", "openai"},
		{"python", "from openai import OpenAI\n", ""},
		{"python", "from openai import OpenAI\ndef f(c: OpenAI) -> None: ...\n", ""},
		{"python", "from google import genai\nc = genai.Client()\n", "google.genai"},
		{"python", "import google.generativeai as genai\ngenai.configure(api_key=k)\n", "google.generativeai"},
		{"python", "from huggingface_hub import InferenceClient\nc = InferenceClient(model=m)\n", "huggingface_hub.InferenceClient"},
		{"python", "import inspect\nfrom huggingface_hub import InferenceClient\nfrom huggingface_hub.inference import types\nfor n, m in inspect.getmembers(InferenceClient):\n    types.x\n", ""},
		{"python", "from huggingface_hub import AsyncInferenceClient as C\nInferenceClient = None\nAsyncInferenceClient(m)\n", "huggingface_hub.AsyncInferenceClient"},
		{"python", "from huggingface_hub import snapshot_download\n", ""},
		{"python", "import litellm\nlitellm.completion(model=m)\n", "litellm"},
		{"python", "from langchain_core.prompts import X\n", ""},
		{"python", "from langchain.chains import X\nX(llm)\n", "langchain.chains"},
		{"python", "import openai_utils\n", ""},
		{"js", "import Anthropic from '@anthropic-ai/sdk';\n", "@anthropic-ai/sdk"},
		{"js", "const { GoogleGenAI } = require(\"@google/genai\");\n", "@google/genai"},
		{"js", "import OpenAI from \"openai\";\n", "openai"},
		{"js", "import x from \"openai-compat\";\n", ""},
		{"go", "import (\n\t\"fmt\"\n\t\"google.golang.org/genai\"\n)\n", "google.golang.org/genai"},
		{"go", "import \"github.com/openai/openai-go/option\"\n", "github.com/openai/openai-go/option"},
		{"go", "import \"github.com/openai/openai-gopher\"\n", ""},
	} {
		_, got := FindSDK(c.lang, c.src)
		if got != c.want {
			t.Errorf("FindSDK(%s, %q) = %q, want %q", c.lang, c.src, got, c.want)
		}
	}
}

func TestHubDownload(t *testing.T) {
	for s, want := range map[string]bool{
		"huggingface-cli download bert-base-uncased": true,
		"AutoModel.from_pretrained(\"x\")":           true,
		"hf download gpt2":                           true,
		"client.text_generation(\"x\")":              false,
	} {
		if got := HubDownload(s); got != want {
			t.Errorf("HubDownload(%q) = %v, want %v", s, got, want)
		}
	}
}

// Whole vendor words are found between hyphens too, and only whole.
func TestCredentialProviderHyphens(t *testing.T) {
	for name, want := range map[string]string{
		"devin-api-key":  "devin",
		"DEVIN_API_KEY":  "devin",
		"hf-token":       "huggingface",
		"DEVINFRA_TOKEN": "",
		"shelf-token":    "",
	} {
		if got := CredentialProvider(name); got != want {
			t.Errorf("CredentialProvider(%q) = %q, want %q", name, got, want)
		}
	}
}
