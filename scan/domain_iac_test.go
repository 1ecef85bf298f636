package scan

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
)

// The adapter turns the policy's tags block into iac options, and fills the
// Terraform section and only the infrastructure part of the AI inventory.
func TestIaCDomainFillsReport(t *testing.T) {
	repo := gitrepo.New(t)
	repo.Commit("init", map[string]string{
		".tollgate.hcl": `tags {
  required = ["cost-center"]
  value "cost-center" { pattern = "^CC-[0-9]+$" }
}
`,
		"infra/main.tf": `provider "aws" {
  default_tags {
    tags = { cost-center = "cc-1" }
  }
}
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 6.0" }
  }
}
resource "aws_instance" "gpu" {
  instance_type = "p5.48xlarge"
}
resource "aws_autoscaling_group" "asg" {}
`,
	})
	p, err := policy.Load(repo.Dir)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, repo.Dir, Options{Policy: p})
	has(t, lines(r),
		"infra/main.tf:3:14 tf/invalid-tag-value",
		"infra/main.tf:14:1 tf/missing-cost-tags",
	)
	want := &report.Terraform{Modules: 1, Instances: 1, Resources: 2,
		Coverage: []report.ProviderCount{{Provider: "aws", Pass: 1, Fail: 1}}}
	if d := cmp.Diff(want, r.Terraform); d != "" {
		t.Errorf("terraform section (-want +got):\n%s", d)
	}
	if r.AI == nil || len(r.AI.Infrastructure) != 1 || r.AI.Infrastructure[0].Address != "aws_instance.gpu" ||
		r.AI.Infrastructure[0].TagStatus != "pass" || r.AI.Infrastructure[0].Kind != "gpu" {
		t.Errorf("AI infrastructure = %+v", r.AI)
	}
}

func TestIaCOptions(t *testing.T) {
	if o := iacOptions(nil); len(o.Required) != 0 || o.ProviderCoverage {
		t.Errorf("nil tags block gave %+v", o)
	}
	on, pat := true, "^x$"
	o := iacOptions(&policy.Tags{Required: []string{"a"}, ProviderCoverage: &on,
		Values: []policy.TagValue{{Key: "a", Pattern: &pat, Allowed: []string{"x"}}}})
	if !o.ProviderCoverage || len(o.Values) != 1 || o.Values[0].Pattern.String() != "^x$" || o.Values[0].Allowed[0] != "x" {
		t.Errorf("options = %+v", o)
	}
}

// A module manifest whose downloaded directory links out of the root is
// not read (the call is judged at the call site instead), a FIFO named like
// a manifest does not block the scan, and a Kubernetes NodePool with a GPU
// family reaches the AI inventory.
func TestIaCDomainInstalledAndKube(t *testing.T) {
	repo := t.TempDir()
	outside := t.TempDir()
	in := func(p string) string { return filepath.Join(repo, p) }
	writeFile(t, filepath.Join(outside, "main.tf"), `resource "aws_s3_bucket" "b" {
  tags = { cost-center = "CC-1" }
}
`)
	writeFile(t, in(".tollgate.hcl"), "tags {\n  required = [\"cost-center\"]\n}\n")
	writeFile(t, in("infra/main.tf"), `provider "aws" {}
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 6.0" }
  }
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.0.1"
  tags    = { Name = "main" }
}
`)
	writeFile(t, in("infra/.terraform/modules/modules.json"),
		`{"Modules":[{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Dir":".terraform/modules/vpc"}]}`)
	symlink(t, outside, in("infra/.terraform/modules/vpc"))
	mkfifo(t, in("k8s/fifo.yaml"))
	writeFile(t, in("k8s/pool.yaml"), "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: gpu\nspec:\n"+
		"  template:\n    spec:\n      requirements:\n        - key: karpenter.k8s.aws/instance-family\n          operator: In\n          values: [p5]\n")
	p, err := policy.Load(repo)
	if err != nil {
		t.Fatal(err)
	}
	r, err := runBounded(t, Options{Root: repo, Policy: p})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	has(t, lines(r), "infra/main.tf:7:1 tf/missing-cost-tags", "k8s/fifo.yaml scan/file-unreadable")
	if r.AI == nil || len(r.AI.Infrastructure) != 1 || r.AI.Infrastructure[0].Address != "NodePool/gpu" ||
		r.AI.Infrastructure[0].Location.Path != "k8s/pool.yaml" {
		t.Errorf("AI infrastructure = %+v", r.AI)
	}
}
