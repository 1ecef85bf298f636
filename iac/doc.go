// Package iac reads Terraform configurations (`*.tf` with hclsyntax and
// `*.tf.json` with hcl's JSON parser) and runs the infrastructure rules on
// them: cost-allocation tags, AI/GPU inventory, supply chain.
package iac
