package licensing

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp"
)

// Category is the go-licenses license type of a license, the unit that
// per-category policy acts on.
type Category string

// The categories, from the least to the most encumbering. Unknown is last:
// a license nobody has categorized is treated as the worst case.
const (
	Unencumbered Category = "unencumbered"
	Permissive   Category = "permissive"
	Notice       Category = "notice"
	Reciprocal   Category = "reciprocal"
	Restricted   Category = "restricted"
	Forbidden    Category = "forbidden"
	Unknown      Category = "unknown"
)

// Categories lists every category in order, least encumbering first.
var Categories = []Category{Unencumbered, Permissive, Notice, Reciprocal, Restricted, Forbidden, Unknown}

// spdxOfName maps classifier names that are not SPDX identifiers, or are
// deprecated ones, to SPDX. "GPL-2.0" is the deprecated SPDX identifier
// for GPL-2.0-only: a license text alone cannot say "or later", which lives
// in source headers, so the conservative reading is kept.
var spdxOfName = map[string]string{
	"GPL-1.0":                          "GPL-1.0-only",
	"GPL-2.0":                          "GPL-2.0-only",
	"GPL-3.0":                          "GPL-3.0-only",
	"LGPL-2.0":                         "LGPL-2.0-only",
	"LGPL-2.1":                         "LGPL-2.1-only",
	"LGPL-3.0":                         "LGPL-3.0-only",
	"AGPL-1.0":                         "AGPL-1.0-only",
	"AGPL-3.0":                         "AGPL-3.0-only",
	"BSD-0-Clause":                     "0BSD",
	"Business-Source-License-1.1":      "BUSL-1.1",
	"Apache-with-LLVM-Exception":       "Apache-2.0 WITH LLVM-exception",
	"GPL-2.0-with-classpath-exception": "GPL-2.0-only WITH Classpath-exception-2.0",
	"GPL-2.0-with-GCC-exception":       "GPL-2.0-only WITH GCC-exception-2.0",
	"GPL-2.0-with-autoconf-exception":  "GPL-2.0-only WITH Autoconf-exception-2.0",
	"GPL-2.0-with-bison-exception":     "GPL-2.0-or-later WITH Bison-exception-2.2",
	"GPL-2.0-with-font-exception":      "GPL-2.0-only WITH Font-exception-2.0",
	"GPL-3.0-with-GCC-exception":       "GPL-3.0-only WITH GCC-exception-3.1",
	"GPL-3.0-with-autoconf-exception":  "GPL-3.0-only WITH Autoconf-exception-3.0",
	"GPL-3.0-with-bison-exception":     "GPL-3.0-or-later WITH Bison-exception-2.2",
}

// nameOfSPDX is the reverse of spdxOfName for single identifiers, so an
// SPDX-License-Identifier line finds its go-licenses type.
var nameOfSPDX = func() map[string]string {
	m := map[string]string{}
	for name, id := range spdxOfName {
		m[id] = name
	}
	return m
}()

// categoryOverlay completes the go-licenses v2.0.1 type table for licenses
// it identifies but leaves without a type, and for SPDX identifiers it does
// not name. Each entry is tollgate's reading of the license, documented in
// the README; everything else comes from go-licenses unchanged.
var categoryOverlay = map[string]Category{
	// Source-available licenses that restrict production or service use.
	"BUSL-1.1":    Forbidden,
	"SSPL-1.0":    Forbidden,
	"Elastic-2.0": Forbidden,
	// PolyForm licenses (shipped.go recognizes them): none allows every
	// production use. Those without an SPDX identifier are LicenseRef-s.
	"PolyForm-Noncommercial-1.0.0":  Forbidden,
	"PolyForm-Small-Business-1.0.0": Forbidden,
	"PolyForm-Shield-1.0.0":         Forbidden,
	"PolyForm-Perimeter-1.0.0":      Forbidden,
	"PolyForm-Internal-Use-1.0.0":   Forbidden,
	"PolyForm-Free-Trial-1.0.0":     Forbidden,
	"PolyForm-Strict-1.0.0":         Forbidden,
	"PolyForm-Countdown-1.0.0":      Forbidden,
	// Permissive texts go-licenses leaves untyped.
	"MIT-Modern-Variant":  Notice,
	"CDLA-Permissive-1.0": Notice,
	"CDLA-Permissive-2.0": Notice,
	"BlueOak-1.0.0":       Notice,
	"ICU":                 Notice,
	"bzip2-1.0.6":         Notice,
	"BSD-2-Clause-Views":  Notice,
	"MIT-0":               Unencumbered,
	"0BSD":                Unencumbered,
	// Weak copyleft.
	"MPL-2.0-no-copyleft-exception": Reciprocal,
	"EUPL-1.1":                      Reciprocal,
	"EUPL-1.2":                      Reciprocal,
	"MS-RL":                         Reciprocal,
}

var idUnsafe = lazyre.New(`[^A-Za-z0-9.\-]+`)

// ToSPDX turns a classifier name or an SPDX-ish identifier into an SPDX
// license expression: SPDX identifiers are normalized (case, deprecated
// forms), names without an SPDX identifier become LicenseRef-<name>.
func ToSPDX(name string) string {
	if id, ok := spdxOfName[name]; ok {
		return id
	}
	if strings.HasPrefix(name, "LicenseRef-") {
		return "LicenseRef-" + idUnsafe.ReplaceAllString(strings.TrimPrefix(name, "LicenseRef-"), "-")
	}
	if ok, id := spdxexp.ActiveLicense(name); ok {
		return id
	}
	if norm, bad := spdxexp.ValidateAndNormalizeLicensesWithOptions([]string{name}, spdxexp.ValidateLicensesOptions{}); len(bad) == 0 && len(norm) == 1 {
		if id, ok := spdxOfName[norm[0]]; ok {
			return id
		}
		return norm[0]
	}
	return "LicenseRef-" + strings.Trim(idUnsafe.ReplaceAllString(name, "-"), "-")
}

// CategoryOf returns the category of one SPDX identifier (a simple license,
// possibly WITH an exception, possibly LicenseRef-). The go-licenses table is
// keyed by classifier names, so SPDX forms are mapped back first.
func CategoryOf(id string) Category {
	id = strings.TrimSpace(id)
	if c, ok := categoryOverlay[id]; ok {
		return c
	}
	if name, ok := nameOfSPDX[id]; ok {
		return goType(name)
	}
	base, _, _ := strings.Cut(id, " WITH ")
	base = strings.TrimSuffix(base, "+")
	if c, ok := categoryOverlay[base]; ok {
		return c
	}
	if name, ok := nameOfSPDX[base]; ok {
		return goType(name)
	}
	for _, suf := range []string{"-only", "-or-later"} {
		if s, ok := strings.CutSuffix(base, suf); ok {
			base = s
		}
	}
	if c := goType(base); c != Unknown {
		return c
	}
	if s, ok := strings.CutPrefix(base, "LicenseRef-"); ok {
		if c := goType(s); c != Unknown {
			return c
		}
		if c, ok := categoryOverlay[s]; ok {
			return c
		}
	}
	return Unknown
}

// goType reads go-licenses' type table (gotypes.go, generated from the
// go-licenses module: the binary does not link its licenses package).
func goType(name string) Category {
	if c, ok := goLicensesTypes[name]; ok {
		return c
	}
	return Unknown
}

//go:generate go run ./internal/typegen -out gotypes.go

func rank(c Category) int { return slices.Index(Categories, c) }

// Licenses returns the simple licenses an expression names, sorted.
func Licenses(expr string) []string {
	if expr == "" {
		return nil
	}
	ls, err := spdxexp.ExtractLicenses(expr)
	if err != nil {
		return nil
	}
	slices.Sort(ls)
	return slices.Compact(ls)
}

// satisfies reports whether some choice the expression offers uses only
// licenses in allowed. Empty allowed never satisfies.
func satisfies(expr string, allowed []string) bool {
	if len(allowed) == 0 || expr == "" {
		return false
	}
	ok, err := spdxexp.Satisfies(expr, allowed)
	return err == nil && ok
}

// ExpressionCategory is the category of the least encumbering choice an
// expression offers: "MIT OR GPL-2.0-only" is notice, "MIT AND GPL-2.0-only"
// is restricted.
func ExpressionCategory(expr string) Category {
	ls := Licenses(expr)
	if len(ls) == 0 {
		return Unknown
	}
	for _, c := range Categories {
		var ok []string
		for _, l := range ls {
			if rank(CategoryOf(l)) <= rank(c) {
				ok = append(ok, l)
			}
		}
		if satisfies(expr, ok) {
			return c
		}
	}
	return Unknown
}

// deniedBy returns the licenses of deny that every choice of expr uses at
// least one of, or nil when some choice avoids the deny list.
func deniedBy(expr string, deny []string) []string {
	ls := Licenses(expr)
	var hit, rest []string
	for _, l := range ls {
		if containsLicense(deny, l) {
			hit = append(hit, l)
		} else {
			rest = append(rest, l)
		}
	}
	if len(hit) == 0 || satisfies(expr, rest) {
		return nil
	}
	return hit
}

func containsLicense(list []string, id string) bool {
	for _, l := range list {
		if strings.EqualFold(l, id) || strings.EqualFold(ToSPDX(l), id) {
			return true
		}
	}
	return false
}

// join combines expressions with op ("AND" or "OR"), parenthesizing
// compound operands, after removing duplicates. Operands keep their order.
func join(op string, exprs []string) string {
	var parts []string
	other := map[string]string{"AND": " OR ", "OR": " AND "}[op]
	for _, e := range exprs {
		e = strings.TrimSpace(e)
		// An operand made of the same operator only is flattened:
		// "(A AND B) AND C" is "A AND B AND C".
		var sub []string
		if strings.Contains(e, " "+op+" ") && !strings.Contains(e, other) && !strings.ContainsAny(e, "()") {
			sub = strings.Split(e, " "+op+" ")
		} else {
			sub = []string{e}
		}
		for _, x := range sub {
			x = strings.TrimSpace(x)
			if x == "" || slices.Contains(parts, x) {
				continue
			}
			parts = append(parts, x)
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	for i, p := range parts {
		if strings.Contains(p, " AND ") || strings.Contains(p, " OR ") {
			if !(strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")")) {
				parts[i] = "(" + p + ")"
			}
		}
	}
	return strings.Join(parts, " "+op+" ")
}

// normalizeExpr validates an SPDX expression from a file or the policy and
// returns it normalized, or "" and false when it does not parse.
func normalizeExpr(expr string) (string, bool) {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		return "", false
	}
	if _, err := spdxexp.ExtractLicenses(expr); err != nil {
		return "", false
	}
	ls := Licenses(expr)
	if len(ls) == 0 {
		return "", false
	}
	if !strings.ContainsAny(expr, " ()") {
		return ToSPDX(expr), true
	}
	return expr, true
}
