package pipeline

import "testing"

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
