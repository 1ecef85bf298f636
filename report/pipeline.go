package report

import "github.com/tollgate-dev/tollgate/finding"

// AIStep is one pipeline step that runs an AI model or agent.
type AIStep struct {
	Location finding.Location `json:"location"`
	Workflow string           `json:"workflow"`
	Job      string           `json:"job"`
	Step     string           `json:"step"`
	Provider string           `json:"provider"`
	// Model is the model id, or "implicit" (the tool's default), "from
	// vars", "from expression" or "unknown" (an endpoint call whose request
	// body is not in the file).
	Model string `json:"model"`
	// Via says how the step was recognized: "action", "cli", "endpoint",
	// "secret" (only an AI vendor's key is handed to it) or
	// "models-permission" (a job granted `models: read`).
	Via         string   `json:"via"`
	Triggers    []string `json:"triggers,omitempty"`
	Permissions []string `json:"permissions,omitempty"`
	Secrets     []string `json:"secrets,omitempty"`
}

// Pipelines summarizes the CI pipelines: size, bloat and cost.
type Pipelines struct {
	Workflows []WorkflowMetrics `json:"workflows"`
	// TotalRunnerMinutes is the sum of the workflows' estimates.
	TotalRunnerMinutes int `json:"total_runner_minutes"`
}

// WorkflowMetrics describes one pipeline file.
type WorkflowMetrics struct {
	Path  string `json:"path"`
	Kind  string `json:"kind"` // "github" or "gitlab"
	Lines int    `json:"lines"`
	Jobs  int    `json:"jobs"`
	Steps int    `json:"steps"`
	// MaxMatrix is the largest matrix of a job.
	MaxMatrix int `json:"max_matrix,omitempty"`
	// RunnerMinutes is the estimated worst-case runner minutes of one run:
	// per job, matrix size × timeout × OS multiplier (Linux 1, Windows 2,
	// macOS 10); a job without a timeout counts the platform maximum.
	RunnerMinutes int `json:"runner_minutes"`
	// UntimedJobs is the number of jobs counted at the platform maximum.
	UntimedJobs int `json:"untimed_jobs,omitempty"`
	// Generated names the source or generator of a generated workflow.
	Generated string `json:"generated,omitempty"`
	AISteps   int    `json:"ai_steps,omitempty"`
}
