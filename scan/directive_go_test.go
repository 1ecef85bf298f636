package scan

import (
	"testing"

	"github.com/tollgate-dev/tollgate/policy"
)

func TestGoDirectiveComments(t *testing.T) {
	src := []byte("package p\n\n" +
		"// recognises `//tollgate:ignore rule reason` in docs\n" +
		"var s = \"//tollgate:ignore go/x quoted\"\n" +
		"var r = `\n//tollgate:ignore go/y raw\n`\n" +
		"func f() {} //tollgate:ignore go/z real reason\n" +
		"/* tollgate:ignore go/w block reason */\n")
	ds := policy.ParseDirectives(goDirectiveComments(src))
	if len(ds) != 2 {
		t.Fatalf("got %d directives, want 2: %+v", len(ds), ds)
	}
	if ds[0].Line != 8 || ds[0].Col != 13 || ds[0].Rules[0] != "go/z" || ds[0].Reason != "real reason" {
		t.Errorf("first directive = %+v", ds[0])
	}
	if ds[1].Line != 9 || ds[1].Rules[0] != "go/w" {
		t.Errorf("second directive = %+v", ds[1])
	}
}

func FuzzGoDirectiveComments(f *testing.F) {
	f.Add([]byte("package p // tollgate:ignore go/x r\n"))
	f.Add([]byte("\"é//tollgate:ignore\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		out := goDirectiveComments(src)
		if len(out) != len(src) {
			t.Fatalf("length changed: %d -> %d", len(src), len(out))
		}
	})
}
