package policy

import (
	"fmt"
	"regexp"

	"github.com/hashicorp/hcl/v2"
)

// Tags configures cost-allocation tag rules for Terraform (the `tags` block):
//
//	tags {
//	  required          = ["cost-center", "owner", "environment"]
//	  provider_coverage = true
//	  value "cost-center" { pattern = "^CC-[0-9]{4}$" }
//	  value "environment" { allowed = ["dev", "staging", "prod"] }
//	}
type Tags struct {
	// Required lists the tag keys every taggable resource must carry.
	Required []string `hcl:"required,optional"`
	// ProviderCoverage asks that every aws and google provider block sets
	// default tags (labels) holding the required keys.
	ProviderCoverage *bool `hcl:"provider_coverage,optional"`
	// Values constrain the values of some keys.
	Values []TagValue `hcl:"value,block"`
}

// TagValue constrains the value of one tag key.
type TagValue struct {
	Key string `hcl:"key,label"`
	// Pattern is a Go regular expression the value must match.
	Pattern *string `hcl:"pattern,optional"`
	// Allowed lists the accepted values.
	Allowed []string `hcl:"allowed,optional"`
	// Range is where the block stands, for error messages.
	Range hcl.Range `hcl:",def_range"`
}

// Validate checks the block's patterns and duplicate keys.
func (t *Tags) Validate() hcl.Diagnostics {
	if t == nil {
		return nil
	}
	var diags hcl.Diagnostics
	seen := map[string]bool{}
	for i := range t.Values {
		v := &t.Values[i]
		r := v.Range
		if seen[v.Key] {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate value block",
				Detail: fmt.Sprintf("Tag %q is constrained twice.", v.Key), Subject: &r})
		}
		seen[v.Key] = true
		if v.Pattern != nil {
			if _, err := regexp.Compile(*v.Pattern); err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid pattern",
					Detail: fmt.Sprintf("The pattern for tag %q is not a valid regular expression: %v.", v.Key, err), Subject: &r})
			}
		}
	}
	return diags
}
