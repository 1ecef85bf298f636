package iac

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

func TestInventoryAndCoverage(t *testing.T) {
	res, _ := runCase(t, "testdata/want/ai")
	type row struct{ Addr, Kind, Why, Status string }
	var got []row
	for _, a := range res.Inventory {
		got = append(got, row{a.Address, a.Kind, a.Why, a.TagStatus})
	}
	want := []row{
		{"aws_instance.trainer", "gpu", "instance_type = p4d.24xlarge", "fail"},
		{"aws_sagemaker_endpoint.serve", "ai-service", "type aws_sagemaker_endpoint", "fail"},
		{"google_compute_instance.gpu", "gpu", "guest_accelerator", "fail"},
		{"azurerm_linux_virtual_machine.nv", "gpu", "size = Standard_NC6s_v3", "fail"},
		{"aws_lexv2models_bot.bot", "ai-service", "type aws_lexv2models_bot", "fail"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
	wantCov := []ProviderCount{{Provider: "aws", Fail: 4}, {Provider: "azurerm", Fail: 1}, {Provider: "google", Fail: 1}}
	if d := cmp.Diff(wantCov, res.Coverage); d != "" {
		t.Errorf("coverage (-want +got):\n%s", d)
	}

	res, _ = runCase(t, "testdata/ok/non-taggable")
	got = nil
	for _, a := range res.Inventory {
		got = append(got, row{a.Address, a.Kind, a.Why, a.TagStatus})
	}
	want = []row{
		{"google_tpu_v2_vm.tpu", "ai-service", "type google_tpu_v2_vm", "n/a"},
		{"google_container_node_pool.gpu", "gpu", "machine_type = a2-highgpu-1g", "pass"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("non-taggable inventory (-want +got):\n%s", d)
	}

	// Three-valued counts: pass, fail and unknown side by side.
	res, _ = runCase(t, "testdata/ok/merge-unknown")
	if d := cmp.Diff([]ProviderCount{{Provider: "aws", Pass: 2, Unknown: 1}}, res.Coverage); d != "" {
		t.Errorf("merge-unknown coverage (-want +got):\n%s", d)
	}
}

// Findings in .tf.json files carry the JSON positions (want comments cannot
// be written in JSON, so this is checked here).
func TestJSONPositions(t *testing.T) {
	src := `{
  "provider": {"aws": {}},
  "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": ">= 6.0"}}},
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "tags": {"owner": "ml"},
        "lifecycle": {"ignore_changes": ["tags"]}
      }
    }
  }
}`
	fsys := fstest.MapFS{"main.tf.json": {Data: []byte(src)}}
	res, err := Analyze(context.Background(), fsys, []string{"main.tf.json"}, Options{Required: []string{"cost-center"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s %s", f.Location, f.Rule))
	}
	want := []string{"main.tf.json:6:12 tf/missing-cost-tags", "main.tf.json:8:23 tf/tags-ignore-changes"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
}

func TestExternalModulesRecorded(t *testing.T) {
	res, _ := runCase(t, "testdata/want/pinning")
	var got []string
	for _, e := range res.External {
		got = append(got, fmt.Sprintf("%s %s %s %q", e.Name, e.Kind, e.Source, e.Version))
	}
	want := []string{
		`vpc registry terraform-aws-modules/vpc/aws ""`,
		`net git git::https://example.com/net.git ""`,
		`pinned git git::https://example.com/net.git?ref=v1.0.0 ""`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("external modules (-want +got):\n%s", d)
	}
}

// TestAzapiInventory checks that azapi_resource is inventoried by its ARM
// type and body, whatever its tags.
func TestAzapiInventory(t *testing.T) {
	type row struct{ Addr, Kind, Why, Status string }
	for _, tt := range []struct {
		dir  string
		want []row
	}{
		{"testdata/want/azapi", []row{
			{"azapi_resource.ws", "ai-service", "type Microsoft.MachineLearningServices/workspaces@2024-04-01", "fail"},
			{"azapi_resource.oai", "ai-service", "type Microsoft.CognitiveServices/accounts@2023-05-01, kind = OpenAI", "fail"},
			{"azapi_resource.vm", "gpu", "type Microsoft.Compute/virtualMachines@2024-03-01, size = Standard_NC24ads_A100_v4", "fail"},
		}},
		{"testdata/ok/azapi", []row{
			{"azapi_resource.ws", "ai-service", "type Microsoft.MachineLearningServices/workspaces@2024-04-01", "unknown"},
			{"azapi_resource.ws", "ai-service", "type Microsoft.MachineLearningServices/workspaces@2024-04-01", "pass"},
			{"azapi_resource.oai", "ai-service", "type Microsoft.CognitiveServices/accounts@2023-05-01, kind = OpenAI", "pass"},
		}},
	} {
		res, _ := runCase(t, tt.dir)
		var got []row
		for _, a := range res.Inventory {
			got = append(got, row{a.Address, a.Kind, a.Why, a.TagStatus})
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s inventory (-want +got):\n%s", tt.dir, d)
		}
	}
}

// TestNotCreatedInventory checks that AI and GPU blocks behind count = 0
// stay in the inventory, marked as not created.
func TestNotCreatedInventory(t *testing.T) {
	res, _ := runCase(t, "testdata/want/each")
	type row struct{ Addr, Module, Kind, Status string }
	var got []row
	for _, a := range res.Inventory {
		got = append(got, row{a.Address, a.Module, a.Kind, a.TagStatus})
	}
	want := []row{{"aws_instance.gpu", "module.net in .", "gpu", "not created"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
	if res.NotCreated != 1 {
		t.Errorf("%d blocks not created, want 1", res.NotCreated)
	}
}

// TestGPUCapacityInventory checks that GPU capacity in module arguments
// and Kubernetes manifests is inventoried, and CPU-only ones are not.
func TestGPUCapacityInventory(t *testing.T) {
	res, _ := runCase(t, "testdata/ok/gpu-capacity")
	type row struct{ Addr, Why, Status string }
	var got []row
	for _, a := range res.Inventory {
		if a.Kind != "gpu" {
			t.Errorf("%s: kind %q", a.Address, a.Kind)
		}
		got = append(got, row{a.Address, a.Why, a.TagStatus})
	}
	want := []row{
		{"module.eks", "eks_managed_node_groups.gpu.instance_types = g5.xlarge", "pass"},
		{"module.gke", "node_pools.accelerator_count", "unknown"},
		{"kubectl_manifest.gpu_pool", "yaml_body holds nvidia.com/gpu", "n/a"},
		{"kubernetes_manifest.job", "manifest.spec.template.spec.containers.resources.limits.nvidia.com/gpu", "n/a"},
		{"helm_release.inference", "values.nodeSelector.cloud.google.com/gke-accelerator", "n/a"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
}

// TestGPUElsewhereInventory checks the capacity and services found where
// session 3's reader did not look: typed Kubernetes workloads, Helm values
// files rendered with templatefile, registry modules named after an AI
// service, a variable default in a module nobody calls, and a local call
// whose module's resources could not show the GPU type it passes; and the
// negatives beside each (CPU pools and workloads, a GPU exporter daemon
// set, a values file naming a GPU only in a comment, a network module).
func TestGPUElsewhereInventory(t *testing.T) {
	res, _ := runCase(t, "testdata/ok/gpu-elsewhere")
	type row struct{ Addr, Kind, Why, Status string }
	var got []row
	for _, a := range res.Inventory {
		got = append(got, row{a.Address, a.Kind, a.Why, a.TagStatus})
	}
	want := []row{
		{"module.gpu_cluster", "gpu", `pools.accelerator_count (default of variable "gpu_pools")`, "unknown"},
		{"module.nodes", "gpu", "groups.train.instance_types = p4d.24xlarge", "unknown"},
		{"module.openai", "ai-service", "module avm-res-cognitiveservices-account", "unknown"},
		{"kubernetes_deployment_v1.serve", "gpu", "spec.template.spec.container.resources.limits.nvidia.com/gpu", "n/a"},
		{"helm_release.notebooks", "gpu", "values (templatefile gpu.yaml) singleuser.profileList.kubespawner_override.extra_resource_limits.nvidia.com/gpu", "n/a"},
		{"google_dialogflow_cx_agent.agent", "ai-service", "type google_dialogflow_cx_agent", "n/a"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
}

// TestGPUInSetsAndConform: a set's elements are not keys (an unknown one
// must not be read as a string), and a variable's value takes its declared
// type, optional attributes included, or stays as it was when it cannot.
func TestGPUInSetsAndConform(t *testing.T) {
	set := cty.SetVal([]cty.Value{cty.UnknownVal(cty.String), cty.StringVal("nvidia.com/gpu")})
	if got := gpuIn(cty.ObjectVal(map[string]cty.Value{"tolerations": set}), "", 0); got != "tolerations holds nvidia.com/gpu" {
		t.Errorf("gpuIn(set) = %q", got)
	}
	ty := cty.ObjectWithOptionalAttrs(map[string]cty.Type{"size": cty.Number, "disk": cty.Object(map[string]cty.Type{"name": cty.String})}, []string{"disk", "size"})
	v := &Variable{Type: ty}
	got := v.conform(cty.EmptyObjectVal)
	if !got.Type().IsObjectType() || !got.GetAttr("disk").IsNull() {
		t.Errorf("conform({}) = %#v, want disk = null", got)
	}
	if bad := cty.StringVal("x"); !v.conform(bad).RawEquals(bad) {
		t.Errorf("conform of a value that does not convert changed it")
	}
	if u := cty.DynamicVal; !v.conform(u).RawEquals(u) {
		t.Errorf("conform of an unknown value changed it")
	}
}
