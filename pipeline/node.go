package pipeline

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/tollgate-dev/tollgate/internal/lineindex"
)

// Pos is a position in a pipeline file: the slash-separated, root-relative
// path and the 1-based line and column. Every node of the model carries one,
// and it may point into another file than the pipeline's own (a local
// composite action, a GitLab include or the hidden job a job extends).
type Pos struct {
	Path      string
	Line, Col int
}

// IsZero reports whether the position is unknown.
func (p Pos) IsZero() bool { return p.Line == 0 }

// budget bounds the work done on one file, so that a few lines cannot cost
// without end: alias dereferences (an alias bomb expands to billions of
// nodes; the parser keeps aliases as pointers and every dereference here is
// counted), merging (merge keys, GitLab includes, extends and !reference)
// and the size of the model built (steps, script lines and variables, which
// aliases and extends multiply without the file growing).
type budget struct {
	left  int
	work  int
	model int
	// charged holds the alias nodes whose target's size was charged: each
	// occurrence of an alias is charged once, however often it is read.
	charged map[*yaml.Node]bool
	// grew counts the model units charged, for tests.
	grew     int
	exceeded bool
	// aliases and grown say which bound was reached: alias dereferences,
	// or the model's size; otherwise it was merge work.
	aliases, grown bool
	// at is the alias where dereferences ran out.
	at Pos
}

// maxAliasDerefs is the number of alias dereferences allowed per file. Real
// GitLab files with heavy anchor use stay under a few thousand.
const maxAliasDerefs = 100_000

// maxWork bounds the mapping entries collected (merge keys, extends and
// includes merged) and the nodes reached through aliases per file;
// legitimate files stay orders of magnitude below.
const maxWork = 2_000_000

// maxModel bounds the steps, script lines and variables a pipeline's model
// holds beyond the lines of its files: a file can only hold about one per
// line, so more is what aliases, extends and references multiplied.
const maxModel = 200_000

// newBudget returns the budget of a file of the given number of lines.
func newBudget(lines int) *budget {
	return &budget{left: maxAliasDerefs, work: maxWork, model: maxModel + max(lines, 0)}
}

// spend charges n units of work and reports whether the budget allows it.
func (b *budget) spend(n int) bool {
	b.work -= n
	if b.work < 0 {
		b.work = -1
		b.exceeded = true
		return false
	}
	return true
}

// stop records that alias dereferences ran out at the alias at.
func (b *budget) stop(at Pos) {
	if !b.aliases {
		b.at = at
	}
	b.exceeded, b.aliases = true, true
}

// grow charges n units of model (steps, lines, variables) and reports
// whether the budget allows it.
func (b *budget) grow(n int) bool {
	if n > b.model {
		b.model = -1
		b.exceeded, b.grown = true, true
		return false
	}
	b.model -= n
	b.grew += n
	return true
}

// reader navigates the YAML nodes of one file with positions.
type reader struct {
	path string
	b    *budget
	// owner maps nodes to the file they come from when a model mixes files
	// (GitLab includes); nil means every node is from path.
	owner map[*yaml.Node]*fileInfo
	file  *fileInfo
	// memo caches the collected pairs of each mapping: rules ask the same
	// mapping for many keys.
	memo map[*yaml.Node][]pair
}

// fileInfo is a file's path and source, to place script lines.
type fileInfo struct {
	path   string
	src    []byte
	starts lineindex.Index // found on first use
}

// line returns the 1-based line n of the file, or nil.
func (fi *fileInfo) line(n int) []byte {
	if fi.starts == nil {
		fi.starts = lineindex.New(fi.src)
	}
	return fi.starts.Line(fi.src, n)
}

func (r *reader) info(n *yaml.Node) *fileInfo {
	if r.owner != nil {
		if fi, ok := r.owner[n]; ok {
			return fi
		}
	}
	return r.file
}

func (r *reader) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{Path: r.path}
	}
	return Pos{Path: r.info(n).path, Line: n.Line, Col: n.Column}
}

// deref follows an alias once. Aliases of aliases are not possible in YAML,
// so one step is enough; each step is charged to the budget.
func (r *reader) deref(n *yaml.Node) *yaml.Node {
	if n == nil || n.Kind != yaml.AliasNode {
		return n
	}
	if r.b.left <= 0 || n.Alias == nil {
		r.b.stop(r.pos(n))
		return nil
	}
	r.b.left--
	// What is done with a node is proportional to its children (a list of
	// runners, of needs): an alias to a thousand-entry list in a thousand
	// jobs costs a million, though only a thousand dereferences.
	if !r.b.charged[n] {
		if r.b.charged == nil {
			r.b.charged = map[*yaml.Node]bool{}
		}
		r.b.charged[n] = true
		if !r.b.spend(len(n.Alias.Content)) {
			r.b.stop(r.pos(n))
			return nil
		}
	}
	return n.Alias
}

// pairs returns the key/value pairs of a mapping, with YAML merge keys
// ("<<: *anchor") expanded in place and later keys overriding earlier ones,
// as YAML 1.1 merge semantics require.
func (r *reader) pairs(n *yaml.Node) []pair {
	n = r.deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	if ps, ok := r.memo[n]; ok {
		return ps
	}
	if !hasMerge(n) {
		out := make([]pair, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, pair{n.Content[i], n.Content[i+1]})
		}
		return out
	}
	var out []pair
	idx := map[string]int{}
	r.collect(n, &out, idx, 0)
	if r.memo == nil {
		r.memo = map[*yaml.Node][]pair{}
	}
	r.memo[n] = out
	return out
}

// hasMerge reports whether a mapping has a YAML merge key.
func hasMerge(n *yaml.Node) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if kn := n.Content[i]; kn.Value == "<<" && kn.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
			return true
		}
	}
	return false
}

type pair struct {
	K, V *yaml.Node
}

func (r *reader) collect(n *yaml.Node, out *[]pair, idx map[string]int, depth int) {
	if depth > 16 || !r.b.spend(len(n.Content)/2+1) {
		r.b.exceeded = true
		return
	}
	var own []pair
	var merged []pair
	mergedIdx := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value == "<<" && k.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
			v = r.deref(v)
			if v == nil {
				continue
			}
			var sources []*yaml.Node
			switch v.Kind {
			case yaml.MappingNode:
				sources = []*yaml.Node{v}
			case yaml.SequenceNode:
				for _, e := range v.Content {
					if e = r.deref(e); e != nil && e.Kind == yaml.MappingNode {
						sources = append(sources, e)
					}
				}
			}
			// Earlier sources win over later ones (YAML 1.1 merge).
			for _, src := range sources {
				var one []pair
				r.collect(src, &one, map[string]int{}, depth+1)
				for _, p := range one {
					if _, ok := mergedIdx[p.K.Value]; !ok {
						mergedIdx[p.K.Value] = len(merged)
						merged = append(merged, p)
					}
				}
			}
			continue
		}
		own = append(own, pair{k, v})
	}
	// Merged keys come first and never override what is already there;
	// the mapping's own keys override both.
	for _, m := range merged {
		if _, ok := idx[m.K.Value]; !ok {
			idx[m.K.Value] = len(*out)
			*out = append(*out, m)
		}
	}
	for _, o := range own {
		if i, ok := idx[o.K.Value]; ok {
			(*out)[i] = o
			continue
		}
		idx[o.K.Value] = len(*out)
		*out = append(*out, o)
	}
}

func hasKey(ps []pair, k string) bool {
	for _, p := range ps {
		if p.K.Value == k {
			return true
		}
	}
	return false
}

// get returns the value and key of a mapping entry, or nils. Mappings
// without merge keys (nearly all) are searched in place, allocating nothing.
func (r *reader) get(n *yaml.Node, key string) (v, k *yaml.Node) {
	n = r.deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	simple := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn := n.Content[i]
		if kn.Value == "<<" && kn.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
			simple = false
			break
		}
		if kn.Value == key {
			v, k = n.Content[i+1], kn
		}
	}
	if simple {
		if k == nil {
			return nil, nil
		}
		return r.deref(v), k
	}
	for _, p := range r.pairs(n) {
		if p.K.Value == key {
			return r.deref(p.V), p.K
		}
	}
	return nil, nil
}

// str returns a scalar's value, or "" for anything else.
func (r *reader) str(n *yaml.Node) string {
	n = r.deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// strs returns a scalar as a one-element list, or the scalars of a sequence.
func (r *reader) strs(n *yaml.Node) []string {
	n = r.deref(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		return []string{n.Value}
	case yaml.SequenceNode:
		var out []string
		for _, e := range n.Content {
			if e = r.deref(e); e != nil && e.Kind == yaml.ScalarNode {
				out = append(out, e.Value)
			}
		}
		return out
	}
	return nil
}

// items returns the elements of a sequence, dereferenced.
func (r *reader) items(n *yaml.Node) []*yaml.Node {
	n = r.deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, e := range n.Content {
		if e = r.deref(e); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// boolish reads a YAML boolean, including the strings GitHub and GitLab accept.
func boolish(n *yaml.Node) (val, ok bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return false, false
	}
	switch strings.ToLower(n.Value) {
	case "true", "yes", "on":
		return true, true
	case "false", "no", "off":
		return false, true
	}
	return false, false
}

// intish reads an integer scalar.
func intish(n *yaml.Node) (int, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
	if err != nil {
		return 0, false
	}
	return int(f), true
}

// KV is one entry of a mapping such as env, with or variables.
type KV struct {
	Key, Value string
	// Pos is the key's position; ValuePos the value's.
	Pos, ValuePos Pos
}

func (r *reader) kvs(n *yaml.Node) []KV {
	var out []KV
	ps := r.pairs(n)
	for _, p := range ps {
		if !r.b.grow(1) {
			break
		}
		if out == nil {
			out = make([]KV, 0, len(ps))
		}
		v := r.deref(p.V)
		val := ""
		if v != nil {
			switch v.Kind {
			case yaml.ScalarNode:
				val = v.Value
			case yaml.MappingNode:
				// GitLab variables may be {value: x, description: y}.
				if vv, _ := r.get(v, "value"); vv != nil {
					val = r.str(vv)
				}
			}
		}
		out = append(out, KV{Key: p.K.Value, Value: val, Pos: r.pos(p.K), ValuePos: r.pos(v)})
	}
	return out
}

// Lookup returns the value of key in a KV list.
func Lookup(kvs []KV, key string) (KV, bool) {
	for _, kv := range kvs {
		if kv.Key == key {
			return kv, true
		}
	}
	return KV{}, false
}

// texts appends every scalar under n (keys and values), bounded by the
// budget; it is what rules use to look for expressions anywhere in a node.
func (r *reader) texts(n *yaml.Node, out *[]string, depth int) {
	n = r.deref(n)
	if n == nil || depth > 64 || r.b.exceeded {
		return
	}
	if n.Kind == yaml.ScalarNode {
		*out = append(*out, n.Value)
		return
	}
	for _, c := range n.Content {
		r.texts(c, out, depth+1)
	}
}

func newReader(f *File, b *budget) *reader {
	fi := &fileInfo{path: f.Path, src: f.Src}
	return &reader{path: f.Path, b: b, file: fi}
}
