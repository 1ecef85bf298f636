package iac

import (
	"regexp"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

var ctyString = cty.String

// unknownFunc accepts anything and returns an unknown value: the stand-in
// for functions that read files, the clock or the provider, and for any
// function tollgate does not model. It never fails, so one exotic call never
// abandons the rest of a module.
var unknownFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		return cty.DynamicVal, nil
	},
})

// limit caps the size of collections the evaluator builds, so that hostile
// input (range(1e9), setproduct of big lists) cannot exhaust memory.
const limit = 10000

var functions = sync.OnceValue(func() map[string]function.Function {
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc,
		"coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"floor": stdlib.FloorFunc, "format": stdlib.FormatFunc, "formatdate": stdlib.FormatDateFunc,
		"formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc, "join": stdlib.JoinFunc,
		"jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc, "keys": stdlib.KeysFunc,
		"length": stdlib.LengthFunc, "log": stdlib.LogFunc, "lookup": stdlib.LookupFunc,
		"lower": stdlib.LowerFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "regex": stdlib.RegexFunc,
		"regexall": stdlib.RegexAllFunc, "replace": stdlib.ReplaceFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setsubtract": stdlib.SetSubtractFunc,
		"setunion": stdlib.SetUnionFunc, "signum": stdlib.SignumFunc, "slice": stdlib.SliceFunc,
		"sort": stdlib.SortFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc,
		"substr": stdlib.SubstrFunc, "timeadd": stdlib.TimeAddFunc, "title": stdlib.TitleFunc,
		"trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "upper": stdlib.UpperFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc, "setproduct": stdlib.SetProductFunc, "range": stdlib.RangeFunc,
		"tobool": stdlib.MakeToFunc(cty.Bool), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tostring": stdlib.MakeToFunc(cty.String), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"merge": mergeFunc,
	}
	// Functions whose result depends on the outside world (files, the
	// clock, randomness, the network) are unknown by nature.
	for _, name := range []string{"file", "fileexists", "fileset", "filebase64", "filebase64sha256",
		"filebase64sha512", "filemd5", "filesha1", "filesha256", "filesha512", "templatefile",
		"timestamp", "plantimestamp", "uuid", "bcrypt", "abspath", "pathexpand"} {
		fs[name] = unknownFunc
	}
	// Bound the functions that build collections or strings from numbers.
	fs["range"] = bounded(fs["range"], func(args []cty.Value) bool {
		for _, a := range args {
			if a.IsKnown() && !a.IsNull() && a.Type() == cty.Number {
				if f, _ := a.AsBigFloat().Float64(); f > limit || f < -limit {
					return false
				}
			}
		}
		return true
	})
	fs["setproduct"] = bounded(fs["setproduct"], func(args []cty.Value) bool {
		n := 1
		for _, a := range args {
			if !a.IsKnown() || a.IsNull() || !a.CanIterateElements() {
				return true
			}
			n *= max(a.LengthInt(), 1)
			if n > limit {
				return false
			}
		}
		return true
	})
	widths := regexp.MustCompile(`[0-9]{5,}`)
	fmtOK := func(args []cty.Value) bool {
		return len(args) == 0 || !args[0].IsKnown() || args[0].IsNull() || args[0].Type() != cty.String ||
			!widths.MatchString(args[0].AsString())
	}
	fs["format"] = bounded(fs["format"], fmtOK)
	fs["formatlist"] = bounded(fs["formatlist"], fmtOK)
	fs["indent"] = bounded(fs["indent"], func(args []cty.Value) bool {
		if len(args) > 0 && args[0].IsKnown() && !args[0].IsNull() && args[0].Type() == cty.Number {
			f, _ := args[0].AsBigFloat().Float64()
			return f < 1000
		}
		return true
	})
	return fs
})

// bounded wraps f so that it returns unknown when ok rejects its arguments.
func bounded(f function.Function, ok func([]cty.Value) bool) function.Function {
	spec := &function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) {
			if !ok(args) {
				return cty.DynamicPseudoType, nil
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if !ok(args) {
				return cty.DynamicVal, nil
			}
			return f.Call(args)
		},
	}
	return function.New(spec)
}

// mergeFunc is Terraform's merge that keeps what it can know: when some
// arguments are unknown but typed as objects, their attribute names are still
// keys of the result (with unknown values). Only an argument of unknown shape
// makes the whole result unknown.
var mergeFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "maps", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowUnknown: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		out := map[string]cty.Value{}
		for _, a := range args {
			if a.IsNull() {
				continue
			}
			t := a.Type()
			if !a.IsKnown() {
				if t.IsObjectType() {
					for name := range t.AttributeTypes() {
						out[name] = cty.UnknownVal(t.AttributeType(name))
					}
					continue
				}
				return cty.DynamicVal, nil
			}
			if !t.IsObjectType() && !t.IsMapType() {
				return cty.DynamicVal, nil
			}
			for it := a.ElementIterator(); it.Next(); {
				k, v := it.Element()
				out[k.AsString()] = v
			}
		}
		return cty.ObjectVal(out), nil
	},
})

// withUnknownFuncs returns ctx, or a child of it, in which every function
// the expression calls exists: calls to unmodelled functions yield unknown
// instead of an error.
func withUnknownFuncs(ctx *hcl.EvalContext, e hcl.Expression) *hcl.EvalContext {
	se, ok := e.(hclsyntax.Expression)
	if !ok {
		return ctx
	}
	var missing []string
	hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
		if fc, ok := n.(*hclsyntax.FunctionCallExpr); ok {
			if _, known := ctx.Functions[fc.Name]; !known {
				missing = append(missing, fc.Name)
			}
		}
		return nil
	})
	if len(missing) == 0 {
		return ctx
	}
	child := ctx.NewChild()
	child.Functions = map[string]function.Function{}
	for _, n := range missing {
		child.Functions[n] = unknownFunc
	}
	return child
}
