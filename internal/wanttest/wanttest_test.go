package wanttest

import (
	"testing"
)

func TestParse(t *testing.T) {
	src := []byte("a: 1 # want \"x\" `y+`\nb: 2\n// want \"z\"\n")
	ws, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 3 || ws[0].line != 1 || ws[1].re.String() != "y+" || ws[2].line != 3 {
		t.Fatalf("got %+v", ws)
	}
	if _, err := Parse([]byte(`# want "("`)); err == nil {
		t.Fatal("want an error for a bad regexp")
	}
}
