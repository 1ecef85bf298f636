package iac

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestScanShape checks the measures of the lexical pass: every way to deepen
// a syntax tree counts, and what only looks like it (brackets in strings,
// comments and heredocs, dashes in names, long flat lists) does not.
func TestScanShape(t *testing.T) {
	tests := []struct {
		name         string
		src          string
		depth, chain int
	}{
		{"flat", "a = 1\nb = \"x\"\n", 1, 0}, // a string is a level
		{"block", "resource \"a\" \"b\" {\n  tags = { a = 1 }\n}\n", 2, 0},
		{"plus chain", "x = 1" + strings.Repeat(" + 1", 50) + "\n", 0, 50},
		{"chain over lines in parens", "x = (1\n+ 1\n+ 1)\n", 1, 2},
		{"chain resets per line", strings.Repeat("x = 1 + 1\n", 50), 0, 1},
		{"chain resets per item", "x = [" + strings.Repeat("1 + 1, ", 50) + "]\n", 1, 1},
		{"nested chains add up", "x = 1 + (1 + (1 + 1))\n", 2, 3},
		{"unary", "x = " + strings.Repeat("!", 30) + "true\n", 0, 30},
		{"conditional", "x = " + strings.Repeat("a ? 1 : ", 20) + "2\n", 0, 20},
		{"index chain", "x = y" + strings.Repeat("[a]", 10) + "\n", 1, 10},
		{"comparison and logic", "x = a == b && c != d || e >= f\n", 0, 5},
		{"for arrow", "x = { for k, v in m : k => v }\n", 1, 0},
		{"dashes in names", "cost-center-owner-team-x = var.a-b-c-d\n", 0, 0},
		{"negative numbers and exponents", "x = [1e-5, 2E+3, 4.5]\n", 1, 0},
		{"brackets in strings", "x = \"{{{{[[[[((((\"\n", 1, 0},
		{"brackets in comments", "# {{{{\n// [[[[\n/* (((( */\nx = 1\n", 0, 0},
		{"interpolation", "x = \"a ${b + c} d\"\n", 2, 1},
		{"escaped interpolation", "x = \"$${a + b} %%{if}\"\n", 1, 0},
		{"template if nesting", "x = \"" + strings.Repeat("%{if a}", 5) + strings.Repeat("%{endif}", 5) + "\"\n", 2, 5},
		{"heredoc is opaque but interpolations count", "x = <<EOT\n{{{{ ((( \"\n${a + b}\nEOT\ny = 1\n", 2, 1},
		{"indented heredoc", "x = <<-EOT\n  {{{\n  EOT\n", 1, 0},
		{"shift is not a heredoc", "x = a << b\n", 0, 1},
		{"unterminated string ends at the line", "x = \"abc\ny = {\n}\n", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh := scanShape([]byte(tt.src), 0)
			if sh.depth != tt.depth || sh.chain != tt.chain {
				t.Errorf("depth %d chain %d, want %d %d", sh.depth, sh.chain, tt.depth, tt.chain)
			}
		})
	}
}

// TestScanShapeCuts checks that cuts fall only at top-level lines: never in
// a block, a heredoc, a comment or a multi-line expression.
func TestScanShapeCuts(t *testing.T) {
	src := "a {\n  b = 1\n}\nx = <<EOT\nnot_a_cut {\nEOT\n/*\ncomment {\n*/\ny = [\n  z,\n]\nlast {}\n"
	sh := scanShape([]byte(src), 1)
	var got []string
	for _, c := range sh.cuts {
		line, _, _ := strings.Cut(src[c:], "\n")
		got = append(got, line)
	}
	want := []string{"x = <<EOT", "y = [", "last {}"}
	if !slices.Equal(got, want) {
		t.Errorf("cuts at %q, want %q", got, want)
	}
}

// TestParsePieces checks that parsing in pieces gives the blocks and
// attributes, at the same positions, and the errors, of parsing whole: on
// every fixture, on a generated configuration, and on files whose pieces
// are cut wrongly or hold errors.
func TestParsePieces(t *testing.T) {
	inputs := map[string][]byte{
		"generated.tf": genTerraform(200<<10, "g"),
		"errors.tf":    []byte("a {\n}\nb = \nc {\n  d = [\n}\ne {}\nf = 1\nf = 2\n"),
		"heredoc.tf":   []byte("a = <<EOT\nb {\nEOT\nc {}\nd = <<-X\n  e {\n  X\n"),
		"bom.tf":       []byte("\xef\xbb\xbfa {}\nb {}\n"),
		"crlf.tf":      []byte("a {\r\n}\r\nb = <<EOT\r\nc {\r\nEOT\r\nd {}\r\n"),
	}
	files, _ := filepath.Glob("testdata/*/*/*.tf")
	more, _ := filepath.Glob("testdata/*/*/*/*/*.tf")
	for _, f := range append(files, more...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.ToSlash(f)] = src
	}
	for name, src := range inputs {
		whole, wdiags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		want := outline(whole.Body.(*hclsyntax.Body))
		var got []string
		gdiags := parseEach(name, src, 1, func(b hcl.Body) { got = append(got, outline(b.(*hclsyntax.Body))...) })
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: pieces give\n%s\nwhole gives\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if g, w := diagLines(gdiags), diagLines(wdiags); !slices.Equal(g, w) {
			t.Errorf("%s: pieces report %q, whole %q", name, g, w)
		}
	}
}

func outline(b *hclsyntax.Body) []string {
	var out []string
	for name, a := range b.Attributes {
		out = append(out, fmt.Sprintf("attr %s %s %s", name, a.SrcRange, a.Expr.Range()))
	}
	for _, blk := range b.Blocks {
		out = append(out, fmt.Sprintf("block %s %q %s %s", blk.Type, blk.Labels, blk.DefRange(), blk.Body.SrcRange))
	}
	return out
}

func diagLines(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			out = append(out, fmt.Sprintf("%s: %s", d.Subject, d.Summary))
		}
	}
	slices.Sort(out)
	return out
}
