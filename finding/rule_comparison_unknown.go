package finding

// ComparisonUnknown reports a domain whose findings a pull-request run
// could not compare between the base and the head.
var ComparisonUnknown = Rule{
	ID:      "pr/comparison-unknown",
	Title:   "Pull-request comparison unknown for a domain",
	Default: High,
	Doc: `` + "`tollgate pr`" + ` tells new findings from existing ones by comparing the head's scan with
the base's. A domain that failed on either side (it could not run, or it loaded only
part of its files: a Go module missing from the cache, a package or file that did not
parse, where the other side did) cannot be compared: an old finding would look new
when the base failed, and a new one could hide when the head failed.

So the domain's comparison is **unknown**. Its head findings that the base does not also
have are counted neither new nor existing, its base findings missing from the head are
not counted fixed, and this finding says so in every output. It has the default
severity (high, so it fails the default gate) when the unknown could hide a finding
that fails the gate: the head side failed, or a finding it could not classify is at or
above the gate's severity. Otherwise (the base side failed and nothing it could hide
would fail the gate) it is reported as info.

**Fix.** Make both sides load: run ` + "`go mod download`" + ` for the base's ` + "`go.mod`" + ` as well as
the head's (a pull request that changes dependencies needs both in the module cache),
fix the file that does not parse, or read the domain's error in the report.`,
	Controls: []string{"SOC2:CC8.1"},
}

func init() { Register(ComparisonUnknown) }
