package changerisk

import (
	"path"
	"strings"
)

// Kinds of file, as bits. A file may be several at once: a Terraform file
// under vendor/ is both KindIaC and KindExcluded.
const (
	// KindExcluded: vendored, generated or a lock file; its lines do not
	// count in the size features.
	KindExcluded uint16 = 1 << iota
	// KindBinary: the content has a NUL byte in its first 8,000 bytes (as in git).
	KindBinary
	// KindSource: program source whose lines SZZ traces.
	KindSource
	// KindTest: a test file.
	KindTest
	// KindCI: a CI pipeline definition.
	KindCI
	// KindIaC: infrastructure as code (Terraform, Helm, Kubernetes manifests, Dockerfiles).
	KindIaC
	// KindDeps: a dependency manifest or lock file.
	KindDeps
	// KindMigration: a database migration.
	KindMigration
	// KindAI: a prompt file or source that calls an AI SDK.
	KindAI
	// KindDocs: documentation.
	KindDocs
)

var sourceExt = map[string]bool{
	".go": true, ".c": true, ".h": true, ".cc": true, ".cpp": true, ".cxx": true, ".hpp": true, ".hh": true,
	".java": true, ".kt": true, ".kts": true, ".scala": true, ".groovy": true, ".py": true, ".rb": true,
	".js": true, ".jsx": true, ".mjs": true, ".cjs": true, ".ts": true, ".tsx": true, ".vue": true, ".svelte": true,
	".rs": true, ".swift": true, ".m": true, ".mm": true, ".cs": true, ".fs": true, ".php": true, ".sh": true,
	".bash": true, ".zsh": true, ".lua": true, ".pl": true, ".pm": true, ".ex": true, ".exs": true, ".erl": true,
	".hs": true, ".clj": true, ".dart": true, ".r": true, ".jl": true, ".zig": true, ".nim": true, ".sql": true,
}

var depsFiles = map[string]bool{
	"go.mod": true, "go.sum": true, "go.work": true, "go.work.sum": true, "package.json": true,
	"package-lock.json": true, "yarn.lock": true, "pnpm-lock.yaml": true, "npm-shrinkwrap.json": true,
	"requirements.txt": true, "pyproject.toml": true, "poetry.lock": true, "pipfile": true, "pipfile.lock": true,
	"uv.lock": true, "setup.py": true, "setup.cfg": true, "cargo.toml": true, "cargo.lock": true, "gemfile": true,
	"gemfile.lock": true, "pom.xml": true, "build.gradle": true, "build.gradle.kts": true, "composer.json": true,
	"composer.lock": true, "mix.exs": true, "mix.lock": true, "packages.config": true, "vendor.conf": true,
	"glide.yaml": true, "glide.lock": true, "gopkg.toml": true, "gopkg.lock": true, "bun.lockb": true,
}

var lockFiles = map[string]bool{
	"go.sum": true, "go.work.sum": true, "package-lock.json": true, "yarn.lock": true, "pnpm-lock.yaml": true,
	"npm-shrinkwrap.json": true, "poetry.lock": true, "pipfile.lock": true, "uv.lock": true, "cargo.lock": true,
	"gemfile.lock": true, "composer.lock": true, "mix.lock": true, "glide.lock": true, "gopkg.lock": true,
	"bun.lockb": true, "bun.lock": true, "deno.lock": true, "flake.lock": true, "pubspec.lock": true,
	"podfile.lock": true, "package.resolved": true, "gradle.lockfile": true, "packages.lock.json": true,
	"paket.lock": true, "conan.lock": true, "pdm.lock": true, "pixi.lock": true, "renv.lock": true,
	"cabal.project.freeze": true, "stack.yaml.lock": true, "manifest.toml": true, ".terraform.lock.hcl": true,
	"mod.bazel.lock": true, "module.bazel.lock": true, "cartfile.resolved": true, "shard.lock": true,
	"pnpm-workspace.lock": true, "conda-lock.yml": true, "npm-shrinkwrap.json5": true,
}

// isLockFile reports whether base (a lower-case file name) is a package
// manager's lock file, in any ecosystem: the names above, anything ending in
// ".lock" or ".lockfile", and "*-lock.json" / "*-lock.yaml".
func isLockFile(base string) bool {
	return lockFiles[base] || strings.HasSuffix(base, ".lock") || strings.HasSuffix(base, ".lockfile") ||
		strings.HasSuffix(base, "-lock.json") || strings.HasSuffix(base, "-lock.yaml") || strings.HasSuffix(base, "-lock.yml")
}

// isGeneratedName reports whether base (a lower-case file name) is generated
// code by its name alone, in the ecosystems whose generators name their
// output: Go (protobuf, stringer, deepcopy), Python (protobuf), Dart,
// C#, TypeScript declarations built from sources, minified bundles and
// source maps.
func isGeneratedName(base string) bool {
	for _, suf := range generatedSuffixes {
		if strings.HasSuffix(base, suf) {
			return true
		}
	}
	return strings.HasPrefix(base, "zz_generated") || strings.Contains(base, ".generated.") ||
		strings.Contains(base, "_generated.") || strings.HasSuffix(base, "_string.go") && strings.Contains(base, "enumer")
}

var generatedSuffixes = []string{
	".pb.go", ".pb.gw.go", "_gen.go", ".gen.go", ".gen.ts", ".pb.h", ".pb.cc", "_pb2.py", "_pb2_grpc.py", "_pb2.pyi",
	"_pb.js", "_pb.d.ts", "_grpc_pb.js", ".g.dart", ".freezed.dart", ".designer.cs", ".g.cs", ".min.js", ".min.css",
	".min.mjs", ".js.map", ".css.map", ".bundle.js",
}

// classifyPath returns the kinds a path has by its name alone. Content-based
// kinds (binary, generated, AI SDK calls) are added by the walker.
func classifyPath(p string) uint16 {
	var k uint16
	lp := strings.ToLower(p)
	base := path.Base(lp)
	ext := path.Ext(base)
	dirs := "/" + lp
	switch {
	case strings.Contains(dirs, "/vendor/"), strings.Contains(dirs, "/third_party/"),
		strings.Contains(dirs, "/node_modules/"), strings.Contains(dirs, "/third-party/"),
		strings.Contains(dirs, "/bower_components/"), strings.Contains(dirs, "/.yarn/releases/"),
		strings.Contains(dirs, "/__snapshots__/"), strings.HasSuffix(base, ".snap"),
		isGeneratedName(base), isLockFile(base):
		k |= KindExcluded
	}
	if sourceExt[ext] {
		k |= KindSource
	}
	if strings.HasSuffix(base, "_test.go") || strings.Contains(base, ".test.") || strings.Contains(base, ".spec.") ||
		strings.HasPrefix(base, "test_") && ext == ".py" || strings.HasSuffix(base, "_test.py") ||
		strings.Contains(dirs, "/testdata/") || strings.Contains(dirs, "/__tests__/") ||
		strings.HasSuffix(strings.TrimSuffix(base, ext), "test") && (ext == ".java" || ext == ".kt" || ext == ".cs") {
		k |= KindTest
	}
	if strings.HasPrefix(lp, ".github/workflows/") || base == ".gitlab-ci.yml" || strings.HasPrefix(lp, ".circleci/") ||
		base == "jenkinsfile" || base == ".travis.yml" || base == "azure-pipelines.yml" || strings.HasPrefix(lp, ".buildkite/") ||
		base == "bitbucket-pipelines.yml" || strings.HasPrefix(lp, ".gitlab/ci/") || base == "cloudbuild.yaml" ||
		base == "cloudbuild.yml" || base == ".drone.yml" || strings.HasPrefix(lp, ".tekton/") {
		k |= KindCI
	}
	if ext == ".tf" || ext == ".tfvars" || ext == ".hcl" && !strings.HasPrefix(base, ".tollgate") || strings.HasSuffix(base, ".tf.json") ||
		base == "dockerfile" || strings.HasPrefix(base, "dockerfile.") || strings.HasSuffix(base, ".dockerfile") ||
		base == "chart.yaml" || strings.Contains(dirs, "/helm/") || strings.Contains(dirs, "/charts/") ||
		strings.Contains(dirs, "/k8s/") || strings.Contains(dirs, "/kubernetes/") || strings.Contains(dirs, "/kustomize/") ||
		base == "kustomization.yaml" || strings.Contains(dirs, "/terraform/") || strings.Contains(dirs, "/ansible/") ||
		base == "docker-compose.yml" || base == "docker-compose.yaml" || base == "compose.yaml" || base == "serverless.yml" ||
		ext == ".bicep" || strings.Contains(dirs, "/cloudformation/") || strings.Contains(dirs, "/pulumi/") {
		k |= KindIaC
	}
	if depsFiles[base] || isLockFile(base) || strings.HasPrefix(base, "requirements") && ext == ".txt" {
		k |= KindDeps
	}
	if strings.Contains(dirs, "/migrations/") || strings.Contains(dirs, "/migration/") || strings.Contains(dirs, "/migrate/") ||
		strings.Contains(dirs, "/db/migrate/") || ext == ".sql" && (strings.Contains(base, "migrat") || strings.Contains(dirs, "/schema/")) {
		k |= KindMigration
	}
	if strings.HasSuffix(base, ".prompt") || strings.HasSuffix(base, ".prompt.md") || strings.HasSuffix(base, ".prompt.yaml") ||
		strings.HasSuffix(base, ".prompty") || strings.Contains(dirs, "/prompts/") || base == "claude.md" || base == "agents.md" ||
		base == ".cursorrules" || strings.HasPrefix(lp, ".claude/") || strings.HasPrefix(lp, ".cursor/") ||
		base == "copilot-instructions.md" || base == "gemini.md" {
		k |= KindAI
	}
	if ext == ".md" || ext == ".rst" || ext == ".adoc" || ext == ".txt" && k&KindDeps == 0 || strings.HasPrefix(lp, "docs/") ||
		strings.HasPrefix(lp, "doc/") || base == "license" || base == "changelog" || base == "authors" {
		if k&KindAI == 0 {
			k |= KindDocs
		}
	}
	return k
}

// aiSDKMarkers are import paths and hosts whose appearance in added source
// marks a change at the AI boundary. Kept short on purpose: the Go analyzers
// own the full table; here a substring check on changed files is enough.
var aiSDKMarkers = [][]byte{
	[]byte("github.com/sashabaranov/go-openai"), []byte("github.com/openai/openai-go"),
	[]byte("github.com/anthropics/anthropic-sdk-go"), []byte("google.golang.org/genai"),
	[]byte("github.com/google/generative-ai-go"), []byte("github.com/tmc/langchaingo"),
	[]byte("github.com/ollama/ollama/api"), []byte("bedrockruntime"), []byte("aiplatform"),
	[]byte("from openai import"), []byte("import openai"), []byte("from anthropic import"), []byte("import anthropic"),
	[]byte("from langchain"), []byte("@anthropic-ai/sdk"), []byte("\"openai\""), []byte("api.openai.com"),
	[]byte("api.anthropic.com"), []byte("generativelanguage.googleapis.com"),
}
