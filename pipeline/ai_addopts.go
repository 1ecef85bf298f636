package pipeline

import (
	"path"
	"strings"
)

// pytest's own configuration: `addopts` in the pytest configuration file
// (pytest.ini `[pytest]`, pyproject.toml `[tool.pytest.ini_options]`,
// tox.ini `[pytest]`, setup.cfg `[tool:pytest]`; the first of them that
// holds the section, from the run directory up to the root) is put in
// front of a run's arguments. `addopts = "-m 'not live_provider'"` leaves
// the live tests out of a bare `pytest` exactly as the flag on the command
// line does, unless the command line selects markers itself (its `-m`
// comes last and wins).

// pytestConfigs are the files pytest reads its configuration from, in the
// order it tries them, with the section that makes each one count.
var pytestConfigs = []struct{ file, section string }{
	{"pytest.ini", "[pytest]"}, {"pyproject.toml", "[tool.pytest.ini_options]"},
	{"tox.ini", "[pytest]"}, {"setup.cfg", "[tool:pytest]"},
}

// addoptsDeselectLive reports whether the pytest configuration for a run
// in dir deselects live tests through addopts, and the command line's own
// arguments select no markers.
func (a *analysis) addoptsDeselectLive(args []string, dir string) bool {
	for _, x := range args {
		if x == "-m" || strings.HasPrefix(x, "-m=") {
			return false
		}
	}
	opts, ok := a.addopts(path.Clean(path.Join(".", dir)))
	return ok && deselectsLive(splitArgs(opts))
}

// addopts returns the addopts of the pytest configuration that applies in
// dir (the nearest file up the tree that sets them), once per directory.
func (a *analysis) addopts(dir string) (string, bool) {
	key := "addopts:" + dir
	if v, ok := a.scriptText[key]; ok {
		return strings.TrimPrefix(v, "="), v != ""
	}
	d := dir
	for i := 0; i < 16; i++ {
		for _, c := range pytestConfigs {
			p := repoPath(path.Join(d, c.file))
			if p == "" {
				continue
			}
			b, err := readCapped(a.fsys, p)
			if err != nil {
				continue
			}
			opts, ok := iniValue(string(b), c.section, "addopts")
			if !ok {
				continue
			}
			a.scriptText[key] = "=" + opts
			return opts, true
		}
		if d == "." {
			break
		}
		d = path.Dir(d)
	}
	a.scriptText[key] = ""
	return "", false
}

// iniValue returns a key's value in one section of an INI or TOML file;
// ok is false when the section is missing. A TOML string or array is
// returned with its quotes and brackets left out; an INI value continues
// on indented lines.
func iniValue(src, section, key string) (string, bool) {
	in, found := false, false
	var val strings.Builder
	cont := false
	for _, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "[[") && !cont {
			in = t == section
			found = found || in
			continue
		}
		if cont {
			if l != "" && (l[0] == ' ' || l[0] == '\t') && t != "" && !strings.Contains(t, "=") {
				val.WriteString(" " + t)
				continue
			}
			if strings.HasSuffix(strings.TrimSpace(val.String()), "]") || !strings.Contains(val.String(), "[") {
				cont = false
			} else {
				val.WriteString(" " + t)
				continue
			}
		}
		if !in {
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if ok && strings.TrimSpace(k) == key {
			val.Reset()
			val.WriteString(strings.TrimSpace(v))
			cont = true
		}
	}
	if !found {
		return "", false
	}
	v := strings.TrimSpace(val.String())
	if strings.HasPrefix(v, "[") {
		v = strings.NewReplacer("[", " ", "]", " ", ",", " ").Replace(v)
		return strings.Join(quoteEach(splitArgs(v)), " "), true
	}
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return v, true
}

// quoteEach quotes each argument so that splitArgs gives it back whole.
func quoteEach(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = "'" + strings.ReplaceAll(x, "'", "") + "'"
	}
	return out
}

// splitArgs splits an option string into arguments as a shell would,
// with single and double quotes and no expansion.
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	var q byte
	have := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0 && c == q:
			q = 0
		case q != 0:
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			q, have = c, true
		case c == ' ' || c == '\t' || c == '\n':
			if have || cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteByte(c)
		}
	}
	if have || cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}
