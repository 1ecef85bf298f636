package aiprofiles

import "github.com/tollgate-dev/tollgate/internal/memo"

// Lookups are pure functions of a name, and workflows repeat the same
// `uses:` and variable names (GITHUB_TOKEN, actions/checkout) in every step
// while each lookup scans the whole table: each is remembered per name.
var secretMemo, credentialMemo memo.Cache[string]
var profileMemo memo.Cache[*Profile]
