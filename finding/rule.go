package finding

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Rule describes what a rule checks. Every rule is a value in its own file,
// named after its ID, and is registered once; the rule table of docs/rules.md,
// `tollgate rules` and `tollgate explain` are all generated from the registry.
type Rule struct {
	// ID is "area/kebab-name", for example "ci/ai-step-write-access".
	ID string
	// Title is a short phrase for tables.
	Title string
	// Doc is Markdown: what the rule finds, why it matters, how to fix it.
	Doc string
	// Default is the severity before policy overrides.
	Default Severity
	// Controls names the framework controls the rule gives evidence for, such
	// as "NIST-AI-RMF:MANAGE-4.1" or "SOC2:CC8.1".
	Controls []string
}

// Area returns the part of the ID before the slash: "ci", "tf", "go"...
func (r Rule) Area() string { return Area(r.ID) }

// Area returns the area of a rule ID.
func Area(id string) string {
	a, _, _ := strings.Cut(id, "/")
	return a
}

var ruleID = regexp.MustCompile(`^[a-z][a-z0-9]*/[a-z0-9]+(-[a-z0-9]+)*$`)

var registry struct {
	sync.RWMutex
	rules map[string]Rule
}

// Register adds rules to the registry. It panics on a malformed or duplicate
// ID, or a rule without a title or doc: those are programming errors that the
// tests catch at start-up.
func Register(rules ...Rule) {
	registry.Lock()
	defer registry.Unlock()
	if registry.rules == nil {
		registry.rules = make(map[string]Rule)
	}
	for _, r := range rules {
		if !ruleID.MatchString(r.ID) {
			panic(fmt.Sprintf("finding: malformed rule ID %q", r.ID))
		}
		if _, dup := registry.rules[r.ID]; dup {
			panic(fmt.Sprintf("finding: rule %q registered twice", r.ID))
		}
		if r.Title == "" || r.Doc == "" {
			panic(fmt.Sprintf("finding: rule %q needs a title and a doc", r.ID))
		}
		registry.rules[r.ID] = r
	}
}

// Lookup returns the registered rule with the given ID.
func Lookup(id string) (Rule, bool) {
	registry.RLock()
	defer registry.RUnlock()
	r, ok := registry.rules[id]
	return r, ok
}

// Rules returns every registered rule, sorted by ID.
func Rules() []Rule {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]Rule, 0, len(registry.rules))
	for _, r := range registry.rules {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// New builds a finding of rule r at loc with r's default severity.
func (r Rule) New(loc Location, format string, args ...any) Finding {
	return Finding{Rule: r.ID, Severity: r.Default, Location: loc, Message: fmt.Sprintf(format, args...)}
}
