package policy

// Go configures the Go analyzers (the `go` block).
type Go struct {
	// Fast analyses only the repository's own packages, without facts
	// across packages: much quicker on large repositories, but a call through
	// an interface declared in another package is not found. Unset means fast
	// in `tollgate check` and full in `tollgate scan`.
	Fast *bool `hcl:"fast,optional"`
}
