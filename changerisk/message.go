package changerisk

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"
)

// ClassifierVersion names the revision of the fix and revert classifiers;
// it is part of the cache key.
const ClassifierVersion = "2"

var (
	fixWords  = lazyre.New(`(?i)\b(fix(e[sd]|ing)?|bug(s|fix)?|defects?|regressions?|crash(es|ed)?|panic(s|ked)?|hotfix|fault|incorrect(ly)?|wrong|broken|race|leak(s|ed)?|deadlock|nil pointer|null pointer|segfault|overflow|off[- ]by[- ]one|typo in code|repair)\b`)
	issueLink = lazyre.New(`(?i)\b(fix(e[sd])?|close[sd]?|resolve[sd]?)\s*:?\s*(#\d+|[a-z0-9_.-]+/[a-z0-9_.-]+#\d+|https?://\S+/issues/\d+|[A-Z][A-Z0-9]+-\d+)`)
	notFix    = lazyre.New(`(?i)^(docs?|chore|ci|build|style|refactor|test|tests|deps|release|bump|typo|readme|changelog|revert)(\(.*\))?!?:|^fix\((docs?|ci|deps|deps-dev|tests?|readme|changelog|lint|typos?|build|release)\)!?:|^(bump|update|upgrade) (dependency|dependencies|deps|go|golang|module|version)|^build\(deps\)|^bump |^revert "|^merge |(?i)typo|spelling|(fix(es|ed)?|update[sd]?) (the )?(docs?|documentation|readme|comments?|changelog|lint(er)?|linting|ci|tests?|test cases?|typos?|spelling|example)\b`)
	revertRE  = lazyre.New(`(?i)^revert\b|\bthis reverts commit [0-9a-f]{7,40}`)
)

// subject returns the first line of a commit message.
func subject(msg string) string {
	s, _, _ := strings.Cut(strings.TrimSpace(msg), "\n")
	return strings.TrimSpace(s)
}

// IsFix reports whether a commit message describes a bug fix: keywords or
// an issue link in the subject or body, and not a docs, chore, CI, test or
// dependency-bump change, nor a commit by a bot.
func IsFix(msg, authorName, authorEmail string) bool {
	if isBot(authorName, authorEmail) {
		return false
	}
	sub := subject(msg)
	if notFix.MatchString(sub) {
		return false
	}
	if fixWords.MatchString(sub) || issueLink.MatchString(msg) {
		return true
	}
	return false
}

// IsRevert reports whether a commit reverts another.
func IsRevert(msg string) bool { return revertRE.MatchString(msg) }

func isBot(name, email string) bool {
	l := strings.ToLower(name + " " + email)
	return strings.Contains(l, "[bot]") || strings.Contains(l, "dependabot") || strings.Contains(l, "renovate") ||
		strings.Contains(l, "github-actions") || strings.Contains(l, "greenkeeper") || strings.Contains(l, "snyk-bot") ||
		strings.Contains(l, "prombot")
}
