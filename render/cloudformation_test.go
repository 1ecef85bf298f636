package render

import (
	"strings"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/report"
)

// TestCloudFormationCoverage: a repository with CloudFormation templates and
// no Terraform gets the cost-tag section from the templates, in Markdown and
// HTML; with both, the table holds both and the headline names both.
func TestCloudFormationCoverage(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	cfn := &report.CloudFormation{Templates: 3, StackTagsKnown: 1, Resources: 12, NotTaggable: 2, NotCreated: 1,
		Coverage: report.ProviderCount{Provider: "cloudformation", Pass: 4, Fail: 2, Unknown: 3}}
	only := &report.Report{StartedAt: t0, FinishedAt: t0, CloudFormation: cfn,
		Domains: []report.DomainRun{{Name: "iac", Files: 4}}}
	only.Normalize()
	both := &report.Report{StartedAt: t0, FinishedAt: t0, CloudFormation: cfn,
		Terraform: &report.Terraform{Modules: 1, Instances: 1, Resources: 5,
			Coverage: []report.ProviderCount{{Provider: "aws", Pass: 5}}},
		Domains: []report.DomainRun{{Name: "iac", Files: 6}}}
	both.Normalize()
	for _, format := range []string{"markdown", "html"} {
		out := string(renderFormat(t, format, only))
		for _, want := range []string{"cloudformation", "CloudFormation or SAM template", "stack tags are set at deploy time for 2 of them"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s, templates only: no %q", format, want)
			}
		}
		if strings.Contains(out, "calling context") {
			t.Errorf("%s, templates only: a Terraform headline", format)
		}
		out = string(renderFormat(t, format, both))
		for _, want := range []string{"cloudformation", "aws", "calling context", "CloudFormation or SAM template"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s, both: no %q", format, want)
			}
		}
	}
}
