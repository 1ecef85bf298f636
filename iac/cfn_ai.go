package iac

import (
	"strings"

	"go.yaml.in/yaml/v4"
)

// cfnAIPrefixes are CloudFormation types that train, tune, host or serve
// models, whatever their size.
var cfnAIPrefixes = []string{"AWS::SageMaker::", "AWS::Bedrock::", "AWS::BedrockAgentCore::"}

// cfnMachine names, per resource type, where instance types are written:
// a dotted path from Properties, "[]" stepping into every item of a list.
var cfnMachine = map[string][]string{
	"AWS::EC2::Instance":                    {"InstanceType"},
	"AWS::EC2::Host":                        {"InstanceType", "InstanceFamily"},
	"AWS::EC2::CapacityReservation":         {"InstanceType"},
	"AWS::EC2::LaunchTemplate":              {"LaunchTemplateData.InstanceType"},
	"AWS::AutoScaling::LaunchConfiguration": {"InstanceType"},
	"AWS::AutoScaling::AutoScalingGroup":    {"MixedInstancesPolicy.LaunchTemplate.Overrides[].InstanceType"},
	"AWS::EKS::Nodegroup":                   {"InstanceTypes[]"},
	"AWS::Batch::ComputeEnvironment":        {"ComputeResources.InstanceTypes[]"},
	"AWS::EC2::SpotFleet": {"SpotFleetRequestConfigData.LaunchSpecifications[].InstanceType",
		"SpotFleetRequestConfigData.LaunchTemplateConfigs[].Overrides[].InstanceType"},
	"AWS::EC2::EC2Fleet": {"LaunchTemplateConfigs[].Overrides[].InstanceType"},
	"AWS::EMR::Cluster": {"Instances.MasterInstanceGroup.InstanceType", "Instances.CoreInstanceGroup.InstanceType",
		"Instances.TaskInstanceGroups[].InstanceType"},
	"AWS::EMR::InstanceGroupConfig": {"InstanceType"},
}

// cfnGPURequests names where containers request GPUs: a ResourceRequirements
// item {Type: GPU, Value: n}.
var cfnGPURequests = map[string][]string{
	"AWS::Batch::JobDefinition": {"ContainerProperties.ResourceRequirements[]",
		"NodeProperties.NodeRangeProperties[].Container.ResourceRequirements[]",
		"EksProperties.PodProperties.Containers[].Resources.Limits"},
	"AWS::ECS::TaskDefinition": {"ContainerDefinitions[].ResourceRequirements[]"},
}

// eksGPUAMI are EKS node group AMI types with accelerator drivers.
func eksGPUAMI(s string) bool {
	return strings.Contains(s, "_GPU") || strings.Contains(s, "_NVIDIA") || strings.Contains(s, "_NEURON")
}

// aiKind classifies a resource: "ai-service", "gpu" or "". A parameter's
// default counts for an instance type, and the why says so: the inventory
// lists what the template deploys unless told otherwise.
func (t *cfnTemplate) aiKind(r *cfnResource) (kind, why string) {
	for _, p := range cfnAIPrefixes {
		if strings.HasPrefix(r.typ, p) {
			return "ai-service", "type " + r.typ
		}
	}
	for _, dotted := range cfnMachine[r.typ] {
		for _, n := range cfnPath(r.props, dotted) {
			var via string
			s, ok := t.value(n, true, &via, 0)
			if !ok {
				continue
			}
			family := strings.HasSuffix(dotted, "InstanceFamily")
			for _, one := range strings.Split(s, ",") {
				one = strings.TrimSpace(one)
				if awsGPU.MatchString(one) || family && awsGPU.MatchString(one+".") {
					name := strings.TrimSuffix(dotted[strings.LastIndex(dotted, ".")+1:], "[]")
					return "gpu", name + " = " + one + via
				}
			}
		}
	}
	if r.typ == "AWS::EKS::Nodegroup" {
		for _, n := range cfnPath(r.props, "AmiType") {
			if s, ok := t.value(n, true, nil, 0); ok && eksGPUAMI(s) {
				return "gpu", "AmiType = " + s
			}
		}
	}
	if r.typ == "AWS::EC2::LaunchTemplate" {
		for _, n := range cfnPath(r.props, "LaunchTemplateData.InstanceRequirements.AcceleratorTypes[]") {
			if s, ok := t.value(n, true, nil, 0); ok && (s == "gpu" || s == "inference") {
				return "gpu", "AcceleratorTypes = " + s
			}
		}
	}
	for _, dotted := range cfnGPURequests[r.typ] {
		for _, n := range cfnPath(r.props, dotted) {
			if n.Kind != yaml.MappingNode {
				continue
			}
			if strings.HasSuffix(dotted, "Limits") {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if k := n.Content[i].Value; strings.Contains(k, "nvidia.com/gpu") || strings.Contains(k, "aws.amazon.com/neuron") {
						return "gpu", "Limits." + k
					}
				}
				continue
			}
			if typ, ok := t.value(mapValue(n, "Type"), true, nil, 0); ok && typ == "GPU" {
				if v, ok := t.value(mapValue(n, "Value"), true, nil, 0); !ok || v != "0" {
					return "gpu", "ResourceRequirements GPU"
				}
			}
		}
	}
	return "", ""
}

// cfnPath returns the nodes at a dotted path ("A.B[].C") under n. Aliases
// are not followed, nor intrinsics other than the value itself.
func cfnPath(n *yaml.Node, dotted string) []*yaml.Node {
	cur := []*yaml.Node{n}
	for _, part := range strings.Split(dotted, ".") {
		name, each := strings.CutSuffix(part, "[]")
		var next []*yaml.Node
		for _, c := range cur {
			v := mapValue(c, name)
			if v == nil {
				continue
			}
			if each {
				if v.Kind == yaml.SequenceNode {
					next = append(next, v.Content...)
				} else if fn, _ := intrinsic(v); fn == "Ref" {
					next = append(next, v) // a list parameter
				}
				continue
			}
			next = append(next, v)
		}
		cur = next
	}
	return cur
}
