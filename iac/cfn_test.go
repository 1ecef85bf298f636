package iac

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

type cfnRow struct {
	Path       string
	Line, Col  int
	Addr, Kind string
	Why        string
	Status     string
}

func cfnRows(inv []AIResource) []cfnRow {
	var out []cfnRow
	for _, a := range inv {
		out = append(out, cfnRow{a.Location.Path, a.Location.StartLine, a.Location.StartCol, a.Address, a.Kind, a.Why, a.TagStatus})
	}
	return out
}

// TestCFNInventory checks the AI/GPU inventory of the want fixture: a GPU
// instance type from a parameter's default (said so), a resource under a
// condition known to be false listed as not created, AI services by type.
func TestCFNInventory(t *testing.T) {
	dir := "testdata/want/cfn-sam"
	fsys := os.DirFS(dir)
	res := AnalyzeCFN(fsys, []string{"policy.hcl", "samconfig.toml", "template.yaml"}, Options{Required: []string{"cost-center", "owner"}})
	want := []cfnRow{
		{"template.yaml", 28, 3, "Endpoint", "ai-service", "type AWS::SageMaker::Endpoint", "fail"},
		{"template.yaml", 36, 3, "Trainer", "gpu", `InstanceType = g5.xlarge (default of parameter "TrainerType")`, "fail"},
		{"template.yaml", 72, 3, "Old", "gpu", "InstanceType = p4d.24xlarge", "not created"},
		{"template.yaml", 78, 3, "Agent", "ai-service", "type AWS::Bedrock::Agent", "fail"},
	}
	if d := cmp.Diff(want, cfnRows(res.Inventory)); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
	got := map[string]string{}
	for _, r := range res.Resources {
		got[r.Address] = r.Status
	}
	wantStatus := map[string]string{"Handler": "pass", "Endpoint": "fail", "Trainer": "fail", "Data": "fail", "Logs": "pass",
		"MaybeTagged": "unknown", "ParamKey": "unknown", "Agent": "fail", "Hook": "n/a"}
	if d := cmp.Diff(wantStatus, got); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	if res.Templates != 1 || res.StackTagsKnown != 1 || res.NotCreated != 1 {
		t.Errorf("templates %d, stack tags known %d, not created %d; want 1, 1, 1", res.Templates, res.StackTagsKnown, res.NotCreated)
	}
}

const cfnJSON = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {"Types": {"Type": "CommaDelimitedList", "Default": "m5.large,g6.xlarge"}},
  "Mappings": {"Sizes": {"prod": {"train": "trn1.32xlarge"}}},
  "Resources": {
	"Pool": {"Type": "AWS::EKS::Nodegroup", "Properties": {"InstanceTypes": {"Ref": "Types"}, "Tags": {"owner": "ml"}}},
	"Batch": {"Type": "AWS::Batch::ComputeEnvironment",
	  "Properties": {"ComputeResources": {"InstanceTypes": [{"Fn::FindInMap": ["Sizes", "prod", "train"]}]}}},
	"Job": {"Type": "AWS::Batch::JobDefinition", "Properties": {"ContainerProperties": {
	  "ResourceRequirements": [{"Type": "VCPU", "Value": "4"}, {"Type": "GPU", "Value": "1"}]}}},
	"Cpu": {"Type": "AWS::EC2::Instance", "Properties": {"InstanceType": {"Fn::If": ["C", "g5.xlarge", "m5.large"]}}},
	"New": {"Type": "AWS::BedrockAgentCore::Runtime", "Properties": {}}
  }
}
`

// TestCFNJSON checks a JSON template (tab-indented, long-form intrinsics):
// positions, a list parameter's default, FindInMap, GPU requests, an
// instance type chosen by an unknown condition (not inventoried), a type
// newer than the specification snapshot (unknown, not n/a); Pool carries
// the required key itself: pass whatever the stack's tags.
func TestCFNJSON(t *testing.T) {
	fsys := fstest.MapFS{"infra/stack.json": {Data: []byte(cfnJSON)}}
	res := AnalyzeCFN(fsys, []string{"infra/stack.json"}, Options{Required: []string{"owner"}})
	want := []cfnRow{
		{"infra/stack.json", 6, 2, "Pool", "gpu", `InstanceTypes = g6.xlarge (default of parameter "Types")`, "pass"},
		{"infra/stack.json", 7, 2, "Batch", "gpu", "InstanceTypes = trn1.32xlarge", "unknown"},
		{"infra/stack.json", 9, 2, "Job", "gpu", "ResourceRequirements GPU", "unknown"},
		{"infra/stack.json", 12, 2, "New", "ai-service", "type AWS::BedrockAgentCore::Runtime", "unknown"},
	}
	if d := cmp.Diff(want, cfnRows(res.Inventory)); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
	if len(res.Findings) != 0 {
		t.Errorf("findings without known stack tags: %v", res.Findings)
	}
}

// TestSAMConfig checks the deploy configurations read: the default
// environment's tags (deploy over global), quoted values, a template_file,
// and no verdict when the default environment has no deploy parameters.
func TestSAMConfig(t *testing.T) {
	cases := []struct {
		name, path, src string
		templates       []string
		keys            string
	}{
		{"toml", "app/samconfig.toml", "version = 0.1\n[default.global.parameters]\ntags = \"a=1\"\n[default.deploy.parameters]\ntags = \"owner=\\\"ml team\\\" cost-center=CC-1\"\n",
			[]string{"app/template.yaml", "app/template.yml", "app/template.json"}, "[cost-center owner]"},
		{"global tags", "samconfig.toml", "[default.global.parameters]\ntags = 'a=1'\n[default.deploy.parameters]\ntemplate_file = \"cfn/main.yaml\"\n",
			[]string{"cfn/main.yaml"}, "[a]"},
		{"no tags", "samconfig.yaml", "default:\n  deploy:\n    parameters:\n      stack_name: x\n",
			[]string{"template.yaml", "template.yml", "template.json"}, "[]"},
		{"bad tags", "samconfig.toml", "[default.deploy.parameters]\ntags = \"owner\"\n", []string{"template.yaml", "template.yml", "template.json"}, "[]+open"},
		{"other env only", "samconfig.toml", "[prod.deploy.parameters]\ntags = \"a=1\"\n", nil, ""},
		{"built template", "samconfig.toml", "[default.deploy.parameters]\ntemplate_file = \".aws-sam/build/template.yaml\"\n",
			[]string{"template.yaml", "template.yml", "template.json"}, "[]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := readSAMConfig(c.path, []byte(c.src))
			if c.keys == "" {
				if st != nil {
					t.Fatalf("got %v, want nil", st.keys)
				}
				return
			}
			if st == nil {
				t.Fatal("got nil")
			}
			if d := cmp.Diff(c.templates, st.templates); d != "" {
				t.Errorf("templates (-want +got):\n%s", d)
			}
			if got := st.keys.String(); got != c.keys {
				t.Errorf("keys %s, want %s", got, c.keys)
			}
		})
	}
}

// TestCFNNotTemplates: files that are not templates are not read as such,
// and give no parse error.
func TestCFNNotTemplates(t *testing.T) {
	fsys := fstest.MapFS{
		"serverless.yml":   {Data: []byte("service: x\nresources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n")},
		"k8s/broken.yaml":  {Data: []byte("Resources: [\n")},
		"data/types.json":  {Data: []byte(`{"Resources": {"x": {"Type": "Custom::Thing"}}}`)},
		"chart/tpl.yaml":   {Data: []byte("Resources:\n  {{ .Values.x }}: {Type: AWS::S3::Bucket}\n")},
		"package.json":     {Data: []byte(`{"AWSTemplateFormatVersion": 1, "Resources": [}`)},
		".github/cfn.yaml": {Data: []byte("AWSTemplateFormatVersion: x\nResources: [\n")},
	}
	var files []string
	for p := range fsys {
		files = append(files, p)
	}
	res := AnalyzeCFN(fsys, sortStrings(files), Options{Required: []string{"owner"}})
	if res.Templates != 0 || len(res.Findings) != 0 {
		t.Errorf("templates %d, findings %v; want none", res.Templates, res.Findings)
	}
}

func sortStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// TestCFNNames checks which paths the domain claims by name.
func TestCFNNames(t *testing.T) {
	for p, want := range map[string]bool{
		"template.yaml": true, "infra/stack.json": true, "cfn/network.yml": true, "app/sam-app.yaml": true,
		"x.template": true, "samconfig.toml": true, "deploy/cloudformation/vpc.yaml": true,
		"docker-compose.yml": false, "chart/templates/deploy.yaml": false, "package.json": false,
		".github/workflows/template.yml": false, "node_modules/a/template.yaml": false, "pyproject.toml": false,
	} {
		if got := IsCFNName(p); got != want {
			t.Errorf("IsCFNName(%q) = %v, want %v", p, got, want)
		}
	}
}

// FuzzCFN: no input may panic the template reader or make it loop:
// aliases are never followed, conditions that refer to each other are
// unknown, recursion is bounded.
func FuzzCFN(f *testing.F) {
	src, err := os.ReadFile("testdata/want/cfn-sam/template.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(src))
	f.Add(cfnJSON)
	f.Add("AWSTemplateFormatVersion: x\nConditions:\n  A: !Condition B\n  B: !Not [!Condition A]\nResources:\n  R:\n    Type: AWS::S3::Bucket\n    Condition: A\n    Properties:\n      Tags: !If [A, [{Key: a}], *x]\n")
	f.Add("AWSTemplateFormatVersion: x\na: &a [*a]\nResources: {R: {Type: AWS::EC2::Instance, Properties: {InstanceType: !Join [\"\", [!Select [0, [p4d]], .x]], Tags: {<<: *a}}}}\n")
	f.Add("AWSTemplateFormatVersion: 1\nResources:\n  R:\n    Type: AWS::SageMaker::Model\n    Properties:\n      Tags: " + strings.Repeat("!If [c, ", 80) + "x" + strings.Repeat("]", 80) + "\n")
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{"template.yaml": {Data: []byte(src)}, "samconfig.toml": {Data: []byte("[default.deploy.parameters]\ntags = \"owner=x\"\n")}}
		res := AnalyzeCFN(fsys, []string{"samconfig.toml", "template.yaml"}, Options{Required: []string{"cost-center", "owner"}})
		for _, f := range res.Findings {
			if f.Location.Path != "template.yaml" {
				t.Fatalf("finding outside the template: %v", f.Location)
			}
		}
		_ = fmt.Sprint(res.Coverage)
	})
}
