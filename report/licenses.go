package report

// Licenses is the dependency license section.
type Licenses struct {
	Modules []ModuleLicense `json:"modules"`
}

// ModuleLicense is the verdict on one module@version.
type ModuleLicense struct {
	Module     string `json:"module"`
	Version    string `json:"version"`
	Expression string `json:"expression"`
	Verdict    string `json:"verdict"`
}
