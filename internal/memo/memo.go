// Package memo caches pure functions of a string for the life of a process,
// bounded: a cache is emptied when it reaches its limit, so a long-lived
// process (an org scan) does not keep every key it saw.
package memo

import "sync"

// Cache remembers f(key) for the keys Get was asked. It is safe for
// concurrent use; values are shared, so callers only read them. Max bounds
// the number of entries (DefaultMax when zero).
type Cache[T any] struct {
	Max int
	mu  sync.Mutex
	m   map[string]T
}

// DefaultMax is the bound of a Cache whose Max is zero.
const DefaultMax = 1 << 12

// Get returns f(key), computing it once per key while the entry lasts. f
// runs without the lock held, so two callers may compute the same key once
// each; f must be pure.
func (c *Cache[T]) Get(key string, f func(string) T) T {
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = f(key)
	max := c.Max
	if max <= 0 {
		max = DefaultMax
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= max {
		c.m = make(map[string]T)
	}
	c.m[key] = v
	c.mu.Unlock()
	return v
}
