package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// BaselineSchema names the version of the baseline encoding.
const BaselineSchema = "tollgate.baseline/v1"

// MaxBaselineSize is the largest baseline file read.
const MaxBaselineSize = 64 << 20

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

// ReadBaseline reads the baseline a policy names, rel (slash-separated,
// relative to the root), inside the scanned repository: an absolute path, a
// ".." or a symbolic link out of it, a device, a FIFO or a file over
// MaxBaselineSize is an *Error and is not read. A missing file is an error
// too: a policy that names a baseline expects it.
func ReadBaseline(root *safefs.Root, rel string) (*Baseline, error) {
	if outside(rel) {
		return nil, badBaseline(rel, fmt.Sprintf("baseline %q leads outside the repository; name a file inside it, relative to the root.", rel))
	}
	data, err := root.ReadFileMax(rel, MaxBaselineSize)
	switch {
	case errors.Is(err, safefs.ErrOutside):
		return nil, badBaseline(rel, fmt.Sprintf("baseline %q leads outside the repository (a symbolic link out of it); name a file inside it.", rel))
	case errors.Is(err, fs.ErrNotExist):
		return nil, badBaseline(rel, "the file does not exist; create it with `tollgate baseline`.")
	case err != nil:
		return nil, badBaseline(rel, why(err))
	}
	b, err := ParseBaseline(data)
	if err != nil {
		return nil, badBaseline(rel, err.Error()+".")
	}
	return b, nil
}

// LoadBaseline reads a baseline file at a path the user named (not one
// from the scanned repository: ReadBaseline reads those): any path, but a
// regular file of at most MaxBaselineSize bytes.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := safefs.ReadTrusted(path, MaxBaselineSize)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, badBaseline(path, "the file does not exist; create it with `tollgate baseline`.")
		}
		return nil, badBaseline(path, err.Error())
	}
	b, err := ParseBaseline(data)
	if err != nil {
		return nil, badBaseline(path, err.Error()+".")
	}
	return b, nil
}

func badBaseline(path, detail string) error {
	return &Error{Diags: hcl.Diagnostics{{Severity: hcl.DiagError, Summary: fmt.Sprintf("Bad baseline %q", path), Detail: detail}}}
}

// ParseBaseline decodes a baseline file's bytes.
func ParseBaseline(data []byte) (*Baseline, error) {
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, err
	}
	if b.Schema != BaselineSchema {
		return nil, fmt.Errorf("schema %q, want %q", b.Schema, BaselineSchema)
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
