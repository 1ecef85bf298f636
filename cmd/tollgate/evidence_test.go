package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/evidence"
	"github.com/tollgate-dev/tollgate/report"
)

// packetFor builds a packet of a small report in a temporary directory with
// the evidence package itself, and writes the signer's public key beside
// it. It returns the packet and the key file ("" when unsigned).
func packetFor(t *testing.T, signed bool, tool report.Tool) (string, string) {
	t.Helper()
	base := t.TempDir()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	r := &report.Report{Tool: tool, Repository: report.Repository{Root: "/src/shop", Commit: strings.Repeat("ab", 20)},
		StartedAt: at, FinishedAt: at, Gates: []report.Gate{{Name: "findings", Passed: true, Threshold: "none", Observed: "0"}}}
	r.Normalize()
	var opts evidence.Options
	pubPath := ""
	if signed {
		opts.Key = ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
		pem, err := evidence.EncodePublicKey(opts.Key.Public().(ed25519.PublicKey))
		if err != nil {
			t.Fatal(err)
		}
		pubPath = filepath.Join(base, "trusted.pub")
		if err := os.WriteFile(pubPath, pem, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(base, "packet")
	if err := evidence.Build(dir, r, opts); err != nil {
		t.Fatal(err)
	}
	return dir, pubPath
}

// verifyCmd runs tollgate verify and fails the test if it does not return.
func verifyCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	ch := make(chan result, 1)
	go func() {
		code, out, errOut := tollgate(t, append([]string{"verify"}, args...)...)
		ch <- result{code, out, errOut}
	}()
	select {
	case r := <-ch:
		return r.code, r.out, r.err
	case <-time.After(time.Minute):
		t.Fatal("tollgate verify did not return")
		return 0, "", ""
	}
}

func TestVerifyCommandSaysWhatItProves(t *testing.T) {
	tool := report.Tool{Name: "tollgate", Version: "v1.2.3"}
	signed, pub := packetFor(t, true, tool)
	unsigned, _ := packetFor(t, false, tool)
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"trusted key", []string{"--key", pub, signed}, []string{"match the signed statement", "signature: valid, key", "(the key you gave)", `subject: "shop" gitCommit:abab`}},
		{"own key", []string{signed}, []string{"match the signed statement", "the packet's own key", "not who made it", "pass --key"}},
		{"unsigned", []string{unsigned}, []string{"match SHA256SUMS and statement.json", "signature: none", "proves nothing about origin"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := verifyCmd(t, tc.args...)
			if code != exitClean {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	if code, _, errOut := verifyCmd(t, "--key", pub, unsigned); code != exitGate || !strings.Contains(errOut, "not signed") {
		t.Errorf("unsigned packet with --key: exit %d, %s", code, errOut)
	}
}

func TestVerifyCommandRefusesForgedFile(t *testing.T) {
	dir, pub := packetFor(t, true, report.Tool{Name: "tollgate", Version: "v1"})
	forged := []byte(`{"passed": true}`)
	if err := os.WriteFile(filepath.Join(dir, "approval.json"), forged, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "SHA256SUMS"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(sha256Hex(forged) + "  approval.json\n")
	f.Close()
	code, out, errOut := verifyCmd(t, "--key", pub, dir)
	if code != exitGate || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, `"approval.json" is not named in the signed statement`) {
		t.Errorf("stderr lacks the unlisted file:\n%s", errOut)
	}
	for _, line := range strings.Split(strings.TrimSuffix(errOut, "\n"), "\n") {
		if !strings.HasPrefix(line, "tollgate verify: ") {
			t.Errorf("stderr line %q lacks the prefix", line)
		}
	}
}

func TestVerifyCommandDoesNotBlock(t *testing.T) {
	dir, pub := packetFor(t, true, report.Tool{Name: "tollgate", Version: "v1"})
	p := filepath.Join(dir, "report.json")
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if code, _, errOut := verifyCmd(t, "--key", pub, dir); code != exitGate || !strings.Contains(errOut, `"report.json" is a FIFO`) {
		t.Errorf("FIFO in the packet: exit %d, %s", code, errOut)
	}
	fifoKey := filepath.Join(t.TempDir(), "key.fifo")
	if err := syscall.Mkfifo(fifoKey, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := verifyCmd(t, "--key", fifoKey, dir); code != exitUsage || !strings.Contains(errOut, "not a regular file") {
		t.Errorf("FIFO as the key: exit %d, %s", code, errOut)
	}
	if code, _, errOut := verifyCmd(t, "--key", "/dev/zero", dir); code != exitUsage {
		t.Errorf("/dev/zero as the key: exit %d, %s", code, errOut)
	}
}

// The statement's strings reach the terminal quoted, never raw.
func TestVerifyCommandQuotesStatementStrings(t *testing.T) {
	dir, pub := packetFor(t, true, report.Tool{Name: "tollgate\x1b[2J", Version: "v1\u202e2"})
	code, out, errOut := verifyCmd(t, "--key", pub, dir)
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.ContainsAny(out, "\x1b\u202e") || !strings.Contains(out, `tool: "tollgate\x1b[2J" "v1\u202e2"`) {
		t.Errorf("output:\n%q", out)
	}
}

func TestEvidenceCopiesThePolicy(t *testing.T) {
	dir := t.TempDir()
	pol := "gate {\n  fail_on = \"critical\"\n}\n"
	if err := os.WriteFile(filepath.Join(dir, ".tollgate.hcl"), []byte(pol), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "packet")
	if code, _, errOut := tollgate(t, "evidence", "-o", out, "--now", "2026-03-04T05:06:07Z", dir); code != exitClean {
		t.Fatalf("evidence: exit %d, %s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(out, "policy.hcl"))
	if err != nil || string(b) != pol {
		t.Errorf("policy.hcl = %q, %v", b, err)
	}
	if code, _, errOut := verifyCmd(t, out); code != exitClean {
		t.Errorf("verify: exit %d, %s", code, errOut)
	}
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
