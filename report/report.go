// Package report holds the result of one tollgate run: findings, gates,
// metadata and the typed sections each domain fills in. Renderers read a
// Report and nothing else; its JSON encoding is the documented schema
// "tollgate.report/v2" (see docs/report-schema.md for the migration from v1).
package report

import (
	"slices"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
)

// Schema names the version of the JSON encoding.
const Schema = "tollgate.report/v2"

// Report is everything a run found, in a form every renderer can read.
type Report struct {
	Schema     string     `json:"schema"`
	Tool       Tool       `json:"tool"`
	Repository Repository `json:"repository"`
	// PolicyDigest is the SHA-256 of the policy file's bytes, or of the empty
	// string when the defaults were used.
	PolicyDigest string `json:"policy_digest"`
	// PolicyPath is the policy file used, relative to the root, or empty.
	PolicyPath string    `json:"policy_path,omitempty"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Findings are sorted by path, line, column and rule. Suppressed findings
	// stay, marked with their reason.
	Findings []finding.Finding `json:"findings"`
	// Gates lists every gate evaluated, passing ones too.
	Gates []Gate `json:"gates"`
	// Domains lists which domains ran and what they looked at.
	Domains []DomainRun `json:"domains"`

	Risk      *Risk      `json:"risk,omitempty"`
	Licenses  *Licenses  `json:"licenses,omitempty"`
	AI        *AI        `json:"ai,omitempty"`
	Pipelines *Pipelines `json:"pipelines,omitempty"`
	Terraform *Terraform `json:"terraform,omitempty"`
	// CloudFormation is filled when the repository holds templates.
	CloudFormation *CloudFormation `json:"cloudformation,omitempty"`
	MLOps          *MLOps          `json:"mlops,omitempty"`
	Governance     *Governance     `json:"governance,omitempty"`
	Comparison     *Comparison     `json:"comparison,omitempty"`
	Trend          *Trend          `json:"trend,omitempty"`
}

// Tool identifies the program that made the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Repository describes the scanned checkout.
type Repository struct {
	// Root is the directory scanned, as given on the command line.
	Root string `json:"root"`
	// Name names the repository for people: host/owner/name from the
	// `origin` remote's URL (credentials, port, query and ".git" dropped),
	// or the scanned directory's base name when there is no such remote.
	Name string `json:"name,omitempty"`
	// Commit is the HEAD commit hash, empty outside a git repository.
	Commit string `json:"commit,omitempty"`
	// Branch is the checked-out branch, empty when detached or unknown.
	Branch string `json:"branch,omitempty"`
	// Dirty is true when the work tree differs from HEAD.
	Dirty bool `json:"dirty"`
}

// Gate is one pass/fail decision of the run.
type Gate struct {
	Name      string `json:"name"`
	Passed    bool   `json:"passed"`
	Threshold string `json:"threshold"`
	Observed  string `json:"observed"`
	// Detail says in one sentence what was compared.
	Detail string `json:"detail,omitempty"`
}

// DomainRun records one domain's part of the run.
type DomainRun struct {
	Name  string `json:"name"`
	Files int    `json:"files"`
	// Error is set when the domain could not run at all.
	Error string `json:"error,omitempty"`
}

// Passed reports whether every gate passed.
func (r *Report) Passed() bool {
	for _, g := range r.Gates {
		if !g.Passed {
			return false
		}
	}
	return true
}

// Active returns the findings that are not suppressed.
func (r *Report) Active() []finding.Finding {
	n := 0
	for i := range r.Findings {
		if r.Findings[i].Suppressed == nil {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]finding.Finding, 0, n)
	for _, f := range r.Findings {
		if f.Suppressed == nil {
			out = append(out, f)
		}
	}
	return out
}

// Suppressed returns the findings a directive, the policy or the baseline
// accepted, with their reasons.
func (r *Report) Suppressed() []finding.Finding {
	var out []finding.Finding
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			out = append(out, f)
		}
	}
	return out
}

// Counts returns the number of active findings per severity.
func (r *Report) Counts() map[finding.Severity]int {
	m := make(map[finding.Severity]int)
	for _, f := range r.Findings {
		if f.Suppressed == nil {
			m[f.Severity]++
		}
	}
	return m
}

// Normalize puts the report in canonical order so that the same input always
// encodes to the same bytes.
func (r *Report) Normalize() {
	if r.Schema == "" {
		r.Schema = Schema
	}
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	if r.Gates == nil {
		r.Gates = []Gate{}
	}
	if r.Domains == nil {
		r.Domains = []DomainRun{}
	}
	finding.Sort(r.Findings)
	slices.SortStableFunc(r.Domains, func(a, b DomainRun) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
}
