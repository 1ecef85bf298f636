package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/termsafe"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/render"
	"github.com/tollgate-dev/tollgate/report"
)

// formatFlag collects repeated `--format name[=path]` values.
type formatFlag []output

type output struct {
	format string
	path   string // empty or "-" means stdout; see writeTarget
}

func (f *formatFlag) String() string {
	var parts []string
	for _, o := range *f {
		if o.path == "" {
			parts = append(parts, o.format)
		} else {
			parts = append(parts, o.format+"="+o.path)
		}
	}
	return strings.Join(parts, ",")
}

func (f *formatFlag) Set(v string) error {
	name, path, _ := strings.Cut(v, "=")
	if _, err := render.Lookup(name); err != nil {
		return err
	}
	*f = append(*f, output{format: name, path: path})
	return nil
}

// common holds the flags shared by the commands that scan.
type common struct {
	formats    formatFlag
	policyPath string
	now        string
	suppressed bool
	// history is the scan history (scan only): a directory, a SQLite file
	// or a postgres:// URL; empty means none.
	history string
	// historyRepo is --repo: the repository's name in the history.
	historyRepo string
	// minSeverity is --min-severity (check and scan): the least severity
	// the text output prints.
	minSeverity string
	// persona is --persona (check, scan and pr).
	persona string
}

// parsePersona reads --persona.
func (c *common) parsePersona() (finding.Persona, error) {
	p, err := finding.ParsePersona(c.persona)
	if err != nil {
		return "", fmt.Errorf("--persona: %w", err)
	}
	return p, nil
}

func (c *common) setup(fs *flag.FlagSet, what string) {
	// Each run parses its flags afresh; --format appends, so forget the
	// formats of an earlier run in the same process (tests run many).
	c.formats = nil
	names := []string{}
	for _, f := range render.Formats() {
		names = append(names, f.Name)
	}
	fs.Var(&c.formats, "format", "output `format[=file]`, repeatable; formats: "+strings.Join(names, ", ")+" (default "+what+")")
	fs.StringVar(&c.policyPath, "policy", "", "policy `file` (default: .tollgate.hcl at the root, or the built-in defaults)")
	fs.StringVar(&c.now, "now", "", "`time` (RFC 3339) to stamp the report with, for reproducible output; SOURCE_DATE_EPOCH is honoured too")
	fs.BoolVar(&c.suppressed, "show-suppressed", false, "also print suppressed findings in text output")
	fs.StringVar(&c.persona, "persona", "regular", "which findings to keep: `regular` (low and above), pedantic (also the info findings rules mark pedantic), auditor (everything, info included)")
}

// clock returns the injected clock: --now, then SOURCE_DATE_EPOCH, then
// the real time.
func (c *common) clock(e *env) (func() time.Time, error) {
	if c.now != "" {
		t, err := time.Parse(time.RFC3339, c.now)
		if err != nil {
			return nil, fmt.Errorf("--now: %w", err)
		}
		return func() time.Time { return t }, nil
	}
	if s := e.getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("SOURCE_DATE_EPOCH: %w", err)
		}
		t := time.Unix(n, 0).UTC()
		return func() time.Time { return t }, nil
	}
	return time.Now, nil
}

// loadPolicy reads --policy, or nil to let the engine read the root's file.
func (c *common) loadPolicy() (*policy.Policy, error) {
	if c.policyPath == "" {
		return nil, nil
	}
	return policy.LoadFile(c.policyPath)
}

// write renders the report in every requested format, each to standard
// output ("-", no path, /dev/stdout) or to its file as writeTarget writes it.
func (c *common) write(e *env, r *report.Report, def string) error {
	outs := c.formats
	if len(outs) == 0 {
		outs = formatFlag{{format: def}}
	}
	opts, err := c.renderOptions()
	if err != nil {
		return err
	}
	for _, o := range outs {
		f, err := render.Lookup(o.format)
		if err != nil {
			return err
		}
		if o.path == "" || o.path == "-" {
			if err := f.Render(e.stdout, r, opts); err != nil {
				return fmt.Errorf("render %s: %w", o.format, err)
			}
			continue
		}
		var buf bytes.Buffer
		if err := f.Render(&buf, r, opts); err != nil {
			return fmt.Errorf("render %s: %w", o.format, err)
		}
		if err := writeTarget(e, o.path, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// renderOptions are the options every format renders with: --show-suppressed,
// --persona and --min-severity.
func (c *common) renderOptions() (render.Options, error) {
	opts := render.Options{ShowSuppressed: c.suppressed}
	if c.persona != "" {
		p, err := c.parsePersona()
		if err != nil {
			return opts, err
		}
		opts.Persona, opts.MinSeverity = p, p.Floor()
	}
	if c.minSeverity != "" {
		min, err := finding.ParseSeverity(c.minSeverity)
		if err != nil {
			return opts, fmt.Errorf("--min-severity: %w", err)
		}
		opts.MinSeverity = min
	}
	return opts, nil
}

// writeFileAtomic writes data to path as writeTarget does, with the
// process's own standard streams.
func writeFileAtomic(path string, data []byte) error {
	return writeTarget(&env{stdout: os.Stdout, stderr: termsafe.NewWriter(os.Stderr)}, path, data)
}

// writeTarget writes data to the file the user named, so that nothing is
// lost half-way and nothing but that file changes:
//
//   - "-", /dev/stdout and /dev/stderr (or /dev/fd/1 and 2) are the
//     process's own streams, written as they are: never reopened, so a
//     shell redirection to a file keeps its offset and several formats can
//     share it;
//   - any other existing target that is not a regular file (a device such
//     as /dev/null, a FIFO) is opened and written in place: renaming over it
//     would replace the device or FIFO with a regular file;
//   - a regular file, or a new one, is written to a temporary file in the
//     same directory and renamed over it, so a reader never sees half a
//     report; an existing file keeps its permissions, and a symbolic link to
//     a regular file keeps pointing at it (the file it names is replaced).
func writeTarget(e *env, path string, data []byte) error {
	if w, ok := stdStream(e, path); ok {
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("write %s: is a directory", path)
	case err == nil && !st.Mode().IsRegular():
		return writeInPlace(path, data)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("write %s: %w", path, err)
	}
	target := path
	if lst, lerr := os.Lstat(path); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	perm := fs.FileMode(0o644)
	if err == nil {
		perm = st.Mode().Perm()
	}
	return renameInto(target, data, perm)
}

// stdStream returns the writer for a path that names the process's
// standard output or error. Other descriptors (/dev/fd/3) are devices,
// FIFOs or files like any other path.
func stdStream(e *env, path string) (io.Writer, bool) {
	switch path {
	case "-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1":
		return e.stdout, true
	case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2":
		return e.stderr, true
	}
	return nil, false
}

// writeInPlace writes to a device or FIFO without truncating or renaming
// it. Opening a FIFO waits for its reader, as any writer of a FIFO does.
func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// renameInto writes data to a temporary file beside path and renames it
// over path.
func renameInto(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), perm); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
