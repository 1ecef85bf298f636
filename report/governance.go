package report

import "github.com/tollgate-dev/tollgate/finding"

// Governance is the section for the governance patterns a delivery process
// is checked against: which quality gates exist and whether they block the
// deploys, which AI and deploy jobs run from approved templates, and which
// controls of the catalogue have evidence in this run.
type Governance struct {
	// Gates is the gate inventory of every pipeline, nil when no pipeline
	// file was found.
	Gates *GateInventory `json:"gates,omitempty"`
	// Templates is the template coverage of the AI and deploy jobs, nil
	// when there are none.
	Templates *TemplateCoverage `json:"templates,omitempty"`
	// Controls is the control catalogue with the evidence of this run.
	Controls *Controls `json:"controls,omitempty"`
}

// GateInventory lists the quality gates and the deploys of the pipelines,
// and how they are tied together through the job graph.
type GateInventory struct {
	Gates   []QualityGate `json:"gates"`
	Deploys []Deploy      `json:"deploys"`
}

// QualityGate is one check in a pipeline that could stop a deploy or
// release: tests, a security scan, a license check, an evaluation
// threshold, a fairness check, a model-card check, tollgate itself.
type QualityGate struct {
	Location finding.Location `json:"location"`
	// Pipeline is the file the job is defined in.
	Pipeline string `json:"pipeline"`
	Job      string `json:"job"`
	// Step is the step's name or, without one, a short form of what it runs.
	Step string `json:"step,omitempty"`
	// Kind is one of "tests", "sast", "dependency-scan", "secret-scan",
	// "container-scan", "license", "tollgate", "evaluation", "fairness",
	// "model-card", "approval".
	Kind string `json:"kind"`
	// Tool names what runs the gate: "pytest", "codeql", "govulncheck",
	// "trivy", "go-licenses", "tollgate", "dependabot"…
	Tool string `json:"tool"`
	// Placebo says why the gate cannot fail, empty when it can:
	// "continue-on-error", "|| true", "allow_failure", "literal metric",
	// "exit 0"…
	Placebo string `json:"placebo,omitempty"`
	// Blocks lists the deploy jobs ("pipeline#job") that depend on this
	// gate through needs, stages or workflow_run, and that it can stop.
	Blocks []string `json:"blocks,omitempty"`
	// Blocking is true when the gate can fail and at least one deploy
	// depends on it, or when its pipeline has no deploy but the gate fails
	// the run (a required check).
	Blocking bool `json:"blocking"`
	// Signal is true for configuration that only signals a gate exists
	// elsewhere (a Dependabot or Renovate file), with no job of its own.
	Signal bool `json:"signal,omitempty"`
}

// Deploy is one job step that changes what runs in production or what is
// released: an endpoint update, a registry promotion, a serverless, container
// or Kubernetes deploy, a model upload, a package publish, `terraform apply`.
type Deploy struct {
	Location finding.Location `json:"location"`
	Pipeline string           `json:"pipeline"`
	Job      string           `json:"job"`
	Step     string           `json:"step,omitempty"`
	// Kind is one of "endpoint", "registry-promotion", "serverless",
	// "container", "kubernetes", "model-upload", "package-publish",
	// "infrastructure", "release", "pages", "other".
	Kind string `json:"kind"`
	// What is the command or action that deploys, shortened.
	What string `json:"what"`
	// Model is true when what is deployed is a machine-learning model.
	Model bool `json:"model,omitempty"`
	// Environment is the job's deployment environment, if any.
	Environment string `json:"environment,omitempty"`
	// Triggers are the events that start the pipeline.
	Triggers []string `json:"triggers,omitempty"`
	// Approval says how a human approves the deploy, empty when nothing
	// is known: "environment" (a GitHub environment, whose reviewers are
	// set outside the repository), "manual" (GitLab `when: manual`).
	Approval string `json:"approval,omitempty"`
	// GatedBy lists the kinds of the blocking gates the deploy depends on.
	GatedBy []string `json:"gated_by,omitempty"`
}

// TemplateCoverage says which AI and deploy jobs come from the templates
// the policy approves (reusable workflows, GitLab components and includes).
type TemplateCoverage struct {
	// Approved are the policy's approved template patterns.
	Approved []string      `json:"approved"`
	Jobs     []TemplateUse `json:"jobs"`
	// Covered is the number of jobs that run from an approved template.
	Covered int `json:"covered"`
	Total   int `json:"total"`
}

// TemplateUse is one AI or deploy job and the template it runs from.
type TemplateUse struct {
	Location finding.Location `json:"location"`
	Pipeline string           `json:"pipeline"`
	Job      string           `json:"job"`
	// Kind is "ai" or "deploy" (or "ai+deploy").
	Kind string `json:"kind"`
	// Template is the reusable workflow, component or include the job runs
	// from, empty when it is written in place.
	Template string `json:"template,omitempty"`
	Approved bool   `json:"approved"`
}

// Controls is the control catalogue with, per control, the evidence this run
// gives.
type Controls struct {
	// Catalogue is the catalogue's name and version, for example
	// "tollgate-controls/2026.12".
	Catalogue string `json:"catalogue"`
	// Frameworks lists each framework with the source its ids and titles
	// were taken from.
	Frameworks []ControlFramework `json:"frameworks"`
	Controls   []Control          `json:"controls"`
	// WithEvidence is the number of controls that have any evidence.
	WithEvidence int `json:"with_evidence"`
	Total        int `json:"total"`
}

// ControlFramework names a framework of the catalogue and its source.
type ControlFramework struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Source string `json:"source"`
}

// Control is one control and the evidence for it.
type Control struct {
	// ID is "<framework>:<clause>", for example "NIST-AI-RMF:MANAGE-4.1".
	ID        string `json:"id"`
	Framework string `json:"framework"`
	Title     string `json:"title"`
	// Status is "pass" (evidence, no active finding), "fail" (an active
	// finding of a mapped rule) or "no-evidence" (no mapped rule ran and no
	// inventory covers it).
	Status string `json:"status"`
	// Rules are the mapped rules with their result in this run.
	Rules []ControlRule `json:"rules,omitempty"`
	// Inventories names the report sections that give evidence: "ai",
	// "gates:<kind>", "deploys", "templates", "licenses", "sbom", "risk",
	// "mlops", "mlops:<role>", "model-cards"… (controls/catalogue.json maps
	// them to controls).
	Inventories []string `json:"inventories,omitempty"`
}

// ControlRule is a rule mapped to a control and its result in this run.
type ControlRule struct {
	Rule string `json:"rule"`
	// Ran is false when the rule's domain did not run.
	Ran bool `json:"ran"`
	// Findings is the number of active findings above info (an info
	// finding, such as the AI step inventory, is a record, not a failure);
	// Suppressed the number a directive, the policy or the baseline accepted.
	Findings   int `json:"findings"`
	Suppressed int `json:"suppressed,omitempty"`
}
