package iac

import "github.com/tollgate-dev/tollgate/finding"

// UntaggedAIResource reports AI and GPU infrastructure without cost tags.
var UntaggedAIResource = finding.Rule{
	ID:      "tf/untagged-ai-resource",
	Title:   "AI or GPU resource without cost tags",
	Default: finding.High,
	Doc: "A resource that trains, tunes or serves models, or that carries accelerators, lacks the\n" +
		"required cost tags (or, with no `tags` policy, carries no tags at all). These are the\n" +
		"most expensive lines of a cloud bill: GPU and accelerator instance and machine types\n" +
		"(aws `p*`, `g*`, `trn*`, `inf*`; gcp `a2`, `a3`, `g2`, `guest_accelerator`; azure\n" +
		"N-series), SageMaker, Bedrock, Vertex AI, Azure Machine Learning and Cognitive Services,\n" +
		"Dialogflow CX agents, Agent Builder chat and search engines, Lex bots.\n" +
		"CloudFormation and SAM templates count too (`AWS::SageMaker::*`, `AWS::Bedrock::*`, GPU\n" +
		"instance types in instances, launch templates and EKS node groups, GPU requests of Batch\n" +
		"and ECS), with the stack-tag caveat of `tf/missing-cost-tags`.\n\n" +
		"It is the same three-valued check as `tf/missing-cost-tags` at a higher severity;\n" +
		"the report's AI infrastructure inventory lists every such resource with its tag status.\n\n" +
		"```hcl\nresource \"aws_instance\" \"trainer\" {\n  instance_type = \"p4d.24xlarge\"   # reported without cost tags\n  tags          = local.cost_tags\n}\n```",
	Controls: []string{"NIST-AI-RMF:GOVERN-1.6", "ISO42001:A.4.5", "SOC2:CC1.3"},
}
