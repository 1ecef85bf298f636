package licensing

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestNoticesGolden(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) (string, string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p, HashOf([]byte(body))
	}
	mitA, mitSum := write("a/LICENSE", "MIT License\r\n\r\nCopyright (c) 2024 A\r\n\r\nPermission is hereby granted...\r\n\r\n\r\n")
	mitB, _ := write("b/LICENSE", "MIT License\r\n\r\nCopyright (c) 2024 A\r\n\r\nPermission is hereby granted...\r\n\r\n\r\n")
	apache, apacheSum := write("c/LICENSE", "Apache License\nVersion 2.0, January 2004\n")
	notice, noticeSum := write("c/NOTICE", "c\nCopyright 2024 C\n")
	docs, docsSum := write("c/LICENSE.docs", "Creative Commons Attribution-ShareAlike 4.0\n")
	res := &Result{Platforms: []string{"linux/amd64"}, Modules: []*ModuleResult{
		{Module: Module{Path: "example.com/app", Main: true}, Verdict: VerdictFirstParty},
		{Module: Module{Path: "example.com/a", Version: "v1.0.0"}, Concluded: "MIT", Verdict: VerdictAllowed,
			Files: []File{{Path: "LICENSE", Kind: KindLicense, SHA256: mitSum, Expression: "MIT", Abs: mitA}}},
		{Module: Module{Path: "example.com/b", Version: "v0.2.0"}, Concluded: "MIT", Verdict: VerdictAllowed,
			Files: []File{{Path: "LICENSE", Kind: KindLicense, SHA256: mitSum, Expression: "MIT", Abs: mitB}}},
		{Module: Module{Path: "example.com/c", Replace: &Replace{Path: "../c", Local: true}}, Concluded: "Apache-2.0", Verdict: VerdictAllowed,
			Files: []File{
				{Path: "LICENSE", Kind: KindLicense, SHA256: apacheSum, Expression: "Apache-2.0", Abs: apache},
				{Path: "LICENSE.docs", Kind: KindDocsLicense, SHA256: docsSum, Expression: "CC-BY-SA-4.0", Abs: docs},
				{Path: "NOTICE", Kind: KindNotice, SHA256: noticeSum, Abs: notice},
			}},
		{Module: Module{Path: "example.com/none", Version: "v0.0.1"}, Verdict: VerdictUnknown},
	}}
	var buf bytes.Buffer
	if err := WriteNotices(&buf, res); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "notices.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("notices differ from %s:\n%s", golden, buf.Bytes())
	}
	// A text that changed since it was hashed is an error, not a silent
	// mismatch between the list and the texts.
	if err := os.WriteFile(apache, []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteNotices(&bytes.Buffer{}, res); err == nil {
		t.Error("want an error for a text that changed")
	}
}
