package finding

// DirectiveMissingReason reports a suppression without a reason.
var DirectiveMissingReason = Rule{
	ID:      "policy/directive-missing-reason",
	Title:   "Suppression directive without a reason",
	Default: Medium,
	Doc: "A `tollgate:ignore` directive must say why the finding is accepted:\n\n" +
		"```go\n//tollgate:ignore go/ai-no-deadline the caller's context carries the deadline\n```\n\n" +
		"A directive without a reason suppresses nothing. Auditors read these reasons in the\n" +
		"report and the evidence packet.",
	Controls: []string{"SOC2:CC8.1", "ISO42001:A.6.2.8"},
}

func init() { Register(DirectiveMissingReason) }
