package policy

// Go configures the Go analyzers (the `go` block).
type Go struct {
	// Fast skips facts across packages for large repositories.
	Fast *bool `hcl:"fast,optional"`
}
