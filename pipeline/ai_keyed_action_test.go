package pipeline

import "testing"

func TestKeyedAction(t *testing.T) {
	for _, c := range []struct {
		uses, key, value string
		want             bool
	}{
		{"example/llm-translate@main", "apikey", "${{ secrets.OPENAI_API_KEY }}", true},
		{"example/review@v1", "anthropic_token", "${{ secrets.PROD_ANTHROPIC }}", true},
		{"example/deploy-run@v2", "env_vars", "OPENAI_API_KEY=${{ secrets.OPENAI_API_KEY }}", false},
		{"docker/build-push-action@v6", "build-args", "KEY=${{ secrets.OPENAI_API_KEY }}", false},
		{"example/notify@v1", "api-key", "${{ secrets.SLACK_API_KEY }}", false},
		{"./.github/actions/run", "api-key", "${{ secrets.OPENAI_API_KEY }}", false},
		{"actions/github-script@v7", "github-token", "${{ secrets.OPENAI_API_KEY }}", false},
		{"example/x@v1", "api-key", "${{ secrets.OPENAI_API_KEY || secrets.BACKUP }} extra", false},
	} {
		s := &Step{Uses: c.uses, With: []KV{{Key: c.key, Value: c.value}}}
		if _, got := keyedAction(s); got != c.want {
			t.Errorf("keyedAction(%s, %s: %s) = %v, want %v", c.uses, c.key, c.value, got, c.want)
		}
	}
}
