package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var pwnRequest = finding.Rule{
	ID:      "ci/pwn-request",
	Title:   "Privileged workflow runs a pull request's code",
	Default: finding.High,
	Doc: "The workflow runs on `pull_request_target` or `workflow_run` — in the base repository's\n" +
		"context, with its secrets and a token that can write — checks out the pull request's head\n" +
		"(`ref: ${{ github.event.pull_request.head.sha }}`, `github.head_ref`, `workflow_run.head_sha`,\n" +
		"`refs/pull/…`, `gh pr checkout`, or a SHA or repository read from the triggering run's\n" +
		"artifact and passed on through env, step and job outputs), and then runs code from that\n" +
		"tree: installs or builds it\n" +
		"(`npm ci`, `pip install .`, `make`, `go test`, `cargo build`, `gradle`, `docker build`…), runs\n" +
		"one of its scripts (`./x.sh`, `python tools/x.py`, `node x.js`) or a local action from it\n" +
		"(`uses: ./…`). Install hooks, build scripts, tests and Makefiles are the PR author's to\n" +
		"write, so they run with the secrets and the token: the \"pwn request\". `actions/checkout`\n" +
		"also leaves the token in `.git/config` unless `persist-credentials: false`.\n\n" +
		"Severity is critical when the job can read repository secrets besides `GITHUB_TOKEN`, high\n" +
		"when its token can write. A job gated by a fixed environment, an actor, association, label\n" +
		"or same-repository condition (every `||` branch), or a needed job so gated, is not flagged.\n\n" +
		"Build untrusted code on `pull_request` (no secrets for forks) and hand results to a\n" +
		"privileged `workflow_run` job as data (artifacts it never executes); or check out the base\n" +
		"and only read the PR's files. `ci/ai-pr-head-checkout` covers an agent reading that tree.\n\n" +
		"The detail prints the path hop by hop (file:line).",
	Controls: []string{"SOC2:CC6.1", "SOC2:CC6.8", "SOC2:CC8.1", "NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.8"},
}

func init() { register(pwnRequest, checkPwnRequest) }

// buildCommands run code of the tree they are run in (package scripts,
// build files, tests), keyed by command with the subcommands that do (nil:
// any use).
var buildCommands = map[string][]string{
	"npm": {"ci", "install", "i", "run", "test", "t", "build", "start", "exec", "rebuild", "pack", "publish"}, "yarn": nil, "pnpm": nil, "bun": nil, "npx": nil,
	"pip": {"install"}, "pip3": {"install"}, "poetry": {"install", "run", "build"}, "uv": {"sync", "run", "pip"}, "pipenv": {"install", "run"},
	"tox": nil, "nox": nil, "pytest": nil, "make": nil, "cmake": nil, "ninja": nil, "bazel": nil, "go": {"build", "test", "run", "generate", "install", "vet"},
	"cargo": {"build", "test", "run", "check", "clippy", "bench", "install"}, "gradle": nil, "./gradlew": nil, "gradlew": nil, "mvn": nil, "./mvnw": nil,
	"bundle": {"install", "exec"}, "rake": nil, "composer": {"install", "update", "run", "run-script"}, "dotnet": {"build", "test", "run", "restore"},
	"docker": {"build", "compose", "buildx"}, "deno": {"run", "task", "test"}, "swift": {"build", "test", "run"}, "mix": nil, "sbt": nil,
}

// scriptRunners run the script file given as their first argument.
var scriptRunners = []string{"python", "python3", "node", "bash", "sh", "zsh", "ruby", "perl", "php", "pwsh", "tsx", "ts-node"}

// runsTreeCode returns the command of a step that runs code from the
// checked-out tree, with its position; "" when none is seen.
func (a *analysis) runsTreeCode(s *Step) (string, Pos) {
	if strings.HasPrefix(s.Uses, "./") {
		return "uses " + s.Uses, s.UsesPos
	}
	if s.Run == "" {
		return "", Pos{}
	}
	for _, c := range a.facts(s.Run).calls {
		w := c.Words
		if len(w) == 0 || w[0] == "" {
			continue
		}
		cmd := w[0]
		if subs, ok := buildCommands[cmd]; ok {
			if subs == nil || len(w) > 1 && slices.Contains(subs, w[1]) {
				return strings.Join(w[:min(len(w), 3)], " "), lineOf(s, c.Line)
			}
			continue
		}
		if strings.HasPrefix(cmd, "./") || strings.HasPrefix(cmd, "scripts/") {
			return cmd, lineOf(s, c.Line)
		}
		if slices.Contains(scriptRunners, cmd) && len(w) > 1 && !strings.HasPrefix(w[1], "-") &&
			(strings.Contains(w[1], "/") || strings.Contains(w[1], ".")) {
			return cmd + " " + w[1], lineOf(s, c.Line)
		}
	}
	return "", Pos{}
}

// jobSecrets lists the secrets other than GITHUB_TOKEN the job's steps
// can read, "(all, inherited)" for a reusable workflow called with
// `secrets: inherit`.
func jobSecrets(j *Job) []string {
	seen := map[string]bool{}
	for _, s := range j.AllSteps() {
		for _, sec := range stepSecrets(j, s) {
			if sec != "GITHUB_TOKEN" {
				seen[sec] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func checkPwnRequest(a *analysis) {
	for _, p := range a.workflows() {
		if p.Kind != GitHub {
			continue
		}
		evs := p.EffectiveTriggers()
		trig := ""
		for _, t := range []string{"pull_request_target", "workflow_run"} {
			if slices.Contains(evs, t) {
				trig = t
				break
			}
		}
		if trig == "" {
			continue
		}
		for _, j := range p.Jobs {
			if len(j.Steps) == 0 || jobGate(j) != "" || neededGate(j) {
				continue
			}
			secrets := jobSecrets(j)
			writes := j.WriteScopes()
			if len(secrets) == 0 && len(writes) == 0 {
				continue
			}
			co, at, what := a.headCheckoutStep(j, sentinel(j))
			if co == nil {
				continue
			}
			after := false
			for _, s := range j.Steps {
				if s == co {
					after = true
					continue
				}
				if !after {
					continue
				}
				if condGuard(s.If, newGuardCtx(j, s)) != "" {
					continue
				}
				cmd, pos := a.runsTreeCode(s)
				if cmd == "" {
					continue
				}
				sev := finding.High
				priv := "a token that can write " + strings.Join(writes, ", ")
				if len(secrets) > 0 {
					sev = finding.Critical
					priv = "secrets " + strings.Join(secrets, ", ")
					if len(writes) > 0 {
						priv += " and " + "a token that can write " + strings.Join(writes, ", ")
					}
				}
				tpos := p.TriggersPos
				for _, t := range p.Triggers {
					if t.Event == trig {
						tpos = t.Pos
					}
				}
				f := a.report(pwnRequest, pos, ev("trigger", trig, "checkout", what, "command", cmd, "job", j.ID, "privileges", priv),
					"job %q runs %q from the pull request's head on %q with %s", j.ID, cmd, trig, priv)
				f.Severity = sev
				f.Detail = hopDetail("Code the pull request's author wrote runs with the base repository's privileges.", []hop{
					{tpos, "triggered by " + trig + " (base repository's secrets and token)"},
					{at, fmt.Sprintf("step %q checks out the PR head: %s", co.Label(), what)},
					{pos, fmt.Sprintf("step %q runs %s from that tree", s.Label(), cmd)},
				})
				break
			}
		}
	}
}

// sentinel is a step after every step of the job, so headCheckoutStep
// looks at all of them.
func sentinel(j *Job) *Step { return &Step{Job: j} }
