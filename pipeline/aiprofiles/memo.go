package aiprofiles

import "sync"

// memo caches a pure function of a name: workflows repeat the same
// `uses:` and variable names (GITHUB_TOKEN, actions/checkout) in every
// step, and each lookup scans the whole table. It is emptied when it
// reaches maxMemo entries, so a long-lived process stays bounded.
type memo[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

const maxMemo = 1 << 12

func (c *memo[T]) get(key string, f func(string) T) T {
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = f(key)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxMemo {
		c.m = make(map[string]T)
	}
	c.m[key] = v
	c.mu.Unlock()
	return v
}

var secretMemo, credentialMemo memo[string]
var profileMemo memo[*Profile]
