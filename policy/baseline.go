package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tollgate-dev/tollgate/finding"
)

// BaselineSchema names the version of the baseline encoding.
const BaselineSchema = "tollgate.baseline/v1"

// Baseline is the set of findings a team accepted when it adopted tollgate:
// they stay in the report, suppressed with kind "baseline", and only new
// findings fail the gate. Entries match by fingerprint, so they survive
// findings moving to other lines.
type Baseline struct {
	Schema  string          `json:"schema"`
	Entries []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding. Rule, path and message are there
// for the reader of the file; matching uses the fingerprint.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Message     string `json:"message"`
}

// NewBaseline makes a baseline of the active findings, sorted.
func NewBaseline(fs []finding.Finding) *Baseline {
	b := &Baseline{Schema: BaselineSchema, Entries: []BaselineEntry{}}
	for _, f := range fs {
		if f.Suppressed == nil {
			b.Entries = append(b.Entries, BaselineEntry{Fingerprint: f.Fingerprint, Rule: f.Rule, Path: f.Location.Path, Message: f.Message})
		}
	}
	slices.SortFunc(b.Entries, func(x, y BaselineEntry) int {
		if c := strings.Compare(x.Path, y.Path); c != 0 {
			return c
		}
		if c := strings.Compare(x.Rule, y.Rule); c != 0 {
			return c
		}
		return strings.Compare(x.Fingerprint, y.Fingerprint)
	})
	return b
}

// LoadBaseline reads a baseline file. A missing file is an error: a policy
// that names a baseline expects it.
func LoadBaseline(path string) (*Baseline, error) {
	bad := func(detail string) error {
		return &Error{Diags: hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Bad baseline " + path, Detail: detail}}}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, bad("the file does not exist; create it with `tollgate baseline`.")
		}
		return nil, bad(err.Error())
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, bad(err.Error())
	}
	if b.Schema != BaselineSchema {
		return nil, bad(fmt.Sprintf("schema %q, want %q.", b.Schema, BaselineSchema))
	}
	return &b, nil
}

// Encode returns the baseline as indented JSON.
func (b *Baseline) Encode() ([]byte, error) {
	out, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// Counts returns how many times each fingerprint is accepted.
func (b *Baseline) Counts() map[string]int {
	m := make(map[string]int, len(b.Entries))
	for _, e := range b.Entries {
		m[e.Fingerprint]++
	}
	return m
}
