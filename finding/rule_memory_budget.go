package finding

// MemoryBudget reports a domain stopped because the run reached its memory
// budget.
var MemoryBudget = Rule{
	ID:      "scan/memory-budget",
	Title:   "Domain stopped by the memory budget",
	Default: High,
	Doc: `The run has a memory budget: ` + "`--max-memory`" + `, else ` + "`GOMEMLIMIT`" + `, else 80% of
the cgroup's memory limit, else 80% of the machine's memory. When the live heap reached
90% of it, the domains still running were stopped so that the run could finish and write
its report instead of being killed; the finding names each stopped domain and the
memory in use. That domain's findings are incomplete, and its section of the report may
be missing.

The finding is high by default so that a degraded run fails the default gate (` + "`fail_on = \"high\"`" + `)
rather than passing on the strength of an analysis that did not finish. Each occurrence has
its own fingerprint, so a baseline never accepts it and ` + "`tollgate pr`" + ` always counts it as new.

Fix: give the run more memory (` + "`--max-memory 2GiB`" + `, a larger container), or narrow the scan
(` + "`--skip`" + ` a domain, scan a subdirectory, exclude generated or vendored files in ` + "`.tollgate.hcl`" + `).`,
}

func init() { Register(MemoryBudget) }
