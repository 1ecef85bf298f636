package policy

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/hashicorp/hcl/v2"
)

// Templates names the pipeline templates the organisation approves (the
// `templates` block): the reusable workflows, GitLab components and
// includes that carry the governance steps, so that AI and deploy jobs run
// from them rather than being written in place.
//
//	templates {
//	  approved = [
//	    "my-org/ci-templates/.github/workflows/*.yml@v2*",  # GitHub reusable workflows
//	    "./.github/workflows/deploy.yml",                   # a local reusable workflow
//	    "gitlab.com/my-group/components/deploy@*",          # GitLab component
//	    "my-group/ci-templates/templates/deploy.yml@v3",    # GitLab project include
//	  ]
//	}
type Templates struct {
	// Approved lists template patterns: globs (`*` within a path segment,
	// `**` across them) over the reference as written in the pipeline,
	// with the `@ref` optional (a pattern without one matches any ref).
	Approved []string `hcl:"approved,optional"`
}

// validateTemplates checks every pattern of the templates block.
func validateTemplates(t *Templates, body hcl.Body) hcl.Diagnostics {
	if t == nil {
		return nil
	}
	var diags hcl.Diagnostics
	for _, p := range t.Approved {
		why := ""
		switch {
		case strings.TrimSpace(p) == "":
			why = "an approved template pattern is empty."
		case strings.IndexFunc(p, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
			why = fmt.Sprintf("%q holds white space or a control character; a template reference has none.", p)
		case !doublestar.ValidatePattern(strings.ToLower(p)):
			why = fmt.Sprintf("%q is not a valid pattern.", p)
		}
		if why != "" {
			diags = append(diags, blockAttrDiag(body, "templates", 0, "approved", "Invalid template pattern", why))
		}
	}
	return diags
}
