package report

import "github.com/tollgate-dev/tollgate/finding"

// AIResource is one piece of infrastructure that trains or serves models, or
// carries accelerators.
type AIResource struct {
	Location finding.Location `json:"location"`
	Address  string           `json:"address"`
	Type     string           `json:"type"`
	Module   string           `json:"module"`
	// TagStatus is "pass", "fail" or "unknown".
	TagStatus string `json:"tag_status"`
}

// Terraform summarizes cost-allocation tag coverage.
type Terraform struct {
	Modules   int             `json:"modules"`
	Resources int             `json:"resources"`
	Coverage  []ProviderCount `json:"coverage"`
}

// ProviderCount counts tag verdicts for one provider.
type ProviderCount struct {
	Provider string `json:"provider"`
	Pass     int    `json:"pass"`
	Fail     int    `json:"fail"`
	Unknown  int    `json:"unknown"`
}
