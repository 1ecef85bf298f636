package pipeline

import (
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v4"
)

func TestNever(t *testing.T) {
	for cond, want := range map[string]bool{
		"false":        true,
		"${{ false }}": true,
		" ${{ false && github.event_name == 'push' }} ": true,
		"false && always()":                             true,
		"!true":                                         true,
		"false || false":                                true,
		"github.event_name == 'push' && false":          true,
		"":                                              false,
		"true":                                          false,
		"false || github.ref == 'refs/heads/main'": false,
		"always() || false":                        false,
		"${{ false }} && true":                     false, // a string: always true
		"'false'":                                  false,
		"!false":                                   false,
		"github.event.inputs.dry == false":         false,
	} {
		if got := never(cond); got != want {
			t.Errorf("never(%q) = %v, want %v", cond, got, want)
		}
	}
}

func TestNeverOn(t *testing.T) {
	for _, c := range []struct {
		cond string
		oses []string
		want bool
	}{
		{"runner.os == 'Windows'", []string{"Linux"}, true},
		{"${{ runner.os == 'windows' }}", []string{"Linux"}, true},
		{"'macOS' == runner.os", []string{"Linux", "Windows"}, true},
		{"runner.os != 'Linux'", []string{"Linux"}, true},
		{"runner.os == 'Windows' && github.event_name == 'push'", []string{"macOS"}, true},
		{"runner.os == 'Windows'", []string{"Linux", "Windows"}, false},
		{"runner.os == 'Linux'", []string{"Linux"}, false},
		{"runner.os == 'Windows' || github.event_name == 'push'", []string{"Linux"}, false},
		{"runner.arch == 'X64'", []string{"Linux"}, false},
		{"env.OS == 'Windows'", []string{"Linux"}, false},
	} {
		if got := neverOn(c.cond, c.oses); got != c.want {
			t.Errorf("neverOn(%q, %v) = %v, want %v", c.cond, c.oses, got, c.want)
		}
	}
	// Without a known runner the comparison is unknown.
	if never("runner.os == 'Windows'") {
		t.Error("never(runner.os == 'Windows') with no runner known")
	}
}

func TestNodeRunnerOS(t *testing.T) {
	for src, want := range map[string]string{
		"runs-on: ubuntu-latest":               "Linux",
		"runs-on: [self-hosted, windows-2022]": "Windows",
		"runs-on: {labels: macos-14}":          "macOS",
		"runs-on: self-hosted":                 "",
		"runs-on: ${{ inputs.runner }}":        "",
		"runs-on: ${{ matrix.os }}\nstrategy: {matrix: {os: [ubuntu-22.04, macos-14]}}":                        "Linux,macOS",
		"runs-on: ${{ matrix.os }}\nstrategy: {matrix: {os: [ubuntu-22.04], include: [{os: windows-latest}]}}": "Linux,Windows",
		"runs-on: ${{ matrix.os }}\nstrategy: {matrix: {os: [ubuntu-22.04, big-box]}}":                         "",
		"runs-on: ${{ matrix.os }}\nstrategy: {matrix: '${{ fromJSON(inputs.m) }}'}":                           "",
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(nodeRunnerOS(doc.Content[0]), ","); got != want {
			t.Errorf("nodeRunnerOS(%q) = %q, want %q", src, got, want)
		}
	}
}

// Three-valued && and ||: a known false side decides &&, a known true side
// decides ||, and otherwise an unknown side leaves the result unknown.
func TestFoldLogical(t *testing.T) {
	and, or := actionlint.LogicalOpNodeKindAnd, actionlint.LogicalOpNodeKindOr
	for _, c := range []struct {
		kind          actionlint.LogicalOpNodeKind
		l, lk, r, rk  bool
		want, wantKnw bool
	}{
		{and, false, true, true, false, false, true},
		{and, true, false, false, true, false, true},
		{and, true, true, true, true, true, true},
		{and, true, true, true, false, true, false},
		{or, true, true, false, false, true, true},
		{or, false, false, true, true, true, true},
		{or, false, true, false, true, false, true},
		{or, false, true, false, false, false, false},
	} {
		v, k := foldLogical(c.kind, c.l, c.lk, c.r, c.rk)
		if v != c.want || k != c.wantKnw {
			t.Errorf("foldLogical(%v, %v/%v, %v/%v) = %v/%v, want %v/%v", c.kind, c.l, c.lk, c.r, c.rk, v, k, c.want, c.wantKnw)
		}
	}
}
