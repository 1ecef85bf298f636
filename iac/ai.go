package iac

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// aiServicePrefixes are resource types that train, tune, host or serve
// models, whatever their size.
var aiServicePrefixes = []string{
	"aws_sagemaker_", "aws_bedrock_", "aws_bedrockagent_", "aws_bedrockagentcore_",
	"google_vertex_ai_", "google_notebooks_", "google_workbench_", "google_tpu_", "google_ml_engine_",
	"azurerm_machine_learning_", "azurerm_cognitive_", "azurerm_ai_services", "azurerm_ai_foundry",
	// Conversational agents and generative search: their engines serve
	// models (Dialogflow CX, Agent Builder chat and search apps, Lex bots).
	"google_dialogflow_cx_agent", "google_dialogflow_agent", "google_discovery_engine_chat_engine",
	"google_discovery_engine_search_engine", "aws_lexv2models_bot", "aws_lex_bot",
}

// Accelerator families: aws p/g/trn/inf/dl, gcp a2/a3/a4/g2/g4 and TPU VMs
// (ct*), azure N-series.
var (
	awsGPU   = lazyre.New(`^(p[0-9]|g[0-9]|trn[0-9]|inf[0-9]|dl[0-9])[a-z0-9-]*\.`)
	gcpGPU   = lazyre.New(`^(a2|a3|a4|g2|g4|ct[0-9])-`)
	azureGPU = lazyre.New(`(?i)^standard_n[a-z]*[0-9]`)
)

// machineAttrs names, per resource type, where its machine type is written:
// an attribute, or "block.attribute" for a nested block.
var machineAttrs = map[string][]string{
	"aws_instance":                                   {"instance_type"},
	"aws_spot_instance_request":                      {"instance_type"},
	"aws_launch_template":                            {"instance_type"},
	"aws_launch_configuration":                       {"instance_type"},
	"aws_eks_node_group":                             {"instance_types"},
	"aws_batch_compute_environment":                  {"compute_resources.instance_type"},
	"google_compute_instance":                        {"machine_type"},
	"google_compute_instance_template":               {"machine_type"},
	"google_compute_region_instance_template":        {"machine_type"},
	"google_compute_instance_from_template":          {"machine_type"},
	"google_container_node_pool":                     {"node_config.machine_type"},
	"google_container_cluster":                       {"node_config.machine_type"},
	"azurerm_linux_virtual_machine":                  {"size"},
	"azurerm_windows_virtual_machine":                {"size"},
	"azurerm_virtual_machine":                        {"vm_size"},
	"azurerm_linux_virtual_machine_scale_set":        {"sku"},
	"azurerm_windows_virtual_machine_scale_set":      {"sku"},
	"azurerm_orchestrated_virtual_machine_scale_set": {"sku_name"},
	"azurerm_kubernetes_cluster_node_pool":           {"vm_size"},
	"azurerm_kubernetes_cluster":                     {"default_node_pool.vm_size"},
	"azurerm_machine_learning_compute_cluster":       {"vm_size"},
}

// accelBlocks are the types whose guest_accelerator blocks attach GPUs.
var accelBlocks = map[string][]string{
	"google_compute_instance":                 {"guest_accelerator"},
	"google_compute_instance_template":        {"guest_accelerator"},
	"google_compute_region_instance_template": {"guest_accelerator"},
	"google_container_node_pool":              {"node_config.guest_accelerator"},
	"google_container_cluster":                {"node_config.guest_accelerator"},
}

// aiKind classifies a resource in an instance: "ai-service", "gpu" or "".
// why says what made it so ("instance_type = p4d.24xlarge").
func (in *instance) aiKind(r *Resource) (kind, why string) {
	if r.Type == "azapi_resource" {
		return in.azapiKind(r)
	}
	if _, ok := manifestAttrs[r.Type]; ok {
		return in.manifestGPU(r)
	}
	if kubeWorkload(r.Type) {
		return in.workloadGPU(r)
	}
	for _, p := range aiServicePrefixes {
		if strings.HasPrefix(r.Type, p) {
			return "ai-service", "type " + r.Type
		}
	}
	for _, a := range machineAttrs[r.Type] {
		for _, e := range nestedAttrs(r.Body, a) {
			v := in.eval(e, nil)
			for _, s := range knownStrings(v) {
				if isGPUType(r.Type, s) {
					return "gpu", a[strings.LastIndex(a, ".")+1:] + " = " + s
				}
			}
		}
	}
	for _, b := range accelBlocks[r.Type] {
		for _, blk := range nestedBlocks(r.Body, b) {
			if in.createsBlocks(blk) {
				return "gpu", "guest_accelerator"
			}
		}
	}
	return "", ""
}

// createsBlocks reports whether a block certainly exists with a non-zero
// count: a static block whose count is not known to be 0, or a dynamic
// block whose for_each is known and not empty. An accelerator that depends
// on an unknown input is not inventoried: the inventory lists what is known.
func (in *instance) createsBlocks(b *hcl.Block) bool {
	if b.Type == "dynamic" {
		fe := attrOf(b.Body, "for_each")
		if fe == nil {
			return false
		}
		v, _ := in.eval(fe.Expr, nil).Unmark()
		return v.IsKnown() && !v.IsNull() && v.CanIterateElements() && v.LengthInt() > 0
	}
	if c := attrOf(b.Body, "count"); c != nil {
		v, _ := in.eval(c.Expr, nil).Unmark()
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.Number && v.RawEquals(cty.Zero) {
			return false
		}
	}
	return true
}

func isGPUType(typ, s string) bool {
	switch {
	case strings.HasPrefix(typ, "aws_"):
		return awsGPU.MatchString(s)
	case strings.HasPrefix(typ, "google_"):
		return gcpGPU.MatchString(s)
	case strings.HasPrefix(typ, "azurerm_"):
		return azureGPU.MatchString(s)
	}
	return false
}

// knownStrings returns the known strings of a string or a collection of them.
func knownStrings(v cty.Value) []string {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	if v.Type() == cty.String {
		return []string{v.AsString()}
	}
	var out []string
	if v.CanIterateElements() {
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, knownStrings(e)...)
		}
	}
	return out
}

// nestedAttrs returns the expressions of "a" or "block.a" (in every static
// block of that type) in body.
func nestedAttrs(body hcl.Body, dotted string) []hcl.Expression {
	parts := strings.Split(dotted, ".")
	bodies := []hcl.Body{body}
	for _, p := range parts[:len(parts)-1] {
		var next []hcl.Body
		for _, b := range bodies {
			for _, blk := range blocksOf(b, p) {
				next = append(next, blk.Body)
			}
		}
		bodies = next
	}
	name := parts[len(parts)-1]
	var out []hcl.Expression
	for _, b := range bodies {
		if a := attrOf(b, name); a != nil {
			out = append(out, a.Expr)
		}
	}
	return out
}

// nestedBlocks returns the blocks at "block" or "outer.block", static or
// dynamic.
func nestedBlocks(body hcl.Body, dotted string) []*hcl.Block {
	parts := strings.Split(dotted, ".")
	bodies := []hcl.Body{body}
	for _, p := range parts[:len(parts)-1] {
		var next []hcl.Body
		for _, b := range bodies {
			for _, blk := range blocksOf(b, p) {
				next = append(next, blk.Body)
			}
		}
		bodies = next
	}
	var out []*hcl.Block
	for _, b := range bodies {
		out = append(out, blocksOf(b, parts[len(parts)-1])...)
		for _, d := range blocksOf(b, "dynamic") {
			if len(d.Labels) == 1 && d.Labels[0] == parts[len(parts)-1] {
				out = append(out, d)
			}
		}
	}
	return out
}

// blocksOf returns the static blocks of one type in body ("dynamic" for
// dynamic blocks, each labelled with the type it generates).
func blocksOf(body hcl.Body, typ string) []*hcl.Block {
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: typ}}}
	if typ == "dynamic" {
		schema.Blocks[0].LabelNames = []string{"type"}
	}
	c, _, _ := body.PartialContent(schema)
	if c == nil {
		return nil
	}
	return c.Blocks
}

// attrOf returns the named attribute of body, or nil.
func attrOf(body hcl.Body, name string) *hcl.Attribute {
	c, _, _ := body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: name}}})
	if c == nil {
		return nil
	}
	return c.Attributes[name]
}
