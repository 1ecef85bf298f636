package policy

import (
	"strings"
	"testing"
)

func TestTagsBlock(t *testing.T) {
	p, err := Parse("p.hcl", []byte(`tags {
  required          = ["cost-center", "owner"]
  provider_coverage = true
  value "cost-center" { pattern = "^CC-[0-9]{4}$" }
  value "owner" { allowed = ["ml", "web"] }
}
`))
	if err != nil {
		t.Fatal(err)
	}
	tg := p.Tags
	if len(tg.Required) != 2 || tg.ProviderCoverage == nil || !*tg.ProviderCoverage || len(tg.Values) != 2 {
		t.Fatalf("tags = %+v", tg)
	}
	if tg.Values[0].Key != "cost-center" || *tg.Values[0].Pattern != "^CC-[0-9]{4}$" || tg.Values[1].Allowed[1] != "web" {
		t.Errorf("values = %+v", tg.Values)
	}
}

func TestTagsBlockErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"tags {\n  value \"a\" { pattern = \"(\" }\n}\n", "p.hcl:2:3: Invalid pattern"},
		{"tags {\n  value \"a\" {}\n  value \"a\" {}\n}\n", "p.hcl:3:3: Duplicate value block"},
		{"tags {\n  requird = []\n}\n", "p.hcl:2:3: Unsupported argument"},
	} {
		_, err := Parse("p.hcl", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.src, err, c.want)
		}
	}
}
