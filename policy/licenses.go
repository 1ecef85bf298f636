package policy

// Licenses configures dependency license rules (the `licenses` block).
type Licenses struct {
	// Allow lists the SPDX identifiers accepted.
	Allow []string `hcl:"allow,optional"`
	// Deny lists the SPDX identifiers refused.
	Deny []string `hcl:"deny,optional"`
}
