package finding

import (
	"fmt"
	"strings"
)

// Persona chooses which findings a run prints, as linters' users expect
// of a default that stays quiet:
//
//   - "regular" (the command-line default): low severity and above; rules
//     lower what is only pedantic to info (a job without a timeout where a
//     hang costs little) and mark it, and a marked finding is never shown;
//   - "pedantic": low and above, plus the info findings marked pedantic;
//   - "auditor": everything, info facts (inventories) included.
//
// An explicit least severity (--min-severity) replaces the persona's floor.
// The zero value is auditor, so library callers that set nothing lose
// nothing. Reports (JSON, SARIF…) keep every finding; personas choose what
// a person reads.
type Persona string

// The personas.
const (
	Regular  Persona = "regular"
	Pedantic Persona = "pedantic"
	Auditor  Persona = "auditor"
)

// LevelKey is the evidence key a rule sets to "pedantic" on a finding only
// the pedantic persona (and the auditor) should see.
const LevelKey = "level"

// MarkPedantic marks a finding as pedantic: real, but not worth a
// maintainer's attention by default.
func MarkPedantic(f *Finding) {
	if f.Evidence == nil {
		f.Evidence = map[string]string{}
	}
	f.Evidence[LevelKey] = "pedantic"
}

// IsPedantic reports whether a rule marked the finding pedantic.
func IsPedantic(f *Finding) bool { return f.Evidence[LevelKey] == "pedantic" }

// ParsePersona reads a persona name, ignoring case and surrounding space.
func ParsePersona(s string) (Persona, error) {
	switch p := Persona(strings.ToLower(strings.TrimSpace(s))); p {
	case Regular, Pedantic, Auditor:
		return p, nil
	}
	return "", fmt.Errorf("unknown persona %q (want regular, pedantic or auditor)", s)
}

// Floor is the least severity the persona prints by default.
func (p Persona) Floor() Severity {
	if p == Regular || p == Pedantic {
		return Low
	}
	return Info
}

// Shows reports whether the persona prints the finding, given the least
// severity asked for (the persona's Floor unless the user chose one).
func (p Persona) Shows(f *Finding, min Severity) bool {
	switch {
	case p == Regular && IsPedantic(f):
		return false
	case p == Pedantic && IsPedantic(f):
		return true
	}
	return f.Severity >= min
}
