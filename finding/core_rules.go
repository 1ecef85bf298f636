package finding

// The rules of the engine itself: what happens when a file cannot be read or
// a suppression directive is malformed. Domains register their own.
var (
	// ParseError reports a file a domain could not parse.
	ParseError = Rule{
		ID:      "parse/error",
		Title:   "File could not be parsed",
		Default: High,
		Doc: `A file that tollgate analyses could not be parsed, so none of its rules ran on it.

The message gives the parser's own error with the file, line and column. Fix the
syntax (the tool the file is for would reject it too), or, for a file that is not
what its name says, exclude it in ` + "`.tollgate.hcl`" + ` with ` + "`exclude = [\"path/**\"]`" + `.
The scan goes on with every other file.`,
		Controls: []string{"SOC2:CC8.1"},
	}
	// FileTooLarge reports a file skipped for its size.
	FileTooLarge = Rule{
		ID:      "scan/file-too-large",
		Title:   "File skipped for its size",
		Default: Low,
		Doc: `A file that a domain would analyse is larger than the scan's size limit
(` + "`max_file_size`" + ` in ` + "`.tollgate.hcl`" + `, 4 MiB by default), so it was not read.

Pipeline and Terraform files that large are usually generated or hostile. Raise the
limit if the file is genuine, or exclude it.`,
	}
	// FileUnreadable reports a file that could not be read safely.
	FileUnreadable = Rule{
		ID:      "scan/file-unreadable",
		Title:   "File could not be read",
		Default: Medium,
		Doc: `A file could not be read: it is a symbolic link pointing outside the
repository, a binary file where text was expected, or the read failed.

tollgate never follows a link out of the repository root. Replace the link with the
file itself, or exclude the path.`,
	}
	// DirectiveMissingReason reports a suppression without a reason.
	DirectiveMissingReason = Rule{
		ID:      "policy/directive-missing-reason",
		Title:   "Suppression directive without a reason",
		Default: Medium,
		Doc: "A `tollgate:ignore` directive must say why the finding is accepted:\n\n" +
			"```go\n//tollgate:ignore go/ai-no-deadline the caller's context carries the deadline\n```\n\n" +
			"A directive without a reason suppresses nothing. Auditors read these reasons in the\n" +
			"report and the evidence packet.",
		Controls: []string{"SOC2:CC8.1", "ISO42001:A.6.2.8"},
	}
	// UnusedDirective reports a suppression that matched no finding.
	UnusedDirective = Rule{
		ID:      "policy/unused-directive",
		Title:   "Suppression directive matches nothing",
		Default: Low,
		Doc: "A `tollgate:ignore` directive stands on a line where (and above a line where) its rule\n" +
			"reports nothing. It is stale: the code changed or the rule no longer fires. Delete it,\n" +
			"so that it cannot hide a future finding silently.",
	}
	// PolicyExpired reports an ignore entry of the policy that matched nothing.
	UnusedIgnore = Rule{
		ID:      "policy/unused-ignore",
		Title:   "Policy ignore entry matches nothing",
		Default: Low,
		Doc: "An `ignore { ... }` block of `.tollgate.hcl` suppressed no finding in this scan.\n" +
			"Remove it, or narrow its rule and paths to what it is meant for.",
	}
)

func init() {
	Register(ParseError, FileTooLarge, FileUnreadable, DirectiveMissingReason, UnusedDirective, UnusedIgnore)
}
