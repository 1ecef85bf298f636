package iac

import (
	"bytes"
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/tollgate-dev/tollgate/finding"
)

// CloudFormation and AWS SAM templates, YAML (with the short-form intrinsic
// tags !Ref, !Sub, !GetAtt, !If…) or JSON, recognised by their content. The
// parser keeps YAML tags and positions (go.yaml.in/yaml's node tree) and
// never follows an alias: a template does not need them, and an alias bomb
// expands only when followed. Templates are judged with the Terraform tag
// policy; see cfn_check.go.

// Bounds on the templates read.
const (
	maxCFNFiles = 5000
	maxCFNBytes = 4 << 20
	// maxCFNDepth bounds recursion into a template's values: intrinsics
	// nested deeper are unknown.
	maxCFNDepth = 64
)

// IsCFNName reports whether a root-relative path is named like a
// CloudFormation or SAM template, or a SAM deploy configuration: such
// files belong to the iac domain, so suppression directives in them are
// judged. Templates under other names are still found by their content
// (IsCFNCandidate).
func IsCFNName(p string) bool {
	if !IsCFNCandidate(p) {
		return false
	}
	base := path.Base(p)
	if isSAMConfig(base) || strings.HasSuffix(base, ".template") {
		return true
	}
	stem := strings.ToLower(base[:len(base)-len(path.Ext(base))])
	for _, w := range strings.FieldsFunc(stem, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		switch w {
		case "template", "cfn", "cloudformation", "sam", "stack":
			return true
		}
	}
	for _, d := range strings.Split(path.Dir(p), "/") {
		if d == "cloudformation" || d == "cfn" {
			return true
		}
	}
	return false
}

// IsCFNCandidate reports whether a root-relative path may hold a
// CloudFormation template or a SAM deploy configuration: a YAML, JSON or
// .template file outside CI configuration, dependency and build-output
// directories.
func IsCFNCandidate(p string) bool {
	base := path.Base(p)
	switch path.Ext(base) {
	case ".yaml", ".yml", ".json", ".template":
	case ".toml":
		if !isSAMConfig(base) {
			return false
		}
	default:
		return false
	}
	if strings.HasPrefix(p, ".github/") || strings.HasPrefix(p, ".gitlab") {
		return false
	}
	for _, d := range strings.Split(p, "/") {
		switch d {
		case ".terraform", "node_modules", ".aws-sam", "cdk.out", "vendor", ".git":
			return false
		}
	}
	return base != "package.json" && base != "package-lock.json" && base != "tsconfig.json" && base != "composer.json"
}

func isSAMConfig(base string) bool {
	return base == "samconfig.toml" || base == "samconfig.yaml" || base == "samconfig.yml"
}

// cfnTemplate is one parsed template.
type cfnTemplate struct {
	path       string
	params     map[string]*yaml.Node // each parameter's mapping
	conditions map[string]*yaml.Node // each condition's expression
	mappings   *yaml.Node
	globals    *yaml.Node // SAM Globals
	resources  []*cfnResource
	// skipped counts Resources entries that are not resources tollgate
	// models (Fn::ForEach loops of the LanguageExtensions transform).
	skipped int
	// condMemo caches condition values: 1 true, 0 false, -1 unknown.
	condMemo map[string]int
}

// cfnResource is one resource of a template.
type cfnResource struct {
	name  string
	key   *yaml.Node // the logical ID, where findings stand
	typ   string
	props *yaml.Node // Properties, nil when absent
	cond  string
}

var (
	// A template for certain: the format version or the SAM transform.
	cfnStrong = [][]byte{[]byte("AWSTemplateFormatVersion"), []byte("AWS::Serverless-2016-10-31")}
	// Otherwise a top-level Resources key and an AWS type.
	cfnResourcesYAML = lazyre.New(`(?m)^Resources[ \t]*:`)
	cfnResourcesJSON = lazyre.New(`"Resources"\s*:`)
	cfnTypeAWS       = lazyre.New(`(?m)(?:^|[\s{,"])"?Type"?\s*:\s*["']?AWS::`)
	logicalID        = lazyre.New(`^[A-Za-z0-9]+$`)
	yamlErrLine      = lazyre.New(`^yaml: (?:line (\d+): )?(?:column (\d+): )?`)
)

// looksCFN reports whether a file's bytes may be a template.
func looksCFN(src []byte) bool {
	if containsAny(src, cfnStrong) {
		return true
	}
	return (cfnResourcesYAML.Match(src) || cfnResourcesJSON.Match(src)) && cfnTypeAWS.Match(src)
}

// parseCFN parses a file that looks like a template. It returns nil and no
// findings when the file turns out not to be one (a top-level Resources
// with no AWS type in it, say), and a parse/error finding at the parser's
// line when the file looks like a template but is not valid YAML or JSON.
func parseCFN(p string, src []byte) (*cfnTemplate, []finding.Finding) {
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		loc := finding.Location{Path: p}
		msg := err.Error()
		if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
			loc.StartLine, _ = strconv.Atoi(m[1])
			loc.StartCol, _ = strconv.Atoi(m[2])
			msg = msg[len(m[0]):]
		}
		return nil, []finding.Finding{finding.ParseError.New(loc, "cannot parse CloudFormation template: %s", oneLine(msg))}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil
	}
	root := doc.Content[0]
	res := mapValue(root, "Resources")
	if res == nil || res.Kind != yaml.MappingNode {
		return nil, nil
	}
	t := &cfnTemplate{path: p, params: map[string]*yaml.Node{}, conditions: map[string]*yaml.Node{}, condMemo: map[string]int{}}
	aws := mapValue(root, "AWSTemplateFormatVersion") != nil
	if ps := mapAt(root, "Parameters"); ps != nil {
		for i := 0; i+1 < len(ps.Content); i += 2 {
			t.params[ps.Content[i].Value] = ps.Content[i+1]
		}
	}
	if cs := mapAt(root, "Conditions"); cs != nil {
		for i := 0; i+1 < len(cs.Content); i += 2 {
			t.conditions[cs.Content[i].Value] = cs.Content[i+1]
		}
	}
	t.mappings = mapAt(root, "Mappings")
	t.globals = mapAt(root, "Globals")
	for i := 0; i+1 < len(res.Content); i += 2 {
		k, v := res.Content[i], res.Content[i+1]
		if strings.HasPrefix(k.Value, "Fn::ForEach") {
			t.skipped++
			continue
		}
		typ := scalarAt(v, "Type")
		if typ == "" || k.Kind != yaml.ScalarNode || !logicalID.MatchString(k.Value) {
			continue
		}
		if strings.HasPrefix(typ, "AWS::") {
			aws = true
		}
		t.resources = append(t.resources, &cfnResource{name: k.Value, key: k, typ: typ,
			props: mapAt(v, "Properties"), cond: scalarAt(v, "Condition")})
	}
	if !aws {
		return nil, nil
	}
	return t, nil
}

// intrinsic reads an intrinsic function call, short form (a YAML tag:
// `!Ref X`, `!If [c, a, b]`) or long form (a one-key mapping: `{Ref: X}`,
// `{"Fn::If": [...]}`), and returns its name in long form ("Ref",
// "Condition", "Fn::If") and its argument. fn is "" for any other node.
func intrinsic(n *yaml.Node) (fn string, arg *yaml.Node) {
	if n == nil {
		return "", nil
	}
	if t := n.Tag; strings.HasPrefix(t, "!") && !strings.HasPrefix(t, "!!") && len(t) > 1 {
		name := t[1:]
		if name != "Ref" && name != "Condition" {
			name = "Fn::" + name
		}
		c := *n
		c.Tag = ""
		return name, &c
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			v := n.Content[1]
			if v.Kind == yaml.AliasNode {
				v = nil
			}
			return k, v
		}
	}
	return "", nil
}

// isNoValue reports whether n is `!Ref AWS::NoValue`: the property is
// removed.
func isNoValue(n *yaml.Node) bool {
	fn, arg := intrinsic(n)
	return fn == "Ref" && arg != nil && arg.Kind == yaml.ScalarNode && arg.Value == "AWS::NoValue"
}

// plainScalar reports whether n is a scalar with no tag but YAML's own.
func plainScalar(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && (n.Tag == "" || strings.HasPrefix(n.Tag, "!!"))
}

// value evaluates a node to a string when that is known statically: a
// plain scalar, !Sub with no variable, !Join and !Select of known parts,
// !FindInMap with known keys. defaults says whether a parameter's Default
// counts as known (for the inventory, which says so in its why; never for
// a tag verdict's keys). why receives the parameter used, if any.
func (t *cfnTemplate) value(n *yaml.Node, defaults bool, why *string, depth int) (string, bool) {
	if n == nil || depth > maxCFNDepth {
		return "", false
	}
	if plainScalar(n) {
		if n.Tag == "!!null" {
			return "", false
		}
		return n.Value, true
	}
	fn, arg := intrinsic(n)
	if arg == nil {
		return "", false
	}
	switch fn {
	case "Fn::Sub":
		if plainScalar(arg) && !strings.Contains(arg.Value, "${") {
			return arg.Value, true
		}
	case "Ref":
		if !defaults || !plainScalar(arg) {
			return "", false
		}
		p := t.params[arg.Value]
		d := mapValue(p, "Default")
		if !plainScalar(d) {
			return "", false
		}
		if why != nil {
			*why = fmt.Sprintf(" (default of parameter %q)", arg.Value)
		}
		return d.Value, true
	case "Fn::Join":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) != 2 || arg.Content[1].Kind != yaml.SequenceNode {
			return "", false
		}
		sep, ok := t.value(arg.Content[0], defaults, why, depth+1)
		if !ok {
			return "", false
		}
		parts := make([]string, 0, len(arg.Content[1].Content))
		for _, c := range arg.Content[1].Content {
			s, ok := t.value(c, defaults, why, depth+1)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, sep), true
	case "Fn::Select":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) != 2 || arg.Content[1].Kind != yaml.SequenceNode {
			return "", false
		}
		is, ok := t.value(arg.Content[0], defaults, why, depth+1)
		i, err := strconv.Atoi(is)
		if !ok || err != nil || i < 0 || i >= len(arg.Content[1].Content) {
			return "", false
		}
		return t.value(arg.Content[1].Content[i], defaults, why, depth+1)
	case "Fn::FindInMap":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) < 3 {
			return "", false
		}
		n := t.mappings
		for _, k := range arg.Content[:3] {
			s, ok := t.value(k, defaults, why, depth+1)
			if !ok {
				return "", false
			}
			n = mapValue(n, s)
		}
		return t.value(n, defaults, why, depth+1)
	}
	return "", false
}

// condition evaluates a named condition: 1 true, 0 false, -1 unknown. Only
// what is trivially known counts: Fn::Equals of two constants, and Fn::Not,
// Fn::And, Fn::Or and Condition over those. A parameter, even with a
// default, is set at deploy time: a condition on one is unknown.
func (t *cfnTemplate) condition(name string, depth int) int {
	if v, ok := t.condMemo[name]; ok {
		return v
	}
	t.condMemo[name] = -1 // a cycle is unknown
	v := -1
	if e, ok := t.conditions[name]; ok {
		v = t.condExpr(e, depth+1)
	}
	t.condMemo[name] = v
	return v
}

func (t *cfnTemplate) condExpr(n *yaml.Node, depth int) int {
	if depth > maxCFNDepth {
		return -1
	}
	fn, arg := intrinsic(n)
	if arg == nil {
		return -1
	}
	switch fn {
	case "Condition":
		if plainScalar(arg) {
			return t.condition(arg.Value, depth+1)
		}
	case "Fn::Equals":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) != 2 {
			return -1
		}
		a, ok1 := t.value(arg.Content[0], false, nil, depth+1)
		b, ok2 := t.value(arg.Content[1], false, nil, depth+1)
		if !ok1 || !ok2 {
			return -1
		}
		if a == b {
			return 1
		}
		return 0
	case "Fn::Not":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) != 1 {
			return -1
		}
		switch t.condExpr(arg.Content[0], depth+1) {
		case 1:
			return 0
		case 0:
			return 1
		}
	case "Fn::And", "Fn::Or":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) == 0 {
			return -1
		}
		and := fn == "Fn::And"
		out := 1
		if !and {
			out = 0
		}
		for _, c := range arg.Content {
			v := t.condExpr(c, depth+1)
			switch {
			case and && v == 0:
				return 0
			case !and && v == 1:
				return 1
			case v == -1:
				out = -1
			}
		}
		return out
	}
	return -1
}

// ifBranches reads the arguments of Fn::If: the condition's value and the
// two branches.
func (t *cfnTemplate) ifBranches(arg *yaml.Node, depth int) (cond int, a, b *yaml.Node, ok bool) {
	if arg == nil || arg.Kind != yaml.SequenceNode || len(arg.Content) != 3 || !plainScalar(arg.Content[0]) {
		return -1, nil, nil, false
	}
	return t.condition(arg.Content[0].Value, depth+1), arg.Content[1], arg.Content[2], true
}
