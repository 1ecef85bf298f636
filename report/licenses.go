package report

// Licenses is the dependency license section: one entry per module@version
// of the Go build graph, with the evidence each verdict rests on.
type Licenses struct {
	// Platforms are the GOOS/GOARCH pairs whose union was checked.
	Platforms []string `json:"platforms,omitempty"`
	// Tests is set when test dependencies were included.
	Tests bool `json:"tests,omitempty"`
	// Engine names the classifier and license table versions.
	Engine string `json:"engine,omitempty"`
	// Summary counts modules per verdict and per category.
	Summary LicenseSummary `json:"summary"`
	// Modules are sorted by module path and version.
	Modules []ModuleLicense `json:"modules"`
}

// LicenseSummary counts modules.
type LicenseSummary struct {
	Modules    int            `json:"modules"`
	ByVerdict  map[string]int `json:"by_verdict,omitempty"`
	ByCategory map[string]int `json:"by_category,omitempty"`
}

// ModuleLicense is the verdict on one module@version.
type ModuleLicense struct {
	Module  string `json:"module"`
	Version string `json:"version"`
	// Replace is the replacement module path or local directory, if any.
	Replace string `json:"replace,omitempty"`
	// Local is set when the replacement is a local directory.
	Local    bool `json:"local,omitempty"`
	Vendored bool `json:"vendored,omitempty"`
	// FirstParty is set for the repository's own modules and the policy's
	// first_party prefixes; they are listed but not judged.
	FirstParty bool `json:"first_party,omitempty"`
	// Dir is a first-party module's directory, relative to the repository
	// root and slash-separated ("." for the root itself); empty otherwise.
	Dir string `json:"dir,omitempty"`
	// Declared is the SPDX expression the module's license files state.
	Declared string `json:"declared,omitempty"`
	// Expression is the concluded SPDX expression the verdict rests on:
	// Declared, or a clarification's.
	Expression string `json:"expression"`
	// Category is the go-licenses license type of the least encumbering
	// choice the expression offers.
	Category string `json:"category,omitempty"`
	// Verdict is allowed, denied, not-allowed, warn, unknown, needs-review,
	// excepted, first-party or unavailable.
	Verdict string `json:"verdict"`
	// DecidedBy names the policy element that decided.
	DecidedBy string `json:"decided_by,omitempty"`
	// Exception and Clarified say which policy blocks applied.
	Exception string `json:"exception,omitempty"`
	Clarified bool   `json:"clarified,omitempty"`
	// Files are the license, notice and patents files at the module root
	// and in nested scopes.
	Files []LicenseFile `json:"files,omitempty"`
	// Packages is the number of the module's packages the build uses.
	Packages int `json:"packages"`
	// Platforms lists the GOOS/GOARCH pairs whose build uses the module,
	// when not all of them do.
	Platforms []string `json:"platforms,omitempty"`
	// Link is a page about the module built from its path alone
	// (pkg.go.dev), never looked up.
	Link string `json:"link,omitempty"`
	// Error says why an unavailable module could not be read.
	Error string `json:"error,omitempty"`
	// DependsOn are the modules ("path@version", or "path" for one without
	// a version) whose packages this module's used packages import.
	DependsOn []string `json:"depends_on,omitempty"`
	// Ecosystem is empty for a Go module, "npm" for an npm package.
	Ecosystem string `json:"ecosystem,omitempty"`
}

// LicenseFile is one file a module's license verdict rests on.
type LicenseFile struct {
	// Path is relative to the module root; a nested scope's files carry
	// the scope's directory.
	Path string `json:"path"`
	// Kind is license, notice or patents.
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
	// Expression is what this file states, as SPDX.
	Expression string `json:"expression,omitempty"`
	// Coverage is the share of non-blank lines a license accounts for.
	Coverage float64 `json:"coverage,omitempty"`
	// Header is set when only a license header matched.
	Header bool `json:"header,omitempty"`
}
