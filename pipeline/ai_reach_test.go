package pipeline

import "testing"

// A secret but the GITHUB_TOKEN, or a variable or input named like a
// credential, puts a hosted model in reach; other names do not.
func TestTextReachesModel(t *testing.T) {
	for text, want := range map[string]bool{
		"${{ secrets.GITHUB_TOKEN }}":             false,
		"${{ secrets.github_token }}":             false,
		"${{ secrets.OPENAI_API_KEY }}":           true,
		"${{ secrets['LLM'] }}":                   true,
		"${{ vars.ANTHROPIC_KEY }}":               true,
		"${{ inputs.api-token }}":                 true,
		"${{ vars.REGION }} ${{ inputs.python }}": false,
		"python -m build && twine check dist/*":   false,
		"":                                        false,
	} {
		if got := textReachesModel(text); got != want {
			t.Errorf("textReachesModel(%q) = %v, want %v", text, got, want)
		}
	}
}
