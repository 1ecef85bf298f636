package iac

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// BenchmarkAnalyze measures the whole Terraform analysis (parse, module
// tree, evaluation, tag resolution, rules). With $TOLLGATE_TF_CORPUS set it
// runs on those real repositories (bench/terraform.sh fetches them);
// otherwise on a generated repository shaped like a module library: 40
// modules in chains of four, each with locals merged into tags and twenty
// resources, all called from a root with default tags.
func BenchmarkAnalyze(b *testing.B) {
	opts := Options{Required: []string{"cost-center", "owner"}, ProviderCoverage: true}
	if env := os.Getenv("TOLLGATE_TF_CORPUS"); env != "" {
		for _, dir := range filepath.SplitList(env) {
			fsys := os.DirFS(dir)
			files := ownedFiles(b, fsys)
			b.Run(filepath.Base(dir), func(b *testing.B) { benchAnalyze(b, fsys, files, opts) })
		}
		return
	}
	fsys := generatedRepo(40)
	benchAnalyze(b, fsys, ownedFiles(b, fsys), opts)
}

func benchAnalyze(b *testing.B, fsys fs.FS, files []string, opts Options) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(context.Background(), fsys, files, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(files)), "files")
}

func ownedFiles(tb testing.TB, fsys fs.FS) []string {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".terraform") {
			return fs.SkipDir
		}
		if !d.IsDir() && Owns(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(files)
	return files
}

func generatedRepo(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := range n {
		var src strings.Builder
		fmt.Fprintf(&src, "variable \"tags\" {\n  type    = map(string)\n  default = {}\n}\n")
		fmt.Fprintf(&src, "variable \"name\" {\n  default = \"m%d\"\n}\n", i)
		fmt.Fprintf(&src, "locals {\n  common = merge(var.tags, { module = \"m%d\", Name = var.name })\n  names = [for k in range(10) : \"${var.name}-${k}\"]\n}\n", i)
		for r := range 10 {
			fmt.Fprintf(&src, "resource \"aws_s3_bucket\" \"b%d\" {\n  count  = length(local.names)\n  bucket = local.names[count.index]\n  tags   = merge(local.common, { index = \"%d\" })\n}\n", r, r)
			fmt.Fprintf(&src, "resource \"aws_iam_role\" \"r%d\" {\n  name = \"r%d\"\n}\n", r, r)
		}
		// Chains of four modules, as libraries nest (cluster, node
		// group, launch template, IAM role).
		for _, c := range []int{i + 1} {
			if c < n && c%4 != 0 {
				fmt.Fprintf(&src, "module \"m%d\" {\n  source = \"../m%d\"\n  tags   = local.common\n  name   = \"${var.name}-m%d\"\n}\n", c, c, c)
			}
		}
		fsys[fmt.Sprintf("modules/m%d/main.tf", i)] = &fstest.MapFile{Data: []byte(src.String())}
	}
	fsys["main.tf"] = &fstest.MapFile{Data: []byte(`provider "aws" {
  default_tags {
    tags = { cost-center = "CC-1" }
  }
}
`)}
	var root strings.Builder
	for i := 0; i < n; i += 4 {
		fmt.Fprintf(&root, "module \"c%d\" {\n  source = \"./modules/m%d\"\n  tags   = { owner = \"ml\" }\n}\n", i, i)
	}
	fsys["modules.tf"] = &fstest.MapFile{Data: []byte(root.String())}
	return fsys
}
