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
