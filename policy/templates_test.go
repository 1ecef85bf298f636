package policy

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseTemplates(t *testing.T) {
	src := `
templates {
  approved = [
    "my-org/ci-templates/.github/workflows/*.yml@v2*",
    "./.github/workflows/deploy.yml",
    "gitlab.com/my-group/components/deploy@*",
  ]
}
`
	p, err := Parse(".tollgate.hcl", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"my-org/ci-templates/.github/workflows/*.yml@v2*", "./.github/workflows/deploy.yml", "gitlab.com/my-group/components/deploy@*"}
	if p.Templates == nil || !slices.Equal(p.Templates.Approved, want) {
		t.Errorf("templates = %+v", p.Templates)
	}
	if p, err := Parse("x.hcl", []byte("gate {}\n")); err != nil || p.Templates != nil {
		t.Errorf("no templates block: %+v, %v", p.Templates, err)
	}
}

func TestParseTemplatesErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"unknown key":    {"templates {\n  aproved = [\"a\"]\n}\n", `x.hcl:2:3: Unsupported argument`},
		"not a list":     {"templates {\n  approved = \"a/b\"\n}\n", `x.hcl:2:`},
		"empty pattern":  {"templates {\n  approved = [\"a\", \" \"]\n}\n", `x.hcl:2:3: Invalid template pattern: an approved template pattern is empty.`},
		"white space":    {"templates {\n  approved = [\"a b\"]\n}\n", `x.hcl:2:3: Invalid template pattern: "a b" holds white space`},
		"bad glob":       {"templates {\n  approved = [\"a/[b\"]\n}\n", `x.hcl:2:3: Invalid template pattern: "a/[b" is not a valid pattern.`},
		"two blocks":     {"templates {}\ntemplates {}\n", `x.hcl:2:1: Duplicate templates block`},
		"nested unknown": {"templates {\n  extra {}\n}\n", `x.hcl:2:3: Unsupported block type`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("x.hcl", []byte(tc.src))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want *Error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}
