package evidence

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func testReport() *report.Report {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	r := &report.Report{
		Tool:       report.Tool{Name: "tollgate", Version: "v1.2.3"},
		Repository: report.Repository{Root: "/src/shop", Commit: "0123456789abcdef0123456789abcdef01234567"},
		StartedAt:  at, FinishedAt: at, PolicyDigest: "ab",
		Findings: []finding.Finding{{Rule: "parse/error", Severity: finding.High, Message: "x <b>",
			Location: finding.Location{Path: "a.yml", StartLine: 1}, Fingerprint: "f",
			Suppressed: &finding.Suppression{Kind: "directive", Reason: "accepted"}}},
		Gates: []report.Gate{{Name: "findings", Passed: true, Threshold: "none", Observed: "0"}},
	}
	r.Normalize()
	return r
}

func testKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

func readAll(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func TestPAE(t *testing.T) {
	// The example of the DSSE specification.
	got := string(PAE("http://example.com/HelloWorld", []byte("hello world")))
	if want := "DSSEv1 29 http://example.com/HelloWorld 11 hello world"; got != want {
		t.Errorf("PAE = %q, want %q", got, want)
	}
}

func TestBuildIsReproducibleAndVerifies(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	opts := Options{Key: testKey(1), Policy: []byte("gate { fail_on = \"high\" }\n")}
	if err := Build(a, testReport(), opts); err != nil {
		t.Fatal(err)
	}
	if err := Build(b, testReport(), opts); err != nil {
		t.Fatal(err)
	}
	fa, fb := readAll(t, a), readAll(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("packets differ in files: %d vs %d", len(fa), len(fb))
	}
	for name, content := range fa {
		if fb[name] != content {
			t.Errorf("%s differs between two builds of the same report", name)
		}
	}
	for _, want := range []string{SumsFile, StatementFile, EnvelopeFile, PAEFile, SigFile, PublicKeyFile, PolicyFile, "report.json"} {
		if _, ok := fa[want]; !ok {
			t.Errorf("packet lacks %s", want)
		}
	}
	if !strings.Contains(fa[StatementFile], `"gitCommit": "0123456789abcdef0123456789abcdef01234567"`) ||
		!strings.Contains(fa[StatementFile], `"name": "shop"`) {
		t.Errorf("statement subject wrong:\n%s", fa[StatementFile])
	}
	pub := testKey(1).Public().(ed25519.PublicKey)
	v, err := Verify(a, pub)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Signed || !v.TrustedKey || v.Statement.Predicate.Suppressions != 1 {
		t.Errorf("verified = %+v", v)
	}
	if err := Build(a, testReport(), opts); err == nil {
		t.Error("Build overwrote a non-empty directory")
	}
}

func TestVerifyRejectsTampering(t *testing.T) {
	for name, tamper := range map[string]func(dir string){
		"changed report": func(dir string) { appendTo(t, filepath.Join(dir, "report.json"), " ") },
		"changed controls": func(dir string) {
			p := filepath.Join(dir, ControlsFile)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte(`"status": "no-evidence"`), []byte(`"status": "pass"`), 1), 0o644)
		},
		"removed controls": func(dir string) { os.Remove(filepath.Join(dir, ControlsFile)) },
		"extra file":       func(dir string) { os.WriteFile(filepath.Join(dir, "extra.txt"), []byte("x"), 0o644) },
		"removed file":     func(dir string) { os.Remove(filepath.Join(dir, "report.txt")) },
		"path in sums": func(dir string) {
			appendTo(t, filepath.Join(dir, SumsFile), strings.Repeat("0", 64)+"  ../etc/passwd\n")
		},
		"resigned statement": func(dir string) {
			// A forger rewrites the statement and its digests but cannot sign with the real key.
			stPath := filepath.Join(dir, StatementFile)
			st, _ := os.ReadFile(stPath)
			st = bytes.Replace(st, []byte(`"passed": true`), []byte(`"passed": false`), 1)
			os.WriteFile(stPath, st, 0o644)
			sums, _ := os.ReadFile(filepath.Join(dir, SumsFile))
			lines := strings.Split(string(sums), "\n")
			for i, l := range lines {
				if strings.HasSuffix(l, "  "+StatementFile) {
					lines[i] = sum(st) + "  " + StatementFile
				}
			}
			os.WriteFile(filepath.Join(dir, SumsFile), []byte(strings.Join(lines, "\n")), 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "p")
			if err := Build(dir, testReport(), Options{Key: testKey(2)}); err != nil {
				t.Fatal(err)
			}
			tamper(dir)
			if _, err := Verify(dir, testKey(2).Public().(ed25519.PublicKey)); err == nil {
				t.Error("Verify accepted a tampered packet")
			}
		})
	}
}

// TestControlsFile checks controls.json: byte-stable across two builds,
// named in the statement, and taken from the report's own controls section
// when the run judged them.
func TestControlsFile(t *testing.T) {
	base := t.TempDir()
	var got [2]string
	for i := range got {
		dir := filepath.Join(base, fmt.Sprint(i))
		if err := Build(dir, testReport(), Options{}); err != nil {
			t.Fatal(err)
		}
		got[i] = readAll(t, dir)[ControlsFile]
		v, err := Verify(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := v.Statement.Predicate.Files[ControlsFile]; !ok {
			t.Errorf("the statement does not name %s", ControlsFile)
		}
	}
	if got[0] == "" || got[0] != got[1] {
		t.Fatalf("controls.json differs between two builds or is empty:\n%s\n---\n%s", got[0], got[1])
	}
	var doc struct {
		Schema       string           `json:"schema"`
		Commit       string           `json:"commit"`
		Catalogue    string           `json:"catalogue"`
		Controls     []report.Control `json:"controls"`
		Total        int              `json:"total"`
		WithEvidence int              `json:"with_evidence"`
	}
	if err := json.Unmarshal([]byte(got[0]), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != ControlsSchema || doc.Commit != testReport().Repository.Commit || doc.Catalogue == "" ||
		doc.Total != len(doc.Controls) || doc.Total == 0 {
		t.Errorf("controls.json: schema %q commit %q catalogue %q, %d of %d controls", doc.Schema, doc.Commit, doc.Catalogue, len(doc.Controls), doc.Total)
	}

	// A report with its own controls section is written as it is.
	r := testReport()
	r.Governance = &report.Governance{Controls: &report.Controls{Catalogue: "test/1", Total: 1, WithEvidence: 1,
		Controls: []report.Control{{ID: "SOC2:CC8.1", Framework: "SOC2", Title: "t", Status: "pass"}}}}
	dir := filepath.Join(base, "own")
	if err := Build(dir, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if c := readAll(t, dir)[ControlsFile]; !strings.Contains(c, `"catalogue": "test/1"`) || strings.Count(c, `"id":`) != 1 {
		t.Errorf("controls.json does not carry the report's controls:\n%s", c)
	}
}

func TestVerifyKeys(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if err := Build(dir, testReport(), Options{Key: testKey(3)}); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(dir, testKey(4).Public().(ed25519.PublicKey)); err == nil {
		t.Error("signature verified with the wrong key")
	}
	v, err := Verify(dir, nil)
	if err != nil || !v.Signed || v.TrustedKey {
		t.Errorf("self-key verify = %+v, %v", v, err)
	}
	unsigned := filepath.Join(t.TempDir(), "u")
	if err := Build(unsigned, testReport(), Options{}); err != nil {
		t.Fatal(err)
	}
	if v, err := Verify(unsigned, nil); err != nil || v.Signed {
		t.Errorf("unsigned verify = %+v, %v", v, err)
	}
	if _, err := Verify(unsigned, testKey(3).Public().(ed25519.PublicKey)); err == nil {
		t.Error("an unsigned packet passed when a key was required")
	}
}

func TestKeyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	k := testKey(5)
	privPEM, err := EncodePrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM, err := EncodePublicKey(k.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "k"), privPEM, 0o600)
	os.WriteFile(filepath.Join(dir, "k.pub"), pubPEM, 0o644)
	back, err := ReadPrivateKey(filepath.Join(dir, "k"))
	if err != nil || !back.Equal(k) {
		t.Fatalf("private key round trip: %v", err)
	}
	pub, err := ReadPublicKey(filepath.Join(dir, "k.pub"))
	if err != nil || !pub.Equal(k.Public()) {
		t.Fatalf("public key round trip: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "junk"), []byte("not pem"), 0o600)
	if _, err := ReadPrivateKey(filepath.Join(dir, "junk")); err == nil {
		t.Error("junk key accepted")
	}
}

func appendTo(t *testing.T, path, s string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(s)
	f.Close()
}

// TestSubjectNamesTheRepository: the statement's subject is the
// repository's name from its remote, not the folder it was cloned into.
func TestSubjectNamesTheRepository(t *testing.T) {
	r := testReport()
	r.Repository.Name = "github.com/acme/shop"
	dir := filepath.Join(t.TempDir(), "p")
	if err := Build(dir, r, Options{Key: testKey(1)}); err != nil {
		t.Fatal(err)
	}
	if st := readAll(t, dir)[StatementFile]; !strings.Contains(st, `"name": "github.com/acme/shop"`) {
		t.Errorf("statement subject wrong:\n%s", st)
	}
}
