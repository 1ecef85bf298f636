// Package lazyre holds regular expressions compiled on first use rather than
// at package initialisation: tollgate is one binary whose every package
// initialises in every process (the supervisor's parent included), while a
// run uses the expressions of the domains it analyses only.
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled the first time it is used; an
// invalid expression panics then, as regexp.MustCompile would have at start-up.
type Regexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

// New returns the expression src, not compiled yet.
func New(src string) *Regexp { return &Regexp{src: src} }

// Get returns the compiled expression.
func (r *Regexp) Get() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.src) })
	return r.re
}

func (r *Regexp) String() string                       { return r.src }
func (r *Regexp) MatchString(s string) bool            { return r.Get().MatchString(s) }
func (r *Regexp) Match(b []byte) bool                  { return r.Get().Match(b) }
func (r *Regexp) FindString(s string) string           { return r.Get().FindString(s) }
func (r *Regexp) FindStringIndex(s string) []int       { return r.Get().FindStringIndex(s) }
func (r *Regexp) FindStringSubmatch(s string) []string { return r.Get().FindStringSubmatch(s) }
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	return r.Get().FindStringSubmatchIndex(s)
}
func (r *Regexp) FindAllString(s string, n int) []string { return r.Get().FindAllString(s, n) }
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.Get().FindAllStringIndex(s, n)
}
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.Get().FindAllStringSubmatch(s, n)
}
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.Get().FindAllStringSubmatchIndex(s, n)
}
func (r *Regexp) FindSubmatch(b []byte) [][]byte { return r.Get().FindSubmatch(b) }
func (r *Regexp) FindAllSubmatch(b []byte, n int) [][][]byte {
	return r.Get().FindAllSubmatch(b, n)
}
func (r *Regexp) FindAllIndex(b []byte, n int) [][]int { return r.Get().FindAllIndex(b, n) }
func (r *Regexp) FindIndex(b []byte) []int             { return r.Get().FindIndex(b) }
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.Get().ReplaceAllString(src, repl)
}
func (r *Regexp) ReplaceAllLiteralString(src, repl string) string {
	return r.Get().ReplaceAllLiteralString(src, repl)
}
func (r *Regexp) ReplaceAllStringFunc(src string, f func(string) string) string {
	return r.Get().ReplaceAllStringFunc(src, f)
}
func (r *Regexp) SubexpIndex(name string) int    { return r.Get().SubexpIndex(name) }
func (r *Regexp) SubexpNames() []string          { return r.Get().SubexpNames() }
func (r *Regexp) Split(s string, n int) []string { return r.Get().Split(s, n) }
