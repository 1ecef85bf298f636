package lazyre

import (
	"sync"
	"testing"
)

func TestCompiledOnFirstUse(t *testing.T) {
	r := New(`a(b+)`)
	if r.re != nil {
		t.Fatalf("compiled before first use")
	}
	if got := r.FindStringSubmatch("xabbby"); len(got) != 2 || got[1] != "bbb" {
		t.Fatalf("FindStringSubmatch = %q, want the group %q", got, "bbb")
	}
	first, second := r.Get(), r.Get()
	if r.String() != `a(b+)` || first != second {
		t.Fatalf("the expression is not kept or is compiled twice")
	}
}

func TestConcurrentFirstUse(t *testing.T) {
	r := New(`^x+$`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !r.MatchString("xxx") {
				t.Errorf("no match for %q", "xxx")
			}
		}()
	}
	wg.Wait()
}

func TestInvalidPanicsOnUse(t *testing.T) {
	r := New(`(`)
	defer func() {
		if recover() == nil {
			t.Fatalf("an invalid expression did not panic on first use")
		}
	}()
	r.MatchString("")
}
