package scan

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
)

// Domain is one area of analysis: pipelines, Terraform, Go code, licenses,
// change risk. Each lives in its own package, which never imports scan; an
// adapter file in this package (domain_<name>.go) wraps it and registers it.
type Domain interface {
	// Name is a short lowercase identifier: "pipeline", "iac", "go"...
	Name() string
	// Owns reports whether the file at the slash-separated, root-relative
	// path belongs to this domain. Domains that read the repository as a
	// whole (git history, the module graph) may own nothing and look at
	// Input.Root instead.
	Owns(path string) bool
	// Analyze runs the domain. A file it cannot parse is a parse/error
	// finding, not an error; an error means the domain could not run at all.
	Analyze(ctx context.Context, in *Input) (*Result, error)
}

// Input is what a domain is given.
type Input struct {
	// Root is the absolute path of the repository root.
	Root string
	// FS reads files under Root, and is the only way a domain should: it
	// never follows a symbolic link out of Root, opens regular files only
	// (a FIFO or a device is an error, without blocking), and caps every
	// read at the policy's max_file_size (package internal/safefs).
	FS fs.FS
	// Files are the paths this domain owns, slash-separated, relative to
	// Root, sorted, already filtered by .gitignore, exclusions and size.
	Files []string
	// Tree lists every file the walk found that is not ignored or
	// excluded, sorted by path, with its size, including files over the size
	// limit (which are never in Files). Domains that judge files by name and
	// size, without reading them, use it.
	Tree []FileInfo
	// Refused lists the paths the walk would not read (links out of the
	// root, link loops, FIFOs, devices, sockets), sorted. Domains that hand
	// the tree to an outside tool (the go command) check them first: that
	// tool would follow the link or block on the FIFO.
	Refused []string
	// Policy is the effective policy (defaults when there is no file).
	Policy *policy.Policy
	// Now is the injected clock.
	Now func() time.Time
	// Mode is the command that runs the scan: "check", "scan" or "pr".
	Mode string
	// Options carries command-specific settings for domains (for example
	// "risk.range"), keyed by "<domain>.<name>".
	Options map[string]string
	// Progress, when non-nil, receives human progress updates.
	Progress func(domain, msg string, done, total int)
}

// FileInfo is a file of the walk.
type FileInfo struct {
	Path string
	Size int64
}

// Result is what a domain returns.
type Result struct {
	Findings []finding.Finding
	// Gates are extra gates the domain evaluates (the risk gate, say).
	Gates []report.Gate
	// Fill, when non-nil, writes the domain's section into the report.
	Fill func(r *report.Report)
	// Sources, when non-nil, holds the contents of files the domain read
	// whole through Input.FS, by path: the policy pass (fingerprints,
	// directives) uses them rather than reading the files again.
	Sources map[string][]byte
}

var domains struct {
	sync.Mutex
	list []Domain
}

// Register adds a domain. Adapter files call it from init.
func Register(d Domain) {
	domains.Lock()
	defer domains.Unlock()
	domains.list = append(domains.list, d)
	slices.SortFunc(domains.list, func(a, b Domain) int { return strings.Compare(a.Name(), b.Name()) })
}

// Domains returns the registered domains, sorted by name.
func Domains() []Domain {
	domains.Lock()
	defer domains.Unlock()
	return slices.Clone(domains.list)
}
