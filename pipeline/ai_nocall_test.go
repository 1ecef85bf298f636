package pipeline

import (
	"strings"
	"testing"
)

// TestNoCallFixture: the ok/ai-no-call workflows (gh-aw allow-lists, key
// checks, lint with a key) hold no AI step at all; the ok/ comparison
// leaves the inventory out, so it is checked here.
func TestNoCallFixture(t *testing.T) {
	res := analyseDir(t, "testdata/ok/ai-no-call")
	for _, s := range res.AISteps {
		t.Errorf("unexpected AI step %s:%d (%s)", s.Pos.Path, s.Pos.Line, s.Via)
	}
}

// TestNoCallEvidence: which steps a host in a value or a bound key makes
// AI steps.
func TestNoCallEvidence(t *testing.T) {
	const head = "on: push\npermissions: {contents: read}\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - "
	const key = "\n        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}"
	for _, c := range []struct {
		name, step string
		ai         bool
	}{
		{"key check", `run: if [ -z "$OPENAI_API_KEY" ]; then echo missing; exit 1; fi` + key, false},
		{"test -n and mask", `run: test -n "$OPENAI_API_KEY" && echo "::add-mask::$OPENAI_API_KEY"` + key, false},
		{"lint and type check", "run: |\n          npx tsc --noEmit\n          npm run lint\n          pnpm run format:check\n          uv run mypy src\n          golangci-lint run" + key, false},
		{"make lint", "run: make lint" + key, false},
		{"token check script", `run: bash "${RUNNER_TEMP}/actions/check_oauth_tokens.sh"` + key, false},
		{"npm test", "run: npm test" + key, true},
		{"lint then test", "run: |\n          npm run lint\n          npm test" + key, true},
		{"pytest", "run: pytest tests/live" + key, true},
		{"go test", "run: go test ./..." + key, true},
		{"make test", "run: make test" + key, true},
		{"npm run e2e", "run: npm run e2e" + key, true},
		{"install", "run: npm ci" + key, true},
		{"curl with key", "run: |\n          curl -H \"Authorization: Bearer $OPENAI_API_KEY\" \"$URL\"" + key, true},
		{"key to later steps", `run: echo "KEY=$OPENAI_API_KEY" >> "$GITHUB_ENV"` + key, true},
		{"unparsed script", "run: if (" + key, true},
		{"local action with key", "uses: ./.github/actions/run-tests\n        with:\n          api_key: ${{ secrets.OPENAI_API_KEY }}", true},
		{"allow-list env", "run: node ./x.cjs\n        env:\n          SANDBOX_ALLOWED_DOMAINS: api.openai.com", false},
		{"domain list env", "run: node ./x.cjs\n        env:\n          LIST: \"api.openai.com, api.anthropic.com\"", false},
		{"JSON domain list", "run: node ./x.cjs\n        env:\n          LIST: '[\"api.openai.com\",\"pypi.org\"]'", false},
		{"engine hosts", "run: node ./x.cjs\n        env:\n          GH_AW_ENGINE_API_HOSTS: api.anthropic.com", false},
		{"no proxy", "run: node ./x.cjs\n        env:\n          NO_PROXY: api.openai.com", false},
		{"firewall input", "uses: org/firewall@v1\n        with:\n          firewall: api.openai.com", false},
		{"base url env", "run: node ./x.cjs\n        env:\n          OPENAI_BASE_URL: https://api.openai.com/v1", true},
		{"endpoint input", "uses: org/act@v1\n        with:\n          endpoint: https://myorg.openai.azure.com", true},
		{"url in run", "run: curl https://api.openai.com/v1/models", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, _ := analyseStats(t, map[string]string{".github/workflows/t.yml": head + c.step + "\n"})
			if got := len(res.AISteps) > 0; got != c.ai {
				t.Errorf("AI step recognised = %v, want %v (%+v)", got, c.ai, res.AISteps)
			}
		})
	}
}

func TestDomainList(t *testing.T) {
	for s, want := range map[string]bool{
		"api.openai.com,api.anthropic.com":              true,
		"*.githubusercontent.com api.openai.com:443":    true,
		`["api.cohere.com","api.deepseek.com"]`:         true,
		"api.openai.com\npypi.org\n":                    true,
		"api.openai.com":                                false,
		"https://api.openai.com/v1":                     false,
		"https://api.openai.com/v1, https://x.org":      false,
		"call api.openai.com and api.anthropic.com now": false,
		"": false,
	} {
		if got := domainList(s); got != want {
			t.Errorf("domainList(%q) = %v, want %v", strings.ReplaceAll(s, "\n", `\n`), got, want)
		}
	}
}

// TestJobCredentialTests: a job-level AI credential (gateway keys
// included) makes an AI step of the first step running tests when no step
// runs a script; other gateways' keys, installs and lint do not.
func TestJobCredentialTests(t *testing.T) {
	const head = "on: push\npermissions: {contents: read}\njobs:\n  j:\n    runs-on: ubuntu-latest\n    env:\n      "
	for _, c := range []struct {
		name, env, steps string
		line             int // of the AI step; 0: none
	}{
		{"pydantic gateway and pytest", "PYDANTIC_AI_GATEWAY_API_KEY: ${{ secrets.K }}", "      - run: uv sync\n      - run: uv run pytest -q --run-gateway-live\n", 10},
		{"vercel gateway and vitest", "AI_GATEWAY_API_KEY: ${{ secrets.K }}", "      - run: npx vitest run\n", 9},
		{"helicone and go test", "HELICONE_API_KEY: ${{ secrets.K }}", "      - run: go test ./...\n", 9},
		{"openai key and make test", "OPENAI_API_KEY: ${{ secrets.K }}", "      - run: make test-live\n", 9},
		{"AWS API gateway", "AWS_API_GATEWAY_API_KEY: ${{ secrets.K }}", "      - run: pytest\n", 0},
		{"bare gateway key", "GATEWAY_API_KEY: ${{ secrets.K }}", "      - run: pytest\n", 0},
		{"payment gateway", "PAYMENT_GATEWAY_TOKEN: ${{ secrets.K }}", "      - run: npm test\n", 0},
		{"gateway key, install only", "AI_GATEWAY_API_KEY: ${{ secrets.K }}", "      - run: npm ci\n", 0},
		{"gateway key, lint only", "AI_GATEWAY_API_KEY: ${{ secrets.K }}", "      - run: uv run ruff check\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, _ := analyseStats(t, map[string]string{".github/workflows/t.yml": head + c.env + "\n    steps:\n" + c.steps})
			got := 0
			if len(res.AISteps) > 0 {
				got = res.AISteps[0].Pos.Line
			}
			if got != c.line || len(res.AISteps) > 1 {
				t.Errorf("AI step at line %d, want %d (%+v)", got, c.line, res.AISteps)
			}
		})
	}
}

// TestRecogNegatives: the ok/recog workflows (package scripts that run no
// model, a script cycle, a chain deeper than the bound, a CLI subcommand
// that runs no model, installers, GitHub App and checkout tokens with a
// vendor word, hub uploads) hold no AI step.
func TestRecogNegatives(t *testing.T) {
	res := analyseDir(t, "testdata/ok/recog")
	for _, s := range res.AISteps {
		t.Errorf("unexpected AI step %s:%d (%s)", s.Pos.Path, s.Pos.Line, s.Via)
	}
}
