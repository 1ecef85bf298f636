package changerisk

import "github.com/tollgate-dev/tollgate/finding"

// CacheDirIgnored is reported when the policy still sets the removed
// `risk { cache_dir = ... }` key.
var CacheDirIgnored = finding.Rule{
	ID:      "risk/cache-dir-ignored",
	Title:   "Policy sets the removed risk cache_dir key, which is ignored",
	Default: finding.Info,
	Doc: `The policy file sets ` + "`cache_dir`" + ` in its ` + "`risk`" + ` block. The key is no longer
read: the change-risk cache lives where the user running tollgate says, never where the
scanned repository says.

**Why it matters.** The policy file is part of the repository being scanned, and a
scanned repository is untrusted: a pull request could point the cache at any
directory (` + "`cache_dir = \"../../somewhere\"`" + `) and have tollgate write and delete
files there. So the location now comes from the ` + "`--cache-dir`" + ` flag of
` + "`tollgate risk`" + `, the ` + "`TOLLGATE_CACHE_DIR`" + ` environment variable, or the user's cache
directory (` + "`$XDG_CACHE_HOME/tollgate`" + ` or its platform equivalent), in a folder per
repository. The scan is otherwise unchanged.

**Fix.** Remove ` + "`cache_dir`" + ` from the ` + "`risk`" + ` block. To keep the cache in a
chosen place (for example one your CI caches between runs), set
` + "`TOLLGATE_CACHE_DIR`" + ` in the job's environment.

Example message:

    risk { cache_dir } is ignored: the cache location comes from --cache-dir or TOLLGATE_CACHE_DIR, never from the repository`,
}

func init() { finding.Register(CacheDirIgnored) }
