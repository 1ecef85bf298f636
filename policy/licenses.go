package policy

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Licenses configures dependency license rules (the `licenses` block):
//
//	licenses {
//	  allow        = ["MIT", "Apache-2.0"]
//	  deny         = ["AGPL-3.0-only"]
//	  unknown      = "warn"          # or "fail"
//	  needs_review = "warn"          # or "fail", "allow"
//	  categories   = { reciprocal = "warn", restricted = "fail" }
//	  first_party  = ["example.com/org"]
//	  platforms    = ["linux/amd64", "darwin/arm64", "windows/amd64"]
//	  tests        = false
//	  exception "example.com/lib" { licenses = ["GPL-2.0-only"], reason = "…", approver = "…", expires = "2027-06-30" }
//	  clarify "example.com/other" { expression = "MIT", file_sha256 = "…", reason = "…" }
//	}
type Licenses struct {
	// Allow lists the SPDX identifiers accepted.
	Allow []string `hcl:"allow,optional"`
	// Deny lists the SPDX identifiers refused.
	Deny []string `hcl:"deny,optional"`
	// Unknown is "fail" or "warn" (the default) for licenses not recognized.
	Unknown *string `hcl:"unknown,optional"`
	// NeedsReview is "fail", "warn" (the default) or "allow" for license
	// texts with text beyond the recognized license.
	NeedsReview *string `hcl:"needs_review,optional"`
	// Categories maps a category (forbidden, restricted, reciprocal, notice,
	// permissive, unencumbered, unknown) to "allow", "warn" or "fail".
	Categories map[string]string `hcl:"categories,optional"`
	// FirstParty lists module path prefixes of the organisation's own
	// modules, matched by path segment; they are not license-checked.
	FirstParty []string `hcl:"first_party,optional"`
	// Platforms lists GOOS/GOARCH pairs whose union is checked; empty means
	// the host's.
	Platforms []string `hcl:"platforms,optional"`
	// Tests includes the test dependencies of the repository's packages.
	Tests *bool `hcl:"tests,optional"`
	// Tags are extra build tags for loading the graph.
	Tags []string `hcl:"tags,optional"`
	// Exceptions accept modules the rest of the policy would not.
	Exceptions []LicenseException `hcl:"exception,block"`
	// Clarifications state a module's license where its files do not.
	Clarifications []LicenseClarification `hcl:"clarify,block"`
}

// LicenseException is an `exception "<module>" { ... }` block.
type LicenseException struct {
	Module string `hcl:"module,label"`
	// Versions limits the exception to these versions; empty means all.
	Versions []string `hcl:"versions,optional"`
	// License and Licenses name the SPDX licenses accepted; both empty
	// means whatever license the module has.
	License  *string  `hcl:"license,optional"`
	Licenses []string `hcl:"licenses,optional"`
	// Reason is required: auditors read it.
	Reason   hcl.Expression `hcl:"reason"`
	Approver *string        `hcl:"approver,optional"`
	// Expires is a date, YYYY-MM-DD; the exception holds through that day (UTC).
	Expires *string `hcl:"expires,optional"`
}

// Line is the line of the block's reason attribute, where findings about
// the exception point.
func (e *LicenseException) Line() int { return exprLine(e.Reason) }

// ReasonText returns the reason string.
func (e *LicenseException) ReasonText() string { return exprString(e.Reason) }

// AllLicenses returns License and Licenses together.
func (e *LicenseException) AllLicenses() []string {
	out := append([]string(nil), e.Licenses...)
	if e.License != nil && *e.License != "" {
		out = append(out, *e.License)
	}
	return out
}

// ExpiresAt parses Expires; the zero time means it never expires.
func (e *LicenseException) ExpiresAt() (time.Time, error) {
	if e.Expires == nil || *e.Expires == "" {
		return time.Time{}, nil
	}
	return time.Parse("2006-01-02", *e.Expires)
}

// LicenseClarification is a `clarify "<module>" { ... }` block.
type LicenseClarification struct {
	Module   string   `hcl:"module,label"`
	Versions []string `hcl:"versions,optional"`
	// Expression is the SPDX expression that holds for the module.
	Expression hcl.Expression `hcl:"expression"`
	// FileSHA256 is the hex SHA-256 of the file at the module root the
	// expression was read from; the clarification lapses when it changes.
	FileSHA256 string  `hcl:"file_sha256"`
	Reason     *string `hcl:"reason,optional"`
}

// Line is the line of the expression attribute.
func (c *LicenseClarification) Line() int { return exprLine(c.Expression) }

// ExpressionText returns the expression string.
func (c *LicenseClarification) ExpressionText() string { return exprString(c.Expression) }

func exprLine(e hcl.Expression) int {
	if e == nil {
		return 0
	}
	return e.Range().Start.Line
}

func exprString(e hcl.Expression) string {
	if e == nil {
		return ""
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// licenseCategories are the categories the policy may name.
var licenseCategories = []string{"forbidden", "restricted", "reciprocal", "notice", "permissive", "unencumbered", "unknown"}

// validateLicenses checks the values gohcl cannot: actions, categories,
// dates, required strings, hashes.
func validateLicenses(l *Licenses, filename string) hcl.Diagnostics {
	if l == nil {
		return nil
	}
	var diags hcl.Diagnostics
	bad := func(summary, detail string, rng *hcl.Range) {
		d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng}
		if rng == nil {
			d.Subject = &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}
		}
		diags = append(diags, d)
	}
	action := func(name, v string, allowAllow bool) {
		switch v {
		case "fail", "warn":
			return
		case "allow":
			if allowAllow {
				return
			}
		}
		bad("Invalid license action", fmt.Sprintf("licenses.%s is %q; want \"fail\" or \"warn\"%s.", name, v, map[bool]string{true: " or \"allow\""}[allowAllow]), nil)
	}
	if l.Unknown != nil {
		action("unknown", *l.Unknown, false)
	}
	if l.NeedsReview != nil {
		action("needs_review", *l.NeedsReview, true)
	}
	keys := make([]string, 0, len(l.Categories))
	for k := range l.Categories {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		known := false
		for _, c := range licenseCategories {
			known = known || c == k
		}
		if !known {
			bad("Unknown license category", fmt.Sprintf("licenses.categories has %q; want one of %s.", k, strings.Join(licenseCategories, ", ")), nil)
			continue
		}
		action("categories."+k, l.Categories[k], true)
	}
	for _, p := range l.Platforms {
		if goos, goarch, ok := strings.Cut(p, "/"); !ok || goos == "" || goarch == "" || strings.Contains(goarch, "/") {
			bad("Invalid platform", fmt.Sprintf("licenses.platforms has %q; want GOOS/GOARCH, like \"linux/amd64\".", p), nil)
		}
	}
	for i := range l.Exceptions {
		e := &l.Exceptions[i]
		rng := e.Reason.Range()
		if strings.TrimSpace(e.ReasonText()) == "" {
			bad("Exception without a reason", fmt.Sprintf("exception %q needs reason = \"...\" saying why it is accepted; auditors read it.", e.Module), &rng)
		}
		if _, err := e.ExpiresAt(); err != nil {
			bad("Invalid expiry date", fmt.Sprintf("exception %q has expires = %q; want a date like \"2027-06-30\".", e.Module, *e.Expires), &rng)
		}
		if strings.TrimSpace(e.Module) == "" {
			bad("Exception without a module", "exception needs a module path label.", &rng)
		}
	}
	for i := range l.Clarifications {
		c := &l.Clarifications[i]
		rng := c.Expression.Range()
		if strings.TrimSpace(c.ExpressionText()) == "" {
			bad("Clarification without an expression", fmt.Sprintf("clarify %q needs expression = \"<SPDX expression>\".", c.Module), &rng)
		}
		h := strings.ToLower(strings.TrimSpace(c.FileSHA256))
		if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
			bad("Invalid file hash", fmt.Sprintf("clarify %q has file_sha256 = %q; want the 64-hex-digit SHA-256 of the file the expression was read from.", c.Module, c.FileSHA256), &rng)
		}
	}
	return diags
}
