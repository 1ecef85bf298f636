# tollgate policy. Every setting below is optional; what is commented out
# shows the default. `tollgate explain <rule>` documents each rule.

gate {
  # Lowest severity that fails the run: info, low, medium, high, critical.
  fail_on = "high"

  # Fail a change (tollgate pr / tollgate risk) whose risk score is above
  # this, 0..100. 0 turns the gate off.
  # max_change_risk = 70
}

# Paths that are not scanned at all (doublestar globs, root-relative).
# exclude = ["**/testdata/**", "third_party/**"]

# Findings accepted when tollgate was adopted (written by `tollgate baseline`);
# they stay in the report, suppressed, and only new findings fail the gate.
# baseline = ".tollgate-baseline.json"

# Files larger than this many bytes are skipped with a finding.
# max_file_size = 4194304

# Change a rule's severity, or turn it off.
# rule "ci/missing-timeout" { severity = "low" }
# rule "go/ai-inline-prompt" { enabled = false }

# Accept findings of a rule (or glob of rules) in some paths, with a reason.
# ignore {
#   rule   = "tf/*"
#   paths  = ["examples/**"]
#   reason = "examples are not deployed"
# }

# Cost-allocation tags every taggable Terraform resource must carry, the
# values they may take, and whether aws/google provider blocks must set
# them as default tags/labels.
# tags {
#   required          = ["cost-center", "owner", "environment"]
#   provider_coverage = false
#   value "cost-center" { pattern = "^CC-[0-9]{4}$" }
#   value "environment" { allowed = ["dev", "staging", "prod"] }
# }

# Dependency licenses of the Go module graph (SPDX identifiers). Without this
# block forbidden and restricted licenses fail, unknown licenses and license
# texts with extra terms warn, everything else passes.
# licenses {
#   allow        = ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MPL-2.0"]
#   deny         = ["AGPL-3.0-only", "AGPL-3.0-or-later"]
#   unknown      = "warn"   # or "fail"
#   needs_review = "warn"   # or "fail", "allow"
#   categories   = { reciprocal = "warn", restricted = "fail" }  # allow | warn | fail
#   first_party  = ["example.com/yourorg"]  # your own modules, not license-checked
#   platforms    = ["linux/amd64", "darwin/arm64", "windows/amd64"]  # union checked
#   tests        = false    # include test dependencies
#   exception "example.com/lib" {
#     licenses = ["GPL-2.0-only"]
#     reason   = "internal tool, never distributed"
#     approver = "legal@example.com"
#     expires  = "2027-06-30"
#   }
#   clarify "example.com/readme-only" {
#     expression  = "MIT"
#     file_sha256 = "<sha256 of the file it was read from, from the finding>"
#     reason      = "README states MIT"
#   }
# }

# AI governance. With a list set, an AI action, model or endpoint outside it
# is a finding; wrappers name your own AI entry points for the Go analyzers.
# ai {
#   approved_actions   = ["anthropics/claude-code-action"]
#   approved_models    = ["claude-sonnet-4-6", "gpt-4o-2024-08-06"]
#   approved_endpoints = ["api.anthropic.com"]
#   wrappers           = ["example.com/internal/llm.(*Client).Complete"]
# }

# CI pipelines: the action allowlist (prefix patterns) and the bloat
# thresholds. The defaults come from the distribution of real workflows.
# pipelines {
#   allowed_actions  = ["actions/*", "github/*"]
#   max_lines        = 306  # lines in one workflow
#   max_jobs         = 10   # jobs in one workflow
#   max_steps        = 15   # steps in one job
#   max_matrix       = 64   # jobs one matrix expands to (GitHub refuses above 256)
#   max_needs_depth  = 4    # longest chain of needs
#   min_repeat_files = 3    # files repeating a step sequence before it is reported
#   max_install_jobs = 3    # jobs installing the same tool before it is reported
# }

# Standard pipeline templates: AI and deploy jobs must run from one of these
# (a reusable workflow a job `uses:`, a GitLab component or include), or
# ci/template-not-approved reports them. Globs; `@ref` optional.
# templates {
#   approved = [
#     "my-org/ci-templates/.github/workflows/*.yml@v2*",
#     "./.github/workflows/deploy.yml",
#     "gitlab.com/my-group/components/deploy@*",
#   ]
# }

# Change risk (tollgate risk, tollgate pr, tollgate scan).
# The feature cache lives in the user's cache ($TOLLGATE_CACHE_DIR), never here.
# risk {
#   first_parent   = false  # follow only first parents (merge-commit workflows)
#   refit          = true   # refit on this repository's own history when it has enough
#   min_refit_bugs = 80     # bug-inducing commits a validation and refit need
# }

# Go analyzers: fast analyses only this repository's packages, without facts
# across packages. Unset: fast in `tollgate check`, full in `tollgate scan`.
# go {
#   fast = true
# }
