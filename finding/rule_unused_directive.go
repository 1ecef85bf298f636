package finding

// UnusedDirective reports a suppression that matched no finding.
var UnusedDirective = Rule{
	ID:      "policy/unused-directive",
	Title:   "Suppression directive matches nothing",
	Default: Low,
	Doc: "A `tollgate:ignore` directive stands on a line where (and above a line where) its rule\n" +
		"reports nothing. It is stale: the code changed or the rule no longer fires. Delete it,\n" +
		"so that it cannot hide a future finding silently.",
}

func init() { Register(UnusedDirective) }
