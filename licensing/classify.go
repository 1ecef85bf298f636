package licensing

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	classifier "github.com/google/licenseclassifier/v2"
	"github.com/google/licenseclassifier/v2/assets"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// EngineVersion names the classifier and its license corpus (the one
// go-licenses v2.0.1 uses) and the go-licenses type table. It is part of
// every cache key, so a cache written by another classifier is never read.
// The cache holds the classifier's raw matches only; tollgate's reading of
// them (coverage, extra lines, SPDX lines, choice) is redone on every run,
// so improving it never needs the cache cleared.
const EngineVersion = "licenseclassifier/v2@v2.0.0+go-licenses/v2@v2.0.1+cache/1"

// rawMatch is one match as the classifier returned it: what the cache holds.
type rawMatch struct {
	Name       string  `json:"name"`
	Type       string  `json:"type"`
	Confidence float64 `json:"confidence"`
	StartLine  int     `json:"start_line"`
	EndLine    int     `json:"end_line"`
}

type cacheEntry struct {
	Matches []rawMatch `json:"matches"`
}

// Match is one license the classifier found in a file.
type Match struct {
	// Name is the classifier's name for the license ("Apache-2.0", "BSD-3-Clause").
	Name string `json:"name"`
	// Kind is "License" for a full text, "Header" for a license header
	// (the "Licensed under the Apache License..." boilerplate), or "SPDX"
	// for an SPDX-License-Identifier line.
	Kind       string  `json:"kind"`
	Confidence float64 `json:"confidence"`
	StartLine  int     `json:"start_line"`
	EndLine    int     `json:"end_line"`
}

// FileVerdict is what classification says about one file's content.
type FileVerdict struct {
	Matches []Match `json:"matches"`
	// Lines is the number of non-blank lines.
	Lines int `json:"lines"`
	// Covered is the number of non-blank lines inside a match, or that are
	// copyright lines, titles or separators.
	Covered int `json:"covered"`
	// Extra holds the first few lines (1-based) that no license accounts
	// for; any makes the verdict needs-review.
	Extra []int `json:"extra,omitempty"`
	// Choice is set when the text offers a choice of licenses ("at your
	// option", "dual-licensed").
	Choice bool `json:"choice,omitempty"`
	// SPDX holds the expressions of SPDX-License-Identifier lines.
	SPDX []string `json:"spdx,omitempty"`
}

// Coverage is the share of non-blank lines accounted for, 0..1.
func (v *FileVerdict) Coverage() float64 {
	if v.Lines == 0 {
		return 0
	}
	return float64(v.Covered) / float64(v.Lines)
}

// Classifier classifies license texts, each distinct content once: results
// are kept in memory and, when a cache directory is set, on disk, keyed by
// the SHA-256 of the content. The underlying classifier is loaded on the
// first miss only, so a run whose files are all cached never loads it.
type Classifier struct {
	dir string

	once    sync.Once
	preOnce sync.Once
	c       *classifier.Classifier
	err     error

	mu  sync.Mutex
	mem map[string][]rawMatch
	// Loaded, Hits and Misses count what happened, for tests and benchmarks.
	Loaded       bool
	Hits, Misses int
}

// NewClassifier returns a classifier whose on-disk cache is cacheDir; empty
// means no on-disk cache.
func NewClassifier(cacheDir string) *Classifier {
	if cacheDir != "" {
		cacheDir = filepath.Join(cacheDir, cacheKey(EngineVersion)[:16])
	}
	return &Classifier{dir: cacheDir, mem: map[string][]rawMatch{}}
}

// DefaultCacheDir is the on-disk cache used when none is configured:
// $XDG_CACHE_HOME/tollgate/licenses or its platform equivalent.
func DefaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "tollgate", "licenses")
}

func cacheKey(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// HashOf returns the hex SHA-256 of data.
func HashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// preload starts loading the classifier in the background when a cold
// run is likely (the module graph was not cached): loading takes about as
// long as go list, and the two overlap on a second core. A run that then
// finds every text cached has spent CPU, not wall time.
func (c *Classifier) preload() {
	c.preOnce.Do(func() {
		c.mu.Lock()
		empty := len(c.mem) == 0
		c.mu.Unlock()
		if empty {
			go func() { _ = c.load() }()
		}
	})
}

func (c *Classifier) load() error {
	c.once.Do(func() {
		c.c, c.err = assets.DefaultClassifier()
		c.mu.Lock()
		c.Loaded = true
		c.mu.Unlock()
	})
	return c.err
}

// Classify returns the verdict on data, whose hex SHA-256 is sum.
func (c *Classifier) Classify(sum string, data []byte) (*FileVerdict, error) {
	c.mu.Lock()
	if m, ok := c.mem[sum]; ok {
		c.Hits++
		c.mu.Unlock()
		return analyseMatches(m, data), nil
	}
	c.mu.Unlock()
	if m, ok := c.readDisk(sum); ok {
		c.mu.Lock()
		c.mem[sum] = m
		c.Hits++
		c.mu.Unlock()
		return analyseMatches(m, data), nil
	}
	if err := c.load(); err != nil {
		return nil, fmt.Errorf("load license classifier: %w", err)
	}
	m := rawMatches(c.c, data)
	c.mu.Lock()
	c.mem[sum] = m
	c.Misses++
	c.mu.Unlock()
	c.writeDisk(sum, m)
	return analyseMatches(m, data), nil
}

func (c *Classifier) path(sum string) string {
	return filepath.Join(c.dir, sum[:2], sum+".json")
}

func (c *Classifier) readDisk(sum string) ([]rawMatch, bool) {
	if c.dir == "" {
		return nil, false
	}
	b, err := safefs.ReadTrusted(c.path(sum), maxCacheEntryBytes)
	if err != nil {
		return nil, false
	}
	return decodeCacheEntry(b)
}

const (
	// maxCacheEntryBytes caps a classification cache file; a real one is
	// a few hundred bytes.
	maxCacheEntryBytes = 1 << 20
	// maxCachedMatches caps the matches of one cached entry; the
	// classifier finds a handful in a real file.
	maxCachedMatches = 1024
)

// decodeCacheEntry reads a classification cache file; ok is false for one
// that is damaged, or so large it could only have been planted (the
// cache is the user's, but a shared CI cache is written by other runs).
func decodeCacheEntry(b []byte) ([]rawMatch, bool) {
	var e cacheEntry
	if len(b) > maxCacheEntryBytes || json.Unmarshal(b, &e) != nil || len(e.Matches) > maxCachedMatches {
		return nil, false
	}
	if e.Matches == nil {
		e.Matches = []rawMatch{}
	}
	return e.Matches, true
}

// writeDisk stores matches through a temporary file and a rename, so a
// reader never sees half an entry. Failing to write is not an error: the
// cache only saves time.
func (c *Classifier) writeDisk(sum string, m []rawMatch) {
	if c.dir == "" {
		return
	}
	b, err := json.Marshal(cacheEntry{Matches: m})
	if err != nil {
		return
	}
	writeAtomic(c.path(sum), b)
}

var (
	spdxLine  = lazyre.New(`(?i)SPDX-License-Identifier:\s*([A-Za-z0-9.+\-() ]+)`)
	choiceRe  = lazyre.New(`(?i)\b(at your (option|choice)|dual[- ]licen[cs]ed|licen[cs]ed under either|choose (either|one)|under the terms of either)\b`)
	copyright = lazyre.New(`(?i)^\W*(copyright\b|\(c\)|©|all rights reserved|portions copyright|copyright \(c\))`)
	// titleLine is a license's own title or a heading, which the classifier
	// does not include in a match.
	titleLine = lazyre.New(`(?i)^\W*((the )?(mit|isc|bsd|apache|mozilla|unlicense|zlib|0bsd|boost|mpl|gnu|lesser|general|public|software|license|licence|licensed|version|[0-9.]+|\(mit\)|\(expat\)|\(the "license"\)|[23]-clause|new|simplified|revised|and|or|v[0-9.]+|-|,|:)\s*)+\W*$`)
	// sepLine is a line of punctuation only.
	sepLine = lazyre.New(`^[\s\W_]*$`)
	// attribLine names who a component or copy is from, as license files
	// that concatenate several texts do ("This product includes software
	// developed by..." is a line some licenses require, so it is not extra).
	attribLine = lazyre.New(`(?i)^\W*(this (product|software|package|library|project) (includes|contains|is)|developed by|originally (written|developed|from)|modified by|authors?:|contributors?:|https?://\S+\W*$|\S+@\S+\.\S+\W*$)`)
	// linkLine is a Markdown link definition ("[others]: https://...") or
	// a bundled component's address field ("Repository: <https://...>"),
	// as bundlers write them into the notices of what they bundle.
	linkLine = lazyre.New(`(?i)^(\[[^\]]+\]|(repository|homepage|source|website|url|bugs)\s*)\s*:\s*<?(https?|git)(\+\w+)?://\S+?>?\s*$`)
	// componentHeading is a Markdown heading naming a bundled component at
	// a version ("### @babel/code-frame@v7.26.2").
	// personLine is a name with an address, as lists of authors and
	// contributors write it ("- Jane Doe <jane@example.com> (https://jane.dev)").
	personLine       = lazyre.New(`^[\s>*-]*[\pL .'-]{1,60}?(\s*(<\S+@\S+>|\(https?://\S+\)))+\s*$`)
	componentHeading = lazyre.New(`^#{1,6}\s+\S+@v?\d\S*\s*$`)
)

// rawMatches runs the classifier.
func rawMatches(c *classifier.Classifier, data []byte) []rawMatch {
	out := []rawMatch{}
	for _, m := range c.Match(data).Matches {
		out = append(out, rawMatch{Name: m.Name, Type: m.MatchType, Confidence: m.Confidence, StartLine: m.StartLine, EndLine: m.EndLine})
	}
	return out
}

// analyseMatches reads the classifier's matches against the text: which
// licenses, how much of the text they cover, what lines are left over,
// SPDX lines, and whether the text offers a choice.
func analyseMatches(matches []rawMatch, data []byte) *FileVerdict {
	v := &FileVerdict{}
	seen := map[string]bool{}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if extra := shippedMatches(lines); len(extra) > 0 {
		// The texts as projects ship them that the classifier's corpus
		// does not know (shipped.go); the classifier's own match of the
		// same license, if any, is kept.
		matches = append(slices.Clone(matches), extra...)
	}
	matches = bsdViews(lines, ccPreamble(lines, pythonStack(lines, matches)))
	covered := make([]bool, len(lines)+2)
	// Lines inside a match, marked in one pass (a difference array), so
	// that many long matches cost no more than one.
	span := make([]int, len(lines)+2)
	for _, m := range matches {
		if m.Type != "License" && m.Type != "Header" {
			continue
		}
		if lo, hi := max(m.StartLine, 1), min(m.EndLine, len(lines)); lo <= hi {
			span[lo]++
			span[hi+1]--
		}
	}
	for l, run := 1, 0; l <= len(lines); l++ {
		run += span[l]
		covered[l] = run > 0
	}
	coverRider(lines, matches, covered)
	for _, m := range matches {
		if m.Type != "License" && m.Type != "Header" {
			continue
		}
		k := m.Type + "\x00" + m.Name
		if seen[k] {
			continue
		}
		seen[k] = true
		v.Matches = append(v.Matches, Match{Name: m.Name, Kind: m.Type, Confidence: round3(m.Confidence), StartLine: m.StartLine, EndLine: m.EndLine})
	}
	for i, l := range lines {
		if sm := spdxLine.FindStringSubmatch(l); sm != nil {
			expr := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(sm[1]), "*/"))
			if expr != "" && !slices.Contains(v.SPDX, expr) {
				v.SPDX = append(v.SPDX, expr)
				v.Matches = append(v.Matches, Match{Name: expr, Kind: "SPDX", Confidence: 1, StartLine: i + 1, EndLine: i + 1})
			}
			covered[i+1] = true
		}
	}
	// A choice offered by the file's own prose ("dual-licensed", "at your
	// option"), not by a license's text: the MPL-2.0 lets a recipient
	// distribute "under the terms of either this License or such Secondary
	// License", and the GPL's appendix says "or (at your option) any later
	// version"; neither makes a file holding them a choice between its
	// licenses.
	inText := make([]bool, len(lines)+2)
	for _, m := range matches {
		if m.Type == "License" {
			for l := max(m.StartLine, 1); l <= min(m.EndLine, len(lines)); l++ {
				inText[l] = true
			}
		}
	}
	var prose strings.Builder
	for i, l := range lines {
		if !inText[i+1] {
			prose.WriteString(l)
			prose.WriteByte('\n')
		}
	}
	if choiceRe.MatchString(prose.String()) {
		v.Choice = true
	}
	// A short paragraph that introduces a further license text ("The
	// lexer borrows from X; its license is copied below:", "AVL Tree:")
	// is attribution, not an extra term, when a license match follows it
	// and it contains no restrictive wording.
	lastStart, firstStart := 0, len(lines)+1
	for _, m := range matches {
		if m.Type == "License" || m.Type == "Header" {
			lastStart = max(lastStart, m.StartLine)
			firstStart = min(firstStart, m.StartLine)
		}
	}
	for start := 0; start < len(lines); {
		if strings.TrimSpace(lines[start]) == "" || covered[start+1] {
			start++
			continue
		}
		end := start
		for end+1 < len(lines) && strings.TrimSpace(lines[end+1]) != "" && !covered[end+2] {
			end++
		}
		para := strings.Join(lines[start:end+1], " ")
		title := (end == start && start+1 < firstStart && isTitle(para)) ||
			(end-start < 3 && start+1 < firstStart && titleBlock(lines[start:end+1]))
		if title || fileList(lines[start:end+1]) || (end-start < 4 && start+1 < lastStart && introduces(para)) ||
			(end-start < 3 && describes(lines[:start], para)) {
			for l := start; l <= end; l++ {
				covered[l+1] = true
			}
		}
		start = end + 1
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		v.Lines++
		switch {
		case covered[i+1], sepLine.MatchString(t), copyright.MatchString(t), titleLine.MatchString(t), attribLine.MatchString(t), linkLine.MatchString(t), personLine.MatchString(t), heading(t):
			v.Covered++
		case len(v.Matches) > 0 && choiceRe.MatchString(t):
			v.Covered++
		default:
			if len(v.Extra) < 8 {
				v.Extra = append(v.Extra, i+1)
			}
		}
	}
	// Keep only the names of matches in a stable order: by position, then name.
	slices.SortStableFunc(v.Matches, func(a, b Match) int {
		if a.StartLine != b.StartLine {
			return a.StartLine - b.StartLine
		}
		return strings.Compare(a.Name, b.Name)
	})
	return v
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// lineText returns line n (1-based) of data, trimmed, for evidence.
func lineText(data []byte, n int) string {
	lines := bytes.Split(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		return ""
	}
	s := strings.TrimSpace(string(lines[n-1]))
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// readmeChoice reports whether a README offers a choice of licenses in a
// paragraph that talks about licensing ("Licensed under either of Apache
// License 2.0 or MIT license at your option").
func readmeChoice(b []byte) bool {
	if !choiceRe.Match(b) {
		return false
	}
	for _, para := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n\n") {
		if choiceRe.MatchString(para) && strings.Contains(strings.ToLower(para), "licen") {
			return true
		}
	}
	return false
}

var (
	introWords  = lazyre.New(`(?i)\b(below|following|copied|reproduced|separate|borrow(s|ed)?|derived|derivative work|based on|portions|included|provided with|taken from|licen[cs]ed under|distributed under|covered by|governed by|applies to|apply to|(created|written) by|(are|is) listed (at|in))\b`)
	restrictive = lazyre.New(`(?i)\b(not|no|never|must|shall|only|prohibit\w*|forbid\w*|restrict\w*|except|unless|commercial|evil|military)\b`)
)

// introduces reports whether a paragraph reads as an introduction to a
// further license text rather than a term of its own.
func introduces(para string) bool {
	t := strings.TrimSpace(para)
	if restrictive.MatchString(t) {
		return false
	}
	// A label: "AVL Tree:", "Go Language Copyright & License -".
	if strings.HasSuffix(t, ":") || strings.HasSuffix(t, "-") || strings.HasSuffix(t, "–") || strings.HasSuffix(t, "—") {
		if len(strings.Fields(t)) <= 6 {
			return true
		}
	}
	return introWords.MatchString(t)
}

// describes reports whether a short paragraph is the description of a
// bundled component whose heading ("### name@v1.2.3") is the line before
// it, as in the notices bundlers write: a label, unless it holds
// restrictive wording.
func describes(before []string, para string) bool {
	for i := len(before) - 1; i >= 0; i-- {
		if t := strings.TrimSpace(before[i]); t != "" {
			return componentHeading.MatchString(t) && !restrictive.MatchString(para)
		}
	}
	return false
}

// isTitle reports whether a one-line paragraph before the first license
// text reads as the project's name or tagline: short, no sentence, no
// restrictive wording.
func isTitle(line string) bool {
	t := strings.TrimSpace(line)
	return len(strings.Fields(t)) <= 10 && !strings.HasSuffix(t, ".") && !restrictive.MatchString(t)
}

// mdHeading is a Markdown ATX heading ("## Third-party code").
var mdHeading = lazyre.New(`^#{1,6}\s+(.*?)\s*#*$`)

// heading reports whether a line is a Markdown heading that reads as a
// title: a heading is a label, never a term, unless it holds restrictive
// wording.
func heading(line string) bool {
	m := mdHeading.FindStringSubmatch(strings.TrimSpace(line))
	return m != nil && isTitle(m[1])
}

// titleBlock reports whether a short paragraph before the first license
// text is titles only: the license's title with the project's name on the
// next line ("MIT License" / "Acme Widget"), or a name underlined as a
// heading ("Acme Widget" / "==========="). Each line is a title, a
// heading, an underline, or short with no sentence and no restrictive
// wording.
func titleBlock(lines []string) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || sepLine.MatchString(t) || titleLine.MatchString(t) || heading(t) || copyright.MatchString(t) {
			continue
		}
		if !isTitle(t) {
			return false
		}
	}
	return true
}

// fileList reports whether every line lists file names or globs only
// ("Files: s2/*", "apic.go emitterc.go"), as license files that say which
// files each text covers do.
func fileList(lines []string) bool {
	for _, l := range lines {
		if sepLine.MatchString(l) {
			continue
		}
		toks := strings.Fields(strings.TrimSpace(l))
		if len(toks) > 0 && strings.EqualFold(toks[0], "files:") {
			toks = toks[1:]
		}
		if len(toks) == 0 {
			return false
		}
		for _, tok := range toks {
			if !strings.ContainsAny(tok, "./*") || strings.HasSuffix(tok, ".") || strings.ContainsAny(tok, "()\"'") {
				return false
			}
		}
	}
	return true
}
