package report

// MLOps is the machine-learning operations maturity section.
type MLOps struct {
	Stage string `json:"stage"`
}
