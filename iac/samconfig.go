package iac

import (
	"bytes"
	"path"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"go.yaml.in/yaml/v4"
)

// stackTags are the stack-level tags a SAM deploy configuration passes:
// the `tags` parameter of `sam deploy` in environment "default"
// (samconfig.toml or samconfig.yaml), and the templates it deploys.
type stackTags struct {
	path      string
	templates []string
	keys      *keySet
	rng       hcl.Range // where the tags are written, else the file
}

func (s *stackTags) describe() string {
	if s.keys.open {
		return "not all known"
	}
	if len(s.keys.sure) == 0 {
		return "none"
	}
	return quoteList(sortedKeys(s.keys.sure))
}

// readSAMConfig reads a SAM deploy configuration. It returns nil when the
// file sets no deploy parameters for environment "default" (what
// `sam deploy` uses without --config-env): then the stack's tags are not
// known.
func readSAMConfig(p string, src []byte) *stackTags {
	var deploy, global, build map[string]samParam
	if strings.HasSuffix(p, ".toml") {
		sections := readTOMLSections(src)
		deploy, global, build = sections["default.deploy.parameters"], sections["default.global.parameters"], sections["default.build.parameters"]
	} else {
		var doc yaml.Node
		if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
			return nil
		}
		env := mapAt(doc.Content[0], "default")
		deploy = yamlParams(mapAt(mapAt(env, "deploy"), "parameters"))
		global = yamlParams(mapAt(mapAt(env, "global"), "parameters"))
		build = yamlParams(mapAt(mapAt(env, "build"), "parameters"))
	}
	if deploy == nil {
		return nil
	}
	st := &stackTags{path: p, rng: hcl.Range{Filename: p, Start: hcl.InitialPos, End: hcl.InitialPos}}
	dir := path.Dir(p)
	tmpl := ""
	for _, ps := range []map[string]samParam{deploy, global, build} {
		for _, k := range []string{"template_file", "template"} {
			if v, ok := ps[k]; ok && tmpl == "" && v.known {
				tmpl = v.s
			}
		}
	}
	if tmpl != "" && !strings.Contains(tmpl, ".aws-sam/") && !path.IsAbs(tmpl) {
		st.templates = []string{path.Join(dir, tmpl)}
	} else {
		for _, n := range []string{"template.yaml", "template.yml", "template.json"} {
			st.templates = append(st.templates, path.Join(dir, n))
		}
	}
	tags, ok := deploy["tags"]
	if !ok {
		tags, ok = global["tags"]
	}
	if !ok {
		st.keys = emptyKeys()
		return st
	}
	st.rng = hcl.Range{Filename: p, Start: hcl.Pos{Line: tags.line, Column: tags.col}, End: hcl.Pos{Line: tags.line, Column: tags.col}}
	st.keys = parseTagList(tags, &st.rng)
	return st
}

// samParam is one parameter's value, when it is a string, and its place.
type samParam struct {
	s         string
	known     bool
	line, col int
}

func yamlParams(m *yaml.Node) map[string]samParam {
	if m == nil {
		return nil
	}
	out := map[string]samParam{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		out[k.Value] = samParam{s: v.Value, known: plainScalar(v), line: k.Line, col: k.Column}
	}
	return out
}

// parseTagList reads `sam deploy --tags` syntax: key=value pairs separated
// by spaces, either side possibly quoted. Anything else leaves the set
// open.
func parseTagList(p samParam, rng *hcl.Range) *keySet {
	if !p.known {
		return openKeys(false)
	}
	k := emptyKeys()
	var toks []string
	var cur strings.Builder
	quote := rune(0)
	for _, r := range p.s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '"' || r == '\''):
			quote = r
		case quote == 0 && (r == ' ' || r == '\t' || r == '\n'):
			if cur.Len() > 0 {
				toks = append(toks, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if quote != 0 {
		return openKeys(false)
	}
	if cur.Len() > 0 {
		toks = append(toks, cur.String())
	}
	for _, t := range toks {
		key, val, ok := strings.Cut(t, "=")
		if !ok || key == "" {
			k.open = true
			continue
		}
		k.add(key, keyEntry{val: cty.StringVal(val), rng: rng})
	}
	return k
}

// readTOMLSections reads the `key = "string"` entries of each [section] of
// a samconfig.toml: the subset of TOML that SAM writes. Values that are not
// one-line strings are recorded as not known.
func readTOMLSections(src []byte) map[string]map[string]samParam {
	out := map[string]map[string]samParam{}
	var cur map[string]samParam
	for i, line := range bytes.Split(src, []byte("\n")) {
		s := strings.TrimSpace(string(line))
		if s == "" || s[0] == '#' {
			continue
		}
		if s[0] == '[' {
			end := strings.IndexByte(s, ']')
			if end < 0 {
				cur = nil
				continue
			}
			name := strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s[1:end]), "\"", ""), " ", "")
			if out[name] == nil {
				out[name] = map[string]samParam{}
			}
			cur = out[name]
			continue
		}
		key, val, ok := strings.Cut(s, "=")
		if !ok || cur == nil {
			continue
		}
		key = strings.Trim(strings.TrimSpace(key), "\"'")
		val = strings.TrimSpace(val)
		col := strings.Index(string(line), key) + 1
		p := samParam{line: i + 1, col: max(col, 1)}
		switch {
		case strings.HasPrefix(val, `"""`) || strings.HasPrefix(val, "'''"):
		case strings.HasPrefix(val, `"`):
			if end := closingQuote(val); end > 0 {
				if u, err := strconv.Unquote(val[:end+1]); err == nil {
					p.s, p.known = u, true
				}
			}
		case strings.HasPrefix(val, "'"):
			if end := strings.IndexByte(val[1:], '\''); end >= 0 {
				p.s, p.known = val[1:end+1], true
			}
		}
		cur[key] = p
	}
	return out
}

// closingQuote returns the index of the quote closing a basic string that
// starts at s[0], or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
