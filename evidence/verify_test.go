package evidence

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// signedPacket builds a real signed packet in a temporary directory and
// returns it with the public key.
func signedPacket(t *testing.T) (string, ed25519.PublicKey) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "packet")
	k := testKey(7)
	if err := Build(dir, testReport(), Options{Key: k, Policy: []byte("gate {}\n")}); err != nil {
		t.Fatal(err)
	}
	return dir, k.Public().(ed25519.PublicKey)
}

func unsignedPacket(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "packet")
	if err := Build(dir, testReport(), Options{}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// verifyReturns runs Verify and fails the test if it does not return: a
// FIFO or a device in a packet must never block it.
func verifyReturns(t *testing.T, dir string, pub ed25519.PublicKey) (*Verified, error) {
	t.Helper()
	type result struct {
		v   *Verified
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := Verify(dir, pub)
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(time.Minute):
		t.Fatal("Verify did not return: it blocked on the packet")
		return nil, nil
	}
}

// wantRefused fails unless err is a refusal whose text contains every one
// of wants and no raw control character.
func wantRefused(t *testing.T, v *Verified, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("Verify accepted the packet: %+v", v)
	}
	var ve *VerifyError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *VerifyError", err)
	}
	all := problemsText(ve)
	for _, w := range wants {
		if !strings.Contains(all, w) {
			t.Errorf("problems lack %q:\n%s", w, all)
		}
	}
	for _, r := range all {
		if r < 0x20 && r != '\n' || r == 0x7f {
			t.Errorf("problems hold raw control character %U:\n%s", r, all)
		}
	}
}

func problemsText(ve *VerifyError) string {
	var b strings.Builder
	for _, p := range ve.Problems {
		b.WriteString(p.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func replaceWithSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Remove(link); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyAcceptsWhatBuildWrites(t *testing.T) {
	dir, pub := signedPacket(t)
	v, err := verifyReturns(t, dir, pub)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Signed || !v.TrustedKey || v.KeyID != KeyID(pub) {
		t.Errorf("verified = %+v", v)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if v.Files != len(entries)-1 {
		t.Errorf("Files = %d, the packet holds %d files besides %s", v.Files, len(entries)-1, SumsFile)
	}
	u := unsignedPacket(t)
	if v, err := verifyReturns(t, u, nil); err != nil || v.Signed {
		t.Errorf("unsigned: %+v, %v", v, err)
	}
}

// A forged file with a line added to SHA256SUMS was once "intact, signature
// valid": SHA256SUMS is not signed, so it must add nothing.
func TestVerifyRefusesForgedFileListedInSums(t *testing.T) {
	forge := func(t *testing.T, dir string) {
		forged := []byte(`{"passed": true}`)
		write(t, filepath.Join(dir, "approval.json"), forged)
		appendTo(t, filepath.Join(dir, SumsFile), sum(forged)+"  approval.json\n")
	}
	t.Run("trusted key", func(t *testing.T) {
		dir, pub := signedPacket(t)
		forge(t, dir)
		v, err := verifyReturns(t, dir, pub)
		wantRefused(t, v, err, `"approval.json" is not named in the signed statement`, SumsFile+":")
	})
	t.Run("packet's own key", func(t *testing.T) {
		dir, _ := signedPacket(t)
		forge(t, dir)
		v, err := verifyReturns(t, dir, nil)
		wantRefused(t, v, err, `"approval.json"`)
	})
	t.Run("unsigned", func(t *testing.T) {
		dir := unsignedPacket(t)
		forge(t, dir)
		v, err := verifyReturns(t, dir, nil)
		wantRefused(t, v, err, `"approval.json" is not named in statement.json (unsigned)`)
	})
	t.Run("replaced report", func(t *testing.T) {
		// Rewriting a listed file and its SHA256SUMS line is no better.
		dir, pub := signedPacket(t)
		forged := []byte(`{}`)
		write(t, filepath.Join(dir, "report.json"), forged)
		sums := read(t, filepath.Join(dir, SumsFile))
		var out []string
		for _, l := range strings.SplitAfter(string(sums), "\n") {
			if strings.HasSuffix(l, "  report.json\n") {
				l = sum(forged) + "  report.json\n"
			}
			out = append(out, l)
		}
		write(t, filepath.Join(dir, SumsFile), []byte(strings.Join(out, "")))
		v, err := verifyReturns(t, dir, pub)
		wantRefused(t, v, err, `"report.json" has digest `+sum(forged))
	})
}

// A symbolic link is refused wherever it points, even to a file whose bytes
// are exactly the ones the statement names.
func TestVerifyRefusesSymlinks(t *testing.T) {
	for name, target := range map[string]func(dir, outside string) string{
		"outside, same bytes": func(dir, outside string) string {
			sentinel := filepath.Join(outside, "sentinel.json")
			write(t, sentinel, read(t, filepath.Join(dir, "report.json")))
			return sentinel
		},
		"inside": func(string, string) string { return "report.txt" },
		"relative out": func(dir, outside string) string {
			write(t, filepath.Join(outside, "s"), read(t, filepath.Join(dir, "report.json")))
			rel, err := filepath.Rel(dir, filepath.Join(outside, "s"))
			if err != nil {
				t.Fatal(err)
			}
			return rel
		},
		"dangling":  func(string, string) string { return "no-such-file" },
		"/dev/zero": func(string, string) string { return "/dev/zero" },
		"/proc":     func(string, string) string { return "/proc/self/environ" },
	} {
		t.Run(name, func(t *testing.T) {
			dir, pub := signedPacket(t)
			outside := t.TempDir()
			replaceWithSymlink(t, target(dir, outside), filepath.Join(dir, "report.json"))
			v, err := verifyReturns(t, dir, pub)
			wantRefused(t, v, err, `"report.json" is a symbolic link`)
			if !errors.Is(err, ErrSymlink) {
				t.Errorf("error does not wrap ErrSymlink: %v", err)
			}
		})
	}
	t.Run("signature file", func(t *testing.T) {
		dir, pub := signedPacket(t)
		outside := filepath.Join(t.TempDir(), "key.pem")
		write(t, outside, read(t, filepath.Join(dir, PublicKeyFile)))
		replaceWithSymlink(t, outside, filepath.Join(dir, PublicKeyFile))
		v, err := verifyReturns(t, dir, pub)
		wantRefused(t, v, err, `"public-key.pem" is a symbolic link`)
	})
}

// Duplicate lines were accepted when the first digest was wrong (the
// parser kept the last).
func TestVerifyRefusesDuplicateSumsLines(t *testing.T) {
	for name, first := range map[string]func(right string) string{
		"wrong first digest": func(string) string { return strings.Repeat("0", 64) },
		"same digest twice":  func(right string) string { return right },
	} {
		t.Run(name, func(t *testing.T) {
			dir, pub := signedPacket(t)
			right := sum(read(t, filepath.Join(dir, "report.json")))
			sums := read(t, filepath.Join(dir, SumsFile))
			write(t, filepath.Join(dir, SumsFile), append([]byte(first(right)+"  report.json\n"), sums...))
			v, err := verifyReturns(t, dir, pub)
			wantRefused(t, v, err, `"report.json" is listed twice (first on line 1)`, SumsFile+":")
		})
	}
}

func TestVerifyRefusesNonRegularFiles(t *testing.T) {
	t.Run("FIFO in place of a listed file", func(t *testing.T) {
		dir, pub := signedPacket(t)
		p := filepath.Join(dir, "report.json")
		os.Remove(p)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		v, err := verifyReturns(t, dir, pub)
		wantRefused(t, v, err, `"report.json" is a FIFO`)
		if !errors.Is(err, safefs.ErrNotRegular) {
			t.Errorf("error does not wrap safefs.ErrNotRegular: %v", err)
		}
	})
	t.Run("FIFO as an extra file", func(t *testing.T) {
		dir, pub := signedPacket(t)
		if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		v, err := verifyReturns(t, dir, pub)
		wantRefused(t, v, err, `"pipe" is a FIFO`)
	})
	t.Run("FIFO as SHA256SUMS", func(t *testing.T) {
		dir, pub := signedPacket(t)
		os.Remove(filepath.Join(dir, SumsFile))
		if err := syscall.Mkfifo(filepath.Join(dir, SumsFile), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		v, err := verifyReturns(t, dir, pub)
		wantRefused(t, v, err, `"SHA256SUMS" is a FIFO`)
	})
	t.Run("subdirectory", func(t *testing.T) {
		dir, pub := signedPacket(t)
		if err := os.Mkdir(filepath.Join(dir, "more"), 0o755); err != nil {
			t.Fatal(err)
		}
		v, err := verifyReturns(t, dir, pub)
		wantRefused(t, v, err, `"more" is a directory`)
	})
	t.Run("over the size cap", func(t *testing.T) {
		dir, pub := signedPacket(t)
		big := filepath.Join(dir, "big.bin")
		write(t, big, nil)
		if err := os.Truncate(big, MaxFileSize+1); err != nil { // sparse: no bytes written
			t.Skipf("truncate: %v", err)
		}
		v, err := verifyReturns(t, dir, pub)
		wantRefused(t, v, err, `"big.bin" has 1073741825 bytes`)
		if !errors.Is(err, safefs.ErrTooLarge) {
			t.Errorf("error does not wrap safefs.ErrTooLarge: %v", err)
		}
	})
}

func TestVerifySumsMustAgreeWithStatement(t *testing.T) {
	for name, tc := range map[string]struct {
		edit func(sums string) string
		want string
	}{
		"line for a file that is not there": {
			func(s string) string { return s + strings.Repeat("a", 64) + "  ghost.txt\n" },
			`SHA256SUMS:{next}: "ghost.txt" is not named in the signed statement`,
		},
		"missing line": {
			func(s string) string {
				i := strings.Index(s, "  report.txt\n")
				return s[:i-64] + s[i+len("  report.txt\n"):]
			},
			`SHA256SUMS does not list "report.txt"`,
		},
		"malformed line": {
			func(s string) string { return strings.Replace(s, "  report.txt", " *report.txt", 1) },
			`malformed line`,
		},
		"uppercase digest": {
			func(s string) string { return strings.ToUpper(s[:64]) + s[64:] },
			`SHA256SUMS:1: digest`,
		},
		"path": {
			func(s string) string { return s + strings.Repeat("a", 64) + "  ../outside\n" },
			`SHA256SUMS:{next}: "../outside" is a path`,
		},
		"absolute path": {
			func(s string) string { return s + strings.Repeat("a", 64) + "  /etc/passwd\n" },
			`"/etc/passwd" is a path`,
		},
		"control character": {
			func(s string) string { return s + strings.Repeat("a", 64) + "  x\x1b[2Jy\n" },
			`"x\x1b[2Jy"`,
		},
		"no final newline": {
			func(s string) string { return strings.TrimSuffix(s, "\n") },
			`no newline at the end`,
		},
		"CRLF": {
			func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
			`SHA256SUMS:1:`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir, pub := signedPacket(t)
			sums := string(read(t, filepath.Join(dir, SumsFile)))
			next := fmt.Sprint(strings.Count(sums, "\n") + 1) // the number of a line added at the end
			write(t, filepath.Join(dir, SumsFile), []byte(tc.edit(sums)))
			v, err := verifyReturns(t, dir, pub)
			wantRefused(t, v, err, strings.ReplaceAll(tc.want, "{next}", next))
		})
	}
}

func TestVerifySignatureFiles(t *testing.T) {
	other := testKey(8)
	for name, tc := range map[string]struct {
		edit func(t *testing.T, dir string)
		key  bool // verify with the trusted key (else the packet's own)
		want string
	}{
		"statement.json is not the payload": {
			func(t *testing.T, dir string) {
				p := filepath.Join(dir, StatementFile)
				write(t, p, bytes.Replace(read(t, p), []byte(`"passed": true`), []byte(`"passed": false`), 1))
			}, true, "statement.json is not the statement the envelope signs",
		},
		"statement.pae changed": {
			func(t *testing.T, dir string) { appendTo(t, filepath.Join(dir, PAEFile), " ") }, true,
			"statement.pae is not the DSSE encoding of the signed statement",
		},
		"statement.sig from another key": {
			func(t *testing.T, dir string) {
				write(t, filepath.Join(dir, SigFile), ed25519.Sign(other, read(t, filepath.Join(dir, PAEFile))))
			}, true, "statement.sig is not a signature in statement.dsse.json that verifies",
		},
		"statement.sig missing": {
			func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, SigFile)) }, true, `"statement.sig" is missing`,
		},
		"public-key.pem of another key": {
			func(t *testing.T, dir string) {
				pem, _ := EncodePublicKey(other.Public().(ed25519.PublicKey))
				write(t, filepath.Join(dir, PublicKeyFile), pem)
			}, true, "public-key.pem holds key " + KeyID(other.Public().(ed25519.PublicKey)),
		},
		"public-key.pem with text before the block": {
			func(t *testing.T, dir string) {
				p := filepath.Join(dir, PublicKeyFile)
				write(t, p, append([]byte("trust me\n"), read(t, p)...))
			}, false, "public-key.pem: no PEM block at the start",
		},
		"envelope re-signed by another key": {
			func(t *testing.T, dir string) {
				st := read(t, filepath.Join(dir, StatementFile))
				env := fmt.Sprintf(`{"payloadType":%q,"payload":%q,"signatures":[{"keyid":"","sig":%q}]}`,
					PayloadType, b64(st), b64(ed25519.Sign(other, PAE(PayloadType, st))))
				write(t, filepath.Join(dir, EnvelopeFile), []byte(env))
			}, true, "no signature in statement.dsse.json verifies with the key",
		},
		"signature files without an envelope": {
			func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, EnvelopeFile)) }, false,
			`"statement.sig" is present but the packet has no statement.dsse.json`,
		},
		"duplicate payload key": {
			func(t *testing.T, dir string) {
				p := filepath.Join(dir, EnvelopeFile)
				write(t, p, bytes.Replace(read(t, p), []byte(`"payload":`), []byte(`"payload": "e30=", "payload":`), 1))
			}, true, `key "payload" appears twice`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir, pub := signedPacket(t)
			tc.edit(t, dir)
			if !tc.key {
				pub = nil
			}
			v, err := verifyReturns(t, dir, pub)
			wantRefused(t, v, err, tc.want)
		})
	}
}

// A packet re-signed whole by someone else's key verifies with its own key
// (that proves nothing about origin, and says so) and fails with the
// trusted one.
func TestVerifyResignedPacketNeedsTheTrustedKey(t *testing.T) {
	dir, pub := signedPacket(t)
	forged := filepath.Join(t.TempDir(), "forged")
	r := testReport()
	r.Gates[0].Passed = true
	if err := Build(forged, r, Options{Key: testKey(9), Policy: []byte("gate {}\n")}); err != nil {
		t.Fatal(err)
	}
	if v, err := verifyReturns(t, forged, nil); err != nil || !v.Signed || v.TrustedKey {
		t.Errorf("self-signed packet with its own key: %+v, %v", v, err)
	}
	v, err := verifyReturns(t, forged, pub)
	wantRefused(t, v, err, "public-key.pem holds key")
	if _, err := verifyReturns(t, dir, pub); err != nil {
		t.Errorf("the genuine packet: %v", err)
	}
}

func TestVerifyQuotesHostileNames(t *testing.T) {
	dir, pub := signedPacket(t)
	name := "evil\x1b]8;;x\x07\u202e.txt"
	if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	v, err := verifyReturns(t, dir, pub)
	wantRefused(t, v, err, `"evil\x1b]8;;x\a\u202e.txt"`)
	if strings.ContainsRune(err.Error(), '\u202e') {
		t.Errorf("error holds a raw bidi override: %q", err.Error())
	}
}

// auditorsPage is the documentation page with the auditor's commands (the
// README's "Audit evidence packets" section before the README was split).
const auditorsPage = "../docs/evidence.md"

// The documented commands for auditors without tollgate keep working on what
// Build writes, and each fails once what it checks is changed.
func TestREADMECommandsForAuditors(t *testing.T) {
	page, err := os.ReadFile(auditorsPage)
	if err != nil {
		t.Fatal(err)
	}
	section := string(page)
	i := strings.Index(section, "# Audit evidence packets\n")
	if i < 0 {
		t.Fatalf("%s has no \"Audit evidence packets\" heading", auditorsPage)
	}
	section = section[i:]
	j := strings.Index(section, "```sh\n")
	if j < 0 {
		t.Fatalf("%s has no sh block of the auditor's commands", auditorsPage)
	}
	block, _, _ := strings.Cut(section[j+len("```sh\n"):], "```")
	var documented []string
	for _, l := range strings.Split(strings.TrimSpace(block), "\n") {
		if l != "cd packet" {
			documented = append(documented, l)
		}
	}
	var tested []string
	for _, c := range readmeCommands {
		tested = append(tested, c.line)
	}
	if strings.Join(documented, "\n") != strings.Join(tested, "\n") {
		t.Fatalf("%s: the commands differ from the tested ones:\n--- %[1]s\n%s\n--- test\n%s", auditorsPage, strings.Join(documented, "\n"), strings.Join(tested, "\n"))
	}
	run := func(t *testing.T, dir, trusted string, c readmeCommand) error {
		for _, tool := range c.tools {
			if _, err := exec.LookPath(tool); err != nil {
				t.Skipf("%s not installed", tool)
			}
		}
		cmd := exec.Command("sh", "-c", strings.ReplaceAll(c.line, "trusted.pub", trusted))
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%w\n%s", err, out)
		}
		return nil
	}
	for _, c := range readmeCommands {
		t.Run(c.tools[0], func(t *testing.T) {
			dir, pub := signedPacket(t)
			trusted := filepath.Join(t.TempDir(), "trusted.pub")
			pem, err := EncodePublicKey(pub)
			if err != nil {
				t.Fatal(err)
			}
			write(t, trusted, pem)
			if err := run(t, dir, trusted, c); err != nil {
				t.Fatalf("%s: %v", c.line, err)
			}
			appendTo(t, filepath.Join(dir, c.breaks), "\n")
			if err := run(t, dir, trusted, c); err == nil {
				t.Errorf("%s passed with %s changed", c.line, c.breaks)
			}
		})
	}
}

// readmeCommand is one of the auditor's commands in docs/evidence.md ("Audit
// evidence packets").
type readmeCommand struct {
	tools  []string
	line   string
	breaks string // a file whose change makes it fail
}

var readmeCommands = []readmeCommand{
	{[]string{"openssl", "sh"}, "openssl pkeyutl -verify -pubin -inkey trusted.pub -rawin -in statement.pae -sigfile statement.sig", PAEFile},
	{[]string{"cmp", "sh", "wc", "cat", "printf"}, `printf 'DSSEv1 28 application/vnd.in-toto+json %d ' "$(wc -c < statement.json)" | cat - statement.json | cmp - statement.pae`, StatementFile},
	{[]string{"jq", "sh", "sha256sum"}, `jq -r '.predicate.files | to_entries[] | "\(.value)  \(.key)"' statement.json | sha256sum -c`, "report.json"},
	{[]string{"sha256sum", "sh"}, "sha256sum -c SHA256SUMS", "report.txt"},
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
