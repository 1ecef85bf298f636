package iac

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// genCFN writes a SAM template of n resource groups shaped like a real
// application stack: parameters, conditions, Globals, functions, buckets
// with tag lists built from !Sub and !If, SageMaker endpoints, GPU
// instances from a parameter and a mapping.
func genCFN(n int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\n")
	b.WriteString("Parameters:\n  Env:\n    Type: String\n    Default: prod\n  GpuType:\n    Type: String\n    Default: g5.2xlarge\n")
	b.WriteString("Mappings:\n  Sizes:\n    prod: {train: p4d.24xlarge}\n")
	b.WriteString("Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  Never: !Equals [a, b]\n")
	b.WriteString("Globals:\n  Function:\n    Runtime: python3.12\n    Tags:\n      cost-center: CC-1234\n")
	b.WriteString("Resources:\n")
	for i := range n {
		fmt.Fprintf(&b, "  Fn%d:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.h%d\n      Environment:\n        Variables:\n          TABLE: !Ref Table%d\n      Tags:\n        owner: team-%d\n", i, i, i, i%7)
		fmt.Fprintf(&b, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"${AWS::StackName}-data-%d\"\n      Tags:\n        - Key: cost-center\n          Value: CC-1234\n        - !If [IsProd, {Key: owner, Value: ml}, !Ref AWS::NoValue]\n        - Key: Name\n          Value: !Sub \"${Env}-bucket-%d\"\n", i, i, i)
		fmt.Fprintf(&b, "  Table%d:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      KeySchema: [{AttributeName: id, KeyType: HASH}]\n      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n", i)
		if i%10 == 0 {
			fmt.Fprintf(&b, "  Endpoint%d:\n    Type: AWS::SageMaker::Endpoint\n    Properties:\n      EndpointConfigName: !GetAtt Config%d.EndpointConfigName\n      Tags: [{Key: owner, Value: ml}]\n", i, i)
			fmt.Fprintf(&b, "  Trainer%d:\n    Type: AWS::EC2::Instance\n    Condition: IsProd\n    Properties:\n      InstanceType: !FindInMap [Sizes, prod, train]\n      Tags: [{Key: owner, Value: ml}]\n", i)
			fmt.Fprintf(&b, "  Dev%d:\n    Type: AWS::EC2::Instance\n    Condition: Never\n    Properties:\n      InstanceType: !Ref GpuType\n", i)
		}
	}
	return []byte(b.String())
}

// BenchmarkAnalyzeCFN measures template reading and judging: on a
// generated SAM template of 1,000 resource groups (about 750 KB, 3,300
// resources) with a samconfig.toml, or with $TOLLGATE_CFN_CORPUS on the
// templates of real repositories (every candidate file under each folder).
func BenchmarkAnalyzeCFN(b *testing.B) {
	opts := Options{Required: []string{"cost-center", "owner"}}
	if env := os.Getenv("TOLLGATE_CFN_CORPUS"); env != "" {
		for _, dir := range filepath.SplitList(env) {
			fsys := os.DirFS(dir)
			var files []string
			_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, p)
					if rel = filepath.ToSlash(rel); IsCFNCandidate(rel) {
						files = append(files, rel)
					}
				}
				return nil
			})
			b.Run(filepath.Base(dir), func(b *testing.B) {
				for b.Loop() {
					AnalyzeCFN(fsys, files, opts)
				}
			})
		}
		return
	}
	src := genCFN(1000)
	fsys := fstest.MapFS{"template.yaml": {Data: src}, "samconfig.toml": {Data: []byte("[default.deploy.parameters]\ntags = \"team=x\"\n")}}
	files := []string{"samconfig.toml", "template.yaml"}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		res := AnalyzeCFN(fsys, files, opts)
		if res.Templates != 1 {
			b.Fatal("template not read")
		}
	}
}
