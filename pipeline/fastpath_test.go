package pipeline

import "testing"

// TestWordSetIsHasAny: wordSet.in answers what hasAny answers, for the
// word lists it stands in for and for edge cases (an empty word, a word
// that is a prefix of another, a word at the end of the text).
func TestWordSetIsHasAny(t *testing.T) {
	lists := [][]string{cliWords, deployWords, {""}, {"ab", "a"}, {"push"}, nil}
	texts := []string{"", "a", "gh", "xgh", "claude-code", "npx @openai/codex exec", "kubectl apply -f x", "az login",
		"azure", "gem push x", "gem", "nothing here", "cnx", "xc", "git pus", "git push", "b", "ba"}
	for _, words := range lists {
		ws := newWordSet(words)
		for _, s := range texts {
			if got, want := ws.in(s), hasAny(s, words); got != want {
				t.Errorf("wordSet(%q).in(%q) = %v, hasAny says %v", words, s, got, want)
			}
		}
	}
}

// TestIsFullSHAIsFullSHA: isFullSHA answers what the fullSHA expression does.
func TestIsFullSHAIsFullSHA(t *testing.T) {
	sha := "0123456789abcdef0123456789abcdef01234567"
	for _, s := range []string{sha, sha[:39], sha + "0", "0123456789ABCDEF0123456789abcdef01234567", "g123456789abcdef0123456789abcdef01234567",
		sha[:39] + "\n", "", "v4", "main"} {
		if got, want := isFullSHA(s), fullSHA.MatchString(s); got != want {
			t.Errorf("isFullSHA(%q) = %v, fullSHA says %v", s, got, want)
		}
	}
}

// TestMayBeThresholdFlag: every flag thresholdFlag matches passes the cheap
// test in front of it (including a Unicode case fold the test leaves to
// the expression).
func TestMayBeThresholdFlag(t *testing.T) {
	for _, f := range []string{"--fail-under", "--FAIL_UNDER", "--threshold", "-min-accuracy", "--max-loss", "--f1-threshold",
		"--accuracy_min", "--score-threshold", "--Threshold", "--threſhold", "--verbose", "--fail-fast", "--maxfail", "--min-coverage", "-x"} {
		if thresholdFlag.MatchString(f) && !mayBeThresholdFlag(f) {
			t.Errorf("thresholdFlag matches %q but mayBeThresholdFlag refuses it", f)
		}
	}
}
