package licensing

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Action is what the policy does with a class of licenses.
type Action string

// The actions.
const (
	Allow Action = "allow"
	Warn  Action = "warn"
	Fail  Action = "fail"
)

// ParseAction reads "allow", "warn" or "fail".
func ParseAction(s string) (Action, error) {
	switch a := Action(strings.ToLower(strings.TrimSpace(s))); a {
	case Allow, Warn, Fail:
		return a, nil
	}
	return "", fmt.Errorf("action %q: want \"allow\", \"warn\" or \"fail\"", s)
}

// Policy is the licenses policy. The zero value is the default policy:
// forbidden and restricted licenses fail, unknown licenses and texts that
// need review warn, everything else passes.
type Policy struct {
	// Allow lists SPDX identifiers accepted; when non-empty, an expression
	// none of whose choices is covered by it is not allowed.
	Allow []string
	// Deny lists SPDX identifiers refused.
	Deny []string
	// Unknown is the action for modules with no recognized license; empty means warn.
	Unknown Action
	// NeedsReview is the action for license texts with text beyond the
	// recognized license; empty means warn.
	NeedsReview Action
	// Categories sets the action per category; absent ones take the defaults.
	Categories map[Category]Action
	// Exceptions accept modules the rest of the policy would not.
	Exceptions []Exception
	// Clarifications state a module's license where its files do not.
	Clarifications []Clarification
	// FirstParty are module path prefixes, matched by path segment, of the
	// organisation's own modules, which are not license-checked.
	FirstParty []string
	// File is the policy file path, relative to the root, for findings.
	File string
}

// Exception accepts a module (some versions of it) under some licenses.
type Exception struct {
	Module string
	// Versions lists the versions it covers; empty means all.
	Versions []string
	// Licenses lists the SPDX licenses it accepts; empty means whatever
	// the module's license is (including none found).
	Licenses []string
	Reason   string
	Approver string
	// Expires is the last day (UTC) the exception holds; zero means never.
	Expires time.Time
	// Line is where the block stands in the policy file.
	Line int
}

// Clarification states a module's license expression, bound to the hash of
// the file it was read from: when the file changes the clarification lapses.
type Clarification struct {
	Module     string
	Versions   []string
	Expression string
	// FileSHA256 is the hex SHA-256 of a file at the module root (a
	// license file or a README) the expression was read from.
	FileSHA256 string
	Reason     string
	Line       int
}

// DefaultCategoryAction is the action for a category the policy does not set.
func DefaultCategoryAction(c Category) Action {
	switch c {
	case Forbidden, Restricted:
		return Fail
	case Unknown:
		return Warn
	}
	return Allow
}

func (p *Policy) categoryAction(c Category) Action {
	if a, ok := p.Categories[c]; ok {
		return a
	}
	if c == Unknown && p.Unknown != "" {
		return p.Unknown
	}
	return DefaultCategoryAction(c)
}

func (p *Policy) unknownAction() Action {
	if p.Unknown != "" {
		return p.Unknown
	}
	if a, ok := p.Categories[Unknown]; ok {
		return a
	}
	return Warn
}

func (p *Policy) needsReviewAction() Action {
	if p.NeedsReview != "" {
		return p.NeedsReview
	}
	return Warn
}

// firstParty reports whether module path is one of the prefixes or under
// one of them by whole path segments ("example.com/org" covers
// "example.com/org/lib" but not "example.com/organic").
func (p *Policy) firstParty(path string) bool {
	for _, pre := range p.FirstParty {
		pre = strings.TrimSuffix(pre, "/")
		if pre != "" && (path == pre || strings.HasPrefix(path, pre+"/")) {
			return true
		}
	}
	return false
}

func versionMatch(versions []string, v string) bool {
	return len(versions) == 0 || slices.Contains(versions, v)
}

// expired reports whether an exception no longer holds at now: it holds
// through the whole of its Expires day, in UTC.
func (e *Exception) expired(now time.Time) bool {
	return !e.Expires.IsZero() && !now.UTC().Before(e.Expires.AddDate(0, 0, 1))
}
