package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/render"
	"github.com/tollgate-dev/tollgate/report"
)

// formatFlag collects repeated `--format name[=path]` values.
type formatFlag []output

type output struct {
	format string
	path   string // empty or "-" means stdout
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
	// history is the scan-history directory (scan only); empty means none.
	history string
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

// write renders the report in every requested format. Files are written to
// a temporary name and renamed, so a reader never sees half a report.
func (c *common) write(e *env, r *report.Report, def string) error {
	outs := c.formats
	if len(outs) == 0 {
		outs = formatFlag{{format: def}}
	}
	opts := render.Options{ShowSuppressed: c.suppressed}
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
		if err := writeFileAtomic(o.path, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

func writeFileAtomic(path string, data []byte) error {
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
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
