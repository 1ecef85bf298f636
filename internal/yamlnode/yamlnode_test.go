package yamlnode

import (
	"slices"
	"testing"

	"go.yaml.in/yaml/v4"
)

func TestGetAndScalars(t *testing.T) {
	var doc yaml.Node
	src := "a: x\nb: [y, z, {c: d}]\ne: &anchor {f: g}\nh: *anchor\n"
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	if got := Scalars(Get(root, "a")); !slices.Equal(got, []string{"x"}) {
		t.Errorf("a = %q", got)
	}
	if got := Scalars(Get(root, "b")); !slices.Equal(got, []string{"y", "z"}) {
		t.Errorf("b = %q", got)
	}
	if Get(root, "missing") != nil || Get(Get(root, "a"), "x") != nil || Scalars(nil) != nil {
		t.Error("a missing key or a non-mapping gave a value")
	}
	if Get(Get(root, "h"), "f") != nil {
		t.Error("an alias was followed")
	}
	if Get(Get(root, "e"), "f") == nil {
		t.Error("a mapping's key was not found")
	}
}
