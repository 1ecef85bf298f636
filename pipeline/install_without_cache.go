package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var installWithoutCache = finding.Rule{
	ID:      "ci/install-without-cache",
	Title:   "Dependencies installed without a cache",
	Default: finding.Low,
	Doc: "A job downloads its dependencies (`npm ci`, `yarn install`, `pip install -r`,\n" +
		"`poetry install`, `bundle install`, `go mod download`, `mvn`, `gradle`...) and nothing\n" +
		"caches them: no `actions/cache`, no `cache:` input of a `setup-*` action (setup-go v4+\n" +
		"caches by default), no `Swatinem/rust-cache`; GitLab: no `cache:` on the job or in\n" +
		"`default:`. Every run downloads the same packages again: minutes of billed runner time and\n" +
		"load on the registries.\n\n" +
		"```yaml\n- uses: actions/setup-node@<sha> # v4\n  with:\n    node-version: 22\n    cache: npm\n```",
	Controls: []string{"SOC2:A1.1"},
}

func init() { register(installWithoutCache, checkInstallWithoutCache) }

var (
	depInstall = lazyre.New(`\b(npm\s+(ci|install|i)(\s+--?[a-z-]+)*\s*($|[;&|#])|yarn(\s+install)?\s*$|yarn\s+install|pnpm\s+(i|install)\b|pip3?\s+install\s+(-r|--requirement|-e\s+\.|\.)|poetry\s+install|pipenv\s+install|uv\s+sync|bundle\s+install|go\s+mod\s+download|composer\s+install|mvn\s|\./mvnw\s|gradle\s|\./gradlew\s|cargo\s+(build|fetch|test)\b|dotnet\s+restore)`)
	cacheUses  = lazyre.New(`(?i)^(actions/cache|swatinem/rust-cache|actions/setup-go@v[4-9]|gradle/actions/setup-gradle|gradle/gradle-build-action|ruby/setup-ruby|bahmutov/npm-install|pnpm/action-setup|astral-sh/setup-uv|mozilla-actions/sccache-action|jdx/mise-action|cachix/|nix-community/cache-nix-action|dtolnay/rust-toolchain)`)
)

// depWords prefilter lines before the install regexp.
var depWords = []string{"npm", "yarn", "pnpm", "pip", "poetry", "pipenv", "uv ", "bundle", "go mod", "composer", "mvn", "gradle", "cargo", "dotnet"}

func jobCaches(j *Job) bool {
	if j.Cache {
		return true
	}
	if j.Container != "" && j.Pipeline.Kind == GitHub {
		return true // a prepared image is the cache
	}
	for _, s := range j.AllSteps() {
		if s.Uses == "" {
			continue
		}
		if cacheUses.MatchString(s.Uses) {
			return true
		}
		for _, k := range []string{"cache", "enable-cache", "cache-dependency-path", "bundler-cache"} {
			if kv, ok := Lookup(s.With, k); ok && strings.TrimSpace(kv.Value) != "" && kv.Value != "false" {
				return true
			}
		}
		if strings.HasPrefix(strings.ToLower(s.Uses), "actions/setup-go") {
			return true // caches by default since v4; older versions are rare
		}
	}
	return false
}

func checkInstallWithoutCache(a *analysis) {
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			if jobCaches(j) {
				continue
			}
		steps:
			for _, s := range j.Steps {
				for _, l := range s.RunLines {
					t := strings.TrimSpace(l.Text)
					if strings.HasPrefix(t, "#") || !hasAny(t, depWords) {
						continue
					}
					if m := strings.TrimRight(depInstall.FindString(t), " \t;&|#"); m != "" {
						a.report(installWithoutCache, l.Pos, ev("command", strings.Join(strings.Fields(m), " "), "job", j.ID), "job %q runs %q without a dependency cache", j.ID, strings.Join(strings.Fields(m), " "))
						break steps
					}
				}
			}
		}
	}
}
