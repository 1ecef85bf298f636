package pipeline

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTemplateApproved(t *testing.T) {
	pats := []string{
		"my-org/ci-templates/.github/workflows/*.yml",
		"other/repo/.github/workflows/deploy.yml@v2*",
		"./.github/workflows/deploy.yml",
		"gitlab.com/my-group/components/**",
		"group/templates/ci/*.yml@*",
		"Jobs/Deploy.gitlab-ci.yml",
	}
	for _, tc := range []struct {
		ref  string
		want bool
	}{
		{"my-org/ci-templates/.github/workflows/deploy.yml@0123abc", true},
		{"My-Org/CI-Templates/.github/workflows/deploy.yml@v1", true},
		{"my-org/ci-templates/.github/workflows/sub/deploy.yml@v1", false},
		{"my-org/ci-templates-fork/.github/workflows/deploy.yml@v1", false},
		{"other/repo/.github/workflows/deploy.yml@v2.1.0", true},
		{"other/repo/.github/workflows/deploy.yml@v1", false},
		{"other/repo/.github/workflows/deploy.yml", false},
		{"./.github/workflows/deploy.yml", true},
		{"./.github/workflows/other.yml", false},
		{"gitlab.com/my-group/components/ai-review@1.0", true},
		{"$CI_SERVER_FQDN/my-group/components/ai-review@1.0", true},
		{"gitlab.example.com/my-group/components/ai-review@1.0", false},
		{"group/templates/ci/deploy.yml@abc", true},
		{"group/templates/ci/deploy.yml", false},
		{"Jobs/Deploy.gitlab-ci.yml", true},
		{"https://example.com/ci.yml", false},
		{"", false},
	} {
		if got := templateApproved(pats, tc.ref); got != tc.want {
			t.Errorf("templateApproved(%q) = %v, want %v", tc.ref, got, tc.want)
		}
	}
	if templateApproved(nil, "a/b/.github/workflows/x.yml@v1") {
		t.Error("approved with no pattern")
	}
}

func TestIncludeRefs(t *testing.T) {
	for _, tc := range []struct {
		in   Include
		want []string
	}{
		{Include{Type: "project", Project: "g/p", Location: "g/p:/a.yml,/b/c.yml@v1", Ref: "v1"}, []string{"g/p/a.yml@v1", "g/p/b/c.yml@v1"}},
		{Include{Type: "project", Project: "g/p", Location: "g/p:/a.yml"}, []string{"g/p/a.yml"}},
		{Include{Type: "component", Location: "gitlab.com/g/c/x@1"}, []string{"gitlab.com/g/c/x@1"}},
		{Include{Type: "template", Location: "Jobs/Build.gitlab-ci.yml"}, []string{"Jobs/Build.gitlab-ci.yml"}},
		{Include{Type: "local", Location: "ci/a.yml"}, nil},
	} {
		if diff := cmp.Diff(tc.want, includeRefs(tc.in)); diff != "" {
			t.Errorf("includeRefs(%+v) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestTemplateCoverage checks the report section on the fixtures: which
// jobs are listed, the template each runs from, and the counts.
func TestTemplateCoverage(t *testing.T) {
	type row struct {
		Loc, Kind, Template string
		Approved            bool
	}
	for dir, want := range map[string][]row{
		"testdata/templates-github": {
			{".github/workflows/approved-deploy.yml:9", "deploy", "./.github/workflows/approved-deploy.yml", true},
			{".github/workflows/ci.yml:11", "ai", "", false},
			{".github/workflows/ci.yml:19", "deploy", "my-org/ci-templates/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567", true},
			{".github/workflows/ci.yml:22", "deploy", "other-org/templates/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567", false},
			{".github/workflows/ci.yml:24", "deploy", "./.github/workflows/approved-deploy.yml", true},
			{".github/workflows/ci.yml:26", "deploy", "", false},
			{".github/workflows/ci.yml:32", "ai", "other-org/ai/.github/workflows/triage.yml@0123456789abcdef0123456789abcdef01234567", false},
			{".github/workflows/ci.yml:36", "ai", "my-org/ci-templates/.github/workflows/triage.yml@0123456789abcdef0123456789abcdef01234567", true},
			{".github/workflows/rogue-deploy.yml:9", "deploy", "./.github/workflows/rogue-deploy.yml", false},
		},
		"testdata/templates-gitlab": {
			{".gitlab-ci.yml:15", "ai", "./ci/approved.yml", true},
			{".gitlab-ci.yml:19", "ai", "", false},
			{".gitlab-ci.yml:24", "deploy", "my-group/ci-templates/templates/deploy.yml@8f4a2c1e9b3d5f7a6c8e0b2d4f6a8c0e2b4d6f8a, $CI_SERVER_FQDN/my-group/components/ai-review@9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d", true},
			{".gitlab-ci.yml:31", "deploy", "my-group/ci-templates/templates/deploy.yml@8f4a2c1e9b3d5f7a6c8e0b2d4f6a8c0e2b4d6f8a, $CI_SERVER_FQDN/my-group/components/ai-review@9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d", true},
			{"ci/custom.yml:1", "deploy", "./ci/custom.yml", false},
		},
		"testdata/ok/templates-gitlab": {
			{".gitlab-ci.yml:14", "ai", "./ci/ai.yml", true},
			{".gitlab-ci.yml:18", "deploy", "my-group/ci-templates/templates/deploy.yml@8f4a2c1e9b3d5f7a6c8e0b2d4f6a8c0e2b4d6f8a, $CI_SERVER_FQDN/my-group/components/ai-review@9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d", true},
			{"ci/ai.yml:6", "ai+deploy", "./ci/ai.yml", true},
		},
	} {
		res := analyseDir(t, dir)
		tc := res.Templates
		if tc == nil {
			t.Errorf("%s: no template coverage", dir)
			continue
		}
		var got []row
		covered := 0
		for _, u := range tc.Jobs {
			got = append(got, row{fmt.Sprintf("%s:%d", u.Location.Path, u.Location.StartLine), u.Kind, u.Template, u.Approved})
			if u.Approved {
				covered++
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: jobs (-want +got):\n%s", dir, diff)
		}
		if tc.Total != len(tc.Jobs) || tc.Covered != covered || len(tc.Approved) == 0 {
			t.Errorf("%s: covered %d of %d, approved %v", dir, tc.Covered, tc.Total, tc.Approved)
		}
	}
	// No AI or deploy job: no section. Without approved templates, every
	// job is listed as not approved and the rule is silent.
	if res := analyseDir(t, "testdata/cycle"); res.Templates != nil {
		t.Errorf("cycle fixture: coverage %+v", res.Templates)
	}
	res := analyseDir(t, "testdata/ok/github-clean")
	if res.Templates == nil || res.Templates.Covered != 0 || res.Templates.Total == 0 || len(res.Templates.Approved) != 0 {
		t.Errorf("github-clean coverage = %+v", res.Templates)
	}
	for _, f := range res.Findings {
		if f.Rule == templateNotApproved.ID {
			t.Errorf("rule fired without approved templates: %s", f.Message)
		}
	}
}
