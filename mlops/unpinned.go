package mlops

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// downloadCall finds the calls that fetch a model from the Hugging Face hub.
// pipeline( is matched only in files that import it from transformers.
var downloadCall = lazyre.New(`\b(from_pretrained|hf_hub_download|snapshot_download|pipeline)\s*\(`)

var importsHFPipeline = lazyre.New(`(?m)^\s*from\s+transformers\s+import\b[^\n]*\bpipeline\b|\btransformers\.pipeline\s*\(`)

// hubID is a Hugging Face repository id: "name" or "org/name".
var hubID = lazyre.New(`^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$`)

// maxCallLen bounds how far a call's arguments are read.
const maxCallLen = 4000

// unpinnedDownloads reports hub downloads in a Python source without a
// revision that pins them.
func unpinnedDownloads(p string, src []byte) []finding.Finding {
	text := string(src)
	hfPipeline := importsHFPipeline.MatchString(text)
	var out []finding.Finding
	for _, m := range downloadCall.FindAllStringSubmatchIndex(text, -1) {
		name := text[m[2]:m[3]]
		if name == "pipeline" {
			before := text[:m[2]]
			method := strings.HasSuffix(before, ".") && !strings.HasSuffix(before, "transformers.")
			if !hfPipeline || method || strings.HasSuffix(before, "@") || strings.HasSuffix(before, "@dsl.") {
				continue
			}
		}
		lineStart := strings.LastIndexByte(text[:m[0]], '\n') + 1
		if strings.Contains(stripPyComment(text[lineStart:m[0]]), "#") || strings.HasPrefix(strings.TrimSpace(text[lineStart:m[0]]), "#") {
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(text[lineStart:m[0]]), "def ") {
			continue // a definition, not a call
		}
		args, ok := callArgs(text[m[1]:])
		if !ok {
			continue
		}
		repo := modelArg(name, args)
		if repo == "" || !hubID.MatchString(repo) || localLooking(repo) {
			continue // a variable or a local path: nothing to judge
		}
		rev, hasRev := kwarg(args, "revision")
		if hasRev && rev != `"main"` && rev != `'main'` && rev != `"master"` && rev != `'master'` && rev != "None" {
			continue
		}
		line := strings.Count(text[:m[0]], "\n") + 1
		col := m[0] - lineStart + 1
		why := "without revision="
		if hasRev {
			why = "with revision=" + rev + ", a branch that moves"
		}
		fd := UnpinnedModelDownload.New(finding.Location{Path: p, StartLine: line, StartCol: col},
			"%s(%q) downloads a model %s; pin it to a commit sha or a tag", name, repo, why)
		fd.Evidence = map[string]string{"call": name, "model": repo}
		out = append(out, fd)
	}
	return out
}

// callArgs returns the text of a call's arguments up to its closing
// parenthesis, skipping strings; false when the call does not close.
func callArgs(s string) (string, bool) {
	var b strings.Builder
	depth, start := 1, 0
	var quote byte
	for i := 0; i < len(s) && i < maxCallLen; i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			// A comment is not an argument: leave it out.
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return "", false
			}
			b.WriteString(s[start:i])
			i += j
			start = i
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
			if depth == 0 {
				b.WriteString(s[start:i])
				return b.String(), true
			}
		}
	}
	return "", false
}

// splitArgs splits top-level arguments on commas.
func splitArgs(args string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(args); i++ {
		c := args[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(args[start:i]))
			start = i + 1
		}
	}
	if t := strings.TrimSpace(args[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// kwarg returns a keyword argument's source text.
func kwarg(args, key string) (string, bool) {
	for _, a := range splitArgs(args) {
		k, v, ok := strings.Cut(a, "=")
		if ok && strings.TrimSpace(k) == key && !strings.HasPrefix(v, "=") {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// modelArg returns the model repository a download names when it is a
// string literal, else "".
func modelArg(call, args string) string {
	var v string
	switch call {
	case "pipeline":
		v, _ = kwarg(args, "model")
	default:
		for _, k := range []string{"pretrained_model_name_or_path", "repo_id", "model_id"} {
			if s, ok := kwarg(args, k); ok {
				v = s
				break
			}
		}
		if v == "" {
			if as := splitArgs(args); len(as) > 0 && !strings.Contains(as[0], "=") {
				v = as[0]
			}
		}
	}
	return literal(v)
}

// literal unquotes a plain Python string literal; "" for anything else (an
// f-string, a name, an expression).
func literal(v string) string {
	if len(v) < 2 {
		return ""
	}
	q := v[0]
	if (q != '"' && q != '\'') || v[len(v)-1] != q {
		return ""
	}
	inner := v[1 : len(v)-1]
	if strings.ContainsAny(inner, "\"'\\{}") {
		return ""
	}
	return inner
}

// localLooking reports a literal that names a local directory or file.
func localLooking(s string) bool {
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") {
		return true
	}
	for _, ext := range []string{".bin", ".pt", ".pth", ".ckpt", ".safetensors", ".onnx", ".json", ".h5", ".pkl", ".gguf"} {
		if strings.HasSuffix(strings.ToLower(s), ext) {
			return true
		}
	}
	return false
}
