package policy

// Tags configures cost-allocation tag rules for Terraform (the `tags` block).
type Tags struct {
	// Required lists the tag keys every taggable resource must carry.
	Required []string `hcl:"required,optional"`
}
