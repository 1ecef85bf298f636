package report

import "github.com/tollgate-dev/tollgate/finding"

// AIStep is one pipeline step that runs an AI model or agent.
type AIStep struct {
	Location finding.Location `json:"location"`
	Workflow string           `json:"workflow"`
	Job      string           `json:"job"`
	Step     string           `json:"step"`
	Provider string           `json:"provider"`
	// Model is the model id, or "implicit" or "from vars".
	Model       string   `json:"model"`
	Triggers    []string `json:"triggers,omitempty"`
	Permissions []string `json:"permissions,omitempty"`
	Secrets     []string `json:"secrets,omitempty"`
}

// Pipelines summarizes the CI pipelines: size, bloat and cost.
type Pipelines struct {
	Workflows []WorkflowMetrics `json:"workflows"`
}

// WorkflowMetrics describes one pipeline file.
type WorkflowMetrics struct {
	Path  string `json:"path"`
	Kind  string `json:"kind"` // "github" or "gitlab"
	Lines int    `json:"lines"`
	Jobs  int    `json:"jobs"`
	Steps int    `json:"steps"`
	// RunnerMinutes is the estimated worst-case runner minutes of one run.
	RunnerMinutes int `json:"runner_minutes"`
}
