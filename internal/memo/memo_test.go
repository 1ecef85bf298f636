package memo

import (
	"strconv"
	"sync"
	"testing"
)

func TestGetComputesOncePerKey(t *testing.T) {
	var c Cache[int]
	calls := 0
	f := func(s string) int { calls++; return len(s) }
	for range 3 {
		if got := c.Get("abcd", f); got != 4 {
			t.Fatalf("Get = %d, want 4", got)
		}
	}
	if calls != 1 {
		t.Errorf("f ran %d times for one key, want 1", calls)
	}
}

func TestGetStaysBounded(t *testing.T) {
	c := Cache[string]{Max: 8}
	for i := range 100 {
		c.Get(strconv.Itoa(i), func(s string) string { return s })
	}
	if n := len(c.m); n > 8 {
		t.Errorf("cache holds %d entries, want at most 8", n)
	}
	if got := c.Get("99", func(string) string { return "recomputed" }); got != "99" {
		t.Errorf("the last key was dropped: got %q", got)
	}
}

func TestGetConcurrent(t *testing.T) {
	c := Cache[int]{Max: 16}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := strconv.Itoa((g + i) % 40)
				if got := c.Get(k, func(s string) int { n, _ := strconv.Atoi(s); return n }); strconv.Itoa(got) != k {
					t.Errorf("Get(%q) = %d", k, got)
					return
				}
			}
		}()
	}
	wg.Wait()
}
