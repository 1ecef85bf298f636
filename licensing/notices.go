package licensing

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// WriteNotices writes one THIRD_PARTY_NOTICES text for the third-party
// modules of res: a list of modules with their licenses, then every
// distinct license text once (de-duplicated by SHA-256, each naming the
// modules that carry it), then every NOTICE file verbatim. First-party
// modules are left out. The output depends only on the files' contents.
func WriteNotices(w io.Writer, res *Result) error {
	bw := bufio.NewWriter(w)
	type text struct {
		sum, expr string
		file      *File
		users     []string
	}
	var order []string
	texts := map[string]*text{}
	type notice struct {
		who  string
		file *File
	}
	var notices []notice
	rule := strings.Repeat("=", 80)

	fmt.Fprintln(bw, "THIRD-PARTY SOFTWARE NOTICES")
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "This file lists the third-party Go modules built into this software, their")
	fmt.Fprintln(bw, "licenses, the full text of each license once, and the NOTICE files they carry.")
	if len(res.Platforms) > 0 {
		fmt.Fprintf(bw, "Module graph: %s%s.\n", strings.Join(res.Platforms, ", "), map[bool]string{true: ", with test dependencies"}[res.Tests])
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, rule)
	fmt.Fprintln(bw, "MODULES")
	fmt.Fprintln(bw, rule)
	fmt.Fprintln(bw)
	own := map[string]bool{}
	for _, f := range res.Project {
		own[f.SHA256] = true
	}
	for _, m := range res.Modules {
		inRepo := m.Verdict == VerdictFirstParty
		if inRepo {
			// Third-party code inside the repository's own modules: a
			// directory with a license of its own, or a nested module
			// whose license is not the project's.
			var files []File
			for _, f := range m.Files {
				if f.Kind != KindLicense {
					continue
				}
				if !own[f.SHA256] && !strings.HasPrefix(f.Path, "../") && len(res.Project) > 0 {
					files = append(files, f)
				}
			}
			for _, s := range m.Scopes {
				files = append(files, s.Files...)
			}
			if len(files) == 0 {
				continue
			}
			m = &ModuleResult{Module: Module{Path: m.Path}, Files: files, Concluded: join("AND", scopeExprs(m, own))}
		}
		who := m.Path
		if m.Version != "" {
			who += " " + m.Version
		}
		if m.Replace != nil && m.Replace.Local {
			who += " (local " + m.Replace.Path + ")"
		}
		if inRepo {
			who += " (third-party code in the repository)"
		}
		expr := m.Concluded
		switch {
		case m.Outside != "":
			expr = "not read (outside the repository)"
		case expr == "":
			expr = "no license found"
		}
		var refs []string
		files := slices.Clone(m.Files)
		for _, s := range m.Scopes {
			files = append(files, s.Files...)
		}
		for i := range files {
			f := &files[i]
			if f.SHA256 == "" {
				continue
			}
			switch f.Kind {
			case KindLicense, KindDocsLicense:
				t := texts[f.SHA256]
				if t == nil {
					t = &text{sum: f.SHA256, expr: f.Expression, file: f}
					texts[f.SHA256] = t
					order = append(order, f.SHA256)
				}
				if !slices.Contains(t.users, who) {
					t.users = append(t.users, who)
				}
				refs = append(refs, fmt.Sprintf("[%d] %s", slices.Index(order, f.SHA256)+1, f.Path))
			case KindNotice:
				notices = append(notices, notice{who, f})
			}
		}
		fmt.Fprintf(bw, "%s\n    License: %s\n", who, expr)
		if len(refs) > 0 {
			fmt.Fprintf(bw, "    Texts: %s\n", strings.Join(refs, ", "))
		}
	}
	fmt.Fprintln(bw)
	for i, sum := range order {
		t := texts[sum]
		// Read again under the rules it was first read with: inside the
		// repository (or the module's directory), regular, capped.
		b, err := readText(t.file)
		if err != nil {
			return fmt.Errorf("read license text %q: %w", t.file.Path, err)
		}
		if HashOf(b) != sum {
			return fmt.Errorf("license text %q changed during the run", t.file.Path)
		}
		fmt.Fprintln(bw, rule)
		expr := t.expr
		if expr == "" {
			expr = "unrecognized text"
		}
		fmt.Fprintf(bw, "[%d] %s (sha256 %s)\n", i+1, expr, sum)
		fmt.Fprintf(bw, "Used by: %s\n", strings.Join(t.users, ", "))
		fmt.Fprintln(bw, rule)
		fmt.Fprintln(bw)
		bw.Write(normalizeText(b))
		fmt.Fprintln(bw)
	}
	if len(notices) > 0 {
		fmt.Fprintln(bw, rule)
		fmt.Fprintln(bw, "NOTICE FILES")
		fmt.Fprintln(bw, rule)
		for _, n := range notices {
			b, err := readText(n.file)
			if err != nil {
				return fmt.Errorf("read notice %q: %w", n.file.Path, err)
			}
			if HashOf(b) != n.file.SHA256 {
				return fmt.Errorf("notice %q changed during the run", n.file.Path)
			}
			fmt.Fprintf(bw, "\n--- %s: %s\n\n", n.who, n.file.Path)
			bw.Write(normalizeText(b))
		}
	}
	return bw.Flush()
}

// scopeExprs are the expressions of the third-party code inside a
// first-party module.
func scopeExprs(m *ModuleResult, own map[string]bool) []string {
	var out []string
	for _, f := range m.Files {
		if f.Kind == KindLicense && f.Expression != "" && !own[f.SHA256] && !strings.HasPrefix(f.Path, "../") {
			out = append(out, f.Expression)
		}
	}
	for _, s := range m.Scopes {
		if s.Expression != "" {
			out = append(out, s.Expression)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// normalizeText ends a text with exactly one newline and uses LF line
// endings; the words are kept verbatim.
func normalizeText(b []byte) []byte {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return []byte(strings.TrimRight(s, "\n") + "\n")
}
