// Package render turns a report.Report into the formats people and tools
// read. Each format is one file with its own golden test; renderers read the
// report only and never analyse.
package render

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// Func writes r in one format.
type Func func(w io.Writer, r *report.Report, opts Options) error

// Options tunes renderers. The zero value means the defaults.
type Options struct {
	// Color enables ANSI colours in terminal formats.
	Color bool
	// ShowSuppressed includes suppressed findings in text output.
	ShowSuppressed bool
	// MinSeverity leaves findings below it out of the text output, the
	// one format read line by line on a terminal. Reports keep every
	// finding. The zero value, info, keeps all.
	MinSeverity finding.Severity
	// Persona chooses, with MinSeverity, the findings the text output
	// prints (finding.Persona); "" prints all of MinSeverity and above.
	Persona finding.Persona
}

// Format is a registered output format.
type Format struct {
	Name string
	// Doc is one line for `--help`.
	Doc    string
	Render Func
}

var formats struct {
	sync.Mutex
	m map[string]Format
}

// Register adds a format. Each format file calls it from init.
func Register(f Format) {
	formats.Lock()
	defer formats.Unlock()
	if formats.m == nil {
		formats.m = make(map[string]Format)
	}
	if _, dup := formats.m[f.Name]; dup {
		panic("render: format " + f.Name + " registered twice")
	}
	formats.m[f.Name] = f
}

// Lookup returns the format with the given name.
func Lookup(name string) (Format, error) {
	formats.Lock()
	defer formats.Unlock()
	f, ok := formats.m[name]
	if !ok {
		names := make([]string, 0, len(formats.m))
		for n := range formats.m {
			names = append(names, n)
		}
		sort.Strings(names)
		return Format{}, fmt.Errorf("unknown format %q (want one of %v)", name, names)
	}
	return f, nil
}

// Formats lists every registered format, sorted by name.
func Formats() []Format {
	formats.Lock()
	defer formats.Unlock()
	out := make([]Format, 0, len(formats.m))
	for _, f := range formats.m {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Format) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return out
}
