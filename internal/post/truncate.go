package post

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Body limits of the platforms, in characters. Truncate counts bytes,
// never fewer than characters, so a body it keeps always fits.
const (
	// GitHubLimit is GitHub's limit on an issue or pull-request comment.
	GitHubLimit = 65536
	// GitLabLimit is GitLab's limit on a note.
	GitLabLimit = 1_000_000
)

// Truncate fits body into limit bytes. A body that fits is returned as it
// is. Otherwise it is cut at the last line break that fits (or a rune
// boundary when a single line is too long), every <details> left open and
// a code fence left open are closed so the rest of the page renders as
// before, and a note says how much was left out. It returns the new body
// and the number of bytes cut.
func Truncate(body string, limit int) (string, int) {
	if len(body) <= limit {
		return body, 0
	}
	const noteFmt = "\n\n---\n\n**This comment was cut to fit the platform's limit: %d characters left out.** The full report is in the job's output.\n"
	// Room for the note (its number at most 20 digits) and for closing
	// what the cut leaves open: at most one fence, and a bounded count of
	// </details>.
	reserve := len(noteFmt) + 20 + len("\n```\n")
	keep := limit - reserve
	if keep <= 0 {
		return "", len(body)
	}
	var kept string
	for {
		kept = cutUTF8(body, keep)
		if i := strings.LastIndexByte(kept, '\n'); i > len(kept)/2 {
			kept = kept[:i+1]
		}
		closing := closeOpen(kept)
		cut := len(body) - len(kept)
		out := kept + closing + fmt.Sprintf(noteFmt, cut)
		if len(out) <= limit {
			return out, cut
		}
		// Too many </details> to close: keep less and try again.
		keep -= len(out) - limit
		if keep <= 0 {
			return "", len(body)
		}
	}
}

// closeOpen returns what closes the code fence and the <details> blocks
// left open at the end of s.
func closeOpen(s string) string {
	var b strings.Builder
	fence := false
	open := 0
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			continue
		}
		if fence {
			continue
		}
		open += strings.Count(t, "<details>") - strings.Count(t, "</details>")
	}
	if !strings.HasSuffix(s, "\n") {
		b.WriteString("\n")
	}
	if fence {
		b.WriteString("```\n")
	}
	for ; open > 0; open-- {
		b.WriteString("\n</details>\n")
	}
	return b.String()
}

// cutUTF8 returns the longest prefix of s of at most n bytes that does not
// split a rune.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
