package finding

// UnusedIgnore reports an ignore entry of the policy that matched nothing.
var UnusedIgnore = Rule{
	ID:      "policy/unused-ignore",
	Title:   "Policy ignore entry matches nothing",
	Default: Low,
	Doc: "An `ignore { ... }` block of `.tollgate.hcl` suppressed no finding in this scan.\n" +
		"Remove it, or narrow its rule and paths to what it is meant for.",
}

func init() { Register(UnusedIgnore) }
