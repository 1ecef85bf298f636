package iac

import (
	"fmt"
	"strings"
)

// genTerraform writes a realistic Terraform file of about size bytes: the
// shape of a large root configuration (variables, locals merged into tags,
// resources of common taggable and untaggable types with count and
// for_each, provider blocks, registry and local module calls). Prefix keeps
// names unique when several are put in one directory.
func genTerraform(size int, prefix string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "variable \"%s_tags\" {\n  type    = map(string)\n  default = { team = \"data\" }\n}\n\n", prefix)
	fmt.Fprintf(&b, "variable \"%s_env\" {\n  type    = string\n  default = \"prod\"\n}\n\n", prefix)
	for i := 0; b.Len() < size; i++ {
		n := fmt.Sprintf("%s_%d", prefix, i)
		fmt.Fprintf(&b, "variable \"%s_name\" {\n  description = \"Name of the %s group of resources.\"\n  type        = string\n  default     = \"svc-%s\"\n}\n\n", n, n, n)
		fmt.Fprintf(&b, "locals {\n  %s_tags = merge(var.%s_tags, {\n    Name        = var.%s_name\n    environment = var.%s_env\n    component   = \"c%d\"\n  })\n  %s_azs = [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"]\n}\n\n", n, prefix, n, prefix, i%7, n)
		fmt.Fprintf(&b, "resource \"aws_s3_bucket\" \"%s\" {\n  bucket = \"${var.%s_name}-data\"\n  tags   = merge(local.%s_tags, { index = \"%d\" })\n}\n\n", n, n, n, i)
		fmt.Fprintf(&b, "resource \"aws_s3_bucket_versioning\" \"%s\" {\n  bucket = aws_s3_bucket.%s.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\n", n, n)
		fmt.Fprintf(&b, "resource \"aws_instance\" \"%s\" {\n  count         = length(local.%s_azs)\n  ami           = data.aws_ami.ubuntu.id\n  instance_type = var.%s_env == \"prod\" ? \"m5.large\" : \"t3.micro\"\n  subnet_id     = element(aws_subnet.main[*].id, count.index)\n  root_block_device {\n    volume_size = 50\n    encrypted   = true\n  }\n  tags = merge(local.%s_tags, {\n    az = local.%s_azs[count.index]\n  })\n}\n\n", n, n, n, n, n)
		fmt.Fprintf(&b, "resource \"aws_security_group_rule\" \"%s\" {\n  for_each          = toset([\"80\", \"443\"])\n  type              = \"ingress\"\n  from_port         = tonumber(each.key)\n  to_port           = tonumber(each.key)\n  protocol          = \"tcp\"\n  cidr_blocks       = [\"10.0.0.0/8\"]\n  security_group_id = aws_security_group.main.id\n}\n\n", n)
		if i%20 == 0 {
			fmt.Fprintf(&b, "module \"%s_vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.1.0\"\n  name    = var.%s_name\n  tags    = local.%s_tags\n}\n\n", n, n, n)
		}
		if i%50 == 0 {
			fmt.Fprintf(&b, "provider \"aws\" {\n  alias  = \"%s\"\n  region = \"eu-west-1\"\n  default_tags {\n    tags = { cost-center = \"CC-%d\" }\n  }\n}\n\n", n, i)
		}
	}
	return []byte(b.String())
}
