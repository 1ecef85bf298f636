package evidence

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/render"
	"github.com/tollgate-dev/tollgate/report"
)

// The fixed names inside a packet.
const (
	SumsFile      = "SHA256SUMS"
	StatementFile = "statement.json"
	EnvelopeFile  = "statement.dsse.json"
	PAEFile       = "statement.pae"
	SigFile       = "statement.sig"
	PublicKeyFile = "public-key.pem"
	PolicyFile    = "policy.hcl"
)

// PayloadType is the DSSE payload type of the statement.
const PayloadType = "application/vnd.in-toto+json"

// PredicateType names the predicate of tollgate's statement.
const PredicateType = "https://tollgate.dev/evidence/v1"

// formats maps the packet's report files to the render formats that write
// them. Formats not registered in this build are left out.
var formats = []struct{ file, format string }{
	{"report.json", "json"},
	{"report.txt", "text"},
	{"report.md", "markdown"},
	{"report.html", "html"},
	{"report.sarif", "sarif"},
	{"sbom.cdx.json", "cyclonedx"},
}

// Options configures Build. The zero value writes an unsigned packet.
type Options struct {
	// Policy is the policy file's content, copied into the packet when non-nil.
	Policy []byte
	// Key signs the statement when non-nil.
	Key ed25519.PrivateKey
}

// Statement is an in-toto v1 statement about the scanned commit.
type Statement struct {
	Type          string    `json:"_type"`
	Subject       []Subject `json:"subject"`
	PredicateType string    `json:"predicateType"`
	Predicate     Predicate `json:"predicate"`
}

// Subject names what the statement is about: the repository at a commit.
type Subject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

// Predicate is tollgate's verdict and the files that carry it.
type Predicate struct {
	Tool         report.Tool       `json:"tool"`
	PolicyDigest string            `json:"policy_digest"`
	Passed       bool              `json:"passed"`
	Gates        []report.Gate     `json:"gates"`
	Suppressions int               `json:"suppressions"`
	ScannedAt    string            `json:"scanned_at"`
	Files        map[string]string `json:"files"`
}

// Envelope is a DSSE envelope.
type Envelope struct {
	PayloadType string      `json:"payloadType"`
	Payload     string      `json:"payload"`
	Signatures  []Signature `json:"signatures"`
}

// Signature is one DSSE signature.
type Signature struct {
	KeyID string `json:"keyid"`
	Sig   string `json:"sig"`
}

// Build writes the packet for r into dir, which must not exist or be empty.
func Build(dir string, r *report.Report, opts Options) error {
	files := map[string][]byte{}
	for _, f := range formats {
		fm, err := render.Lookup(f.format)
		if err != nil {
			continue
		}
		var b bytes.Buffer
		if err := fm.Render(&b, r, render.Options{ShowSuppressed: true}); err != nil {
			return fmt.Errorf("render %s: %w", f.format, err)
		}
		files[f.file] = b.Bytes()
	}
	if opts.Policy != nil {
		files[PolicyFile] = opts.Policy
	}
	digests := map[string]string{}
	for name, b := range files {
		digests[name] = sum(b)
	}
	st := Statement{
		Type:          "https://in-toto.io/Statement/v1",
		PredicateType: PredicateType,
		Predicate: Predicate{
			Tool: r.Tool, PolicyDigest: r.PolicyDigest, Passed: r.Passed(), Gates: r.Gates,
			Suppressions: len(r.Suppressed()), ScannedAt: r.StartedAt.UTC().Format("2006-01-02T15:04:05Z"), Files: digests,
		},
	}
	name := r.Repository.Root
	if abs, err := filepath.Abs(name); err == nil {
		name = abs
	}
	name = filepath.Base(name)
	if name == "." || name == "/" || name == "" {
		name = "repository"
	}
	subj := Subject{Name: name, Digest: map[string]string{}}
	if r.Repository.Commit != "" {
		subj.Digest["gitCommit"] = r.Repository.Commit
	} else {
		subj.Digest["sha256"] = digests["report.json"]
	}
	st.Subject = []Subject{subj}
	stBytes, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	stBytes = append(stBytes, '\n')
	files[StatementFile] = stBytes

	if opts.Key != nil {
		pae := PAE(PayloadType, stBytes)
		sig := ed25519.Sign(opts.Key, pae)
		pub := opts.Key.Public().(ed25519.PublicKey)
		pubPEM, err := EncodePublicKey(pub)
		if err != nil {
			return err
		}
		env := Envelope{PayloadType: PayloadType, Payload: base64.StdEncoding.EncodeToString(stBytes),
			Signatures: []Signature{{KeyID: KeyID(pub), Sig: base64.StdEncoding.EncodeToString(sig)}}}
		envBytes, err := json.MarshalIndent(env, "", "  ")
		if err != nil {
			return err
		}
		files[EnvelopeFile] = append(envBytes, '\n')
		files[PAEFile] = pae
		files[SigFile] = sig
		files[PublicKeyFile] = pubPEM
	}
	files[SumsFile] = sums(files)
	return writeDir(dir, files)
}

// PAE is DSSE's pre-authentication encoding of a payload.
func PAE(payloadType string, payload []byte) []byte {
	return fmt.Appendf(nil, "DSSEv1 %d %s %d %s", len(payloadType), payloadType, len(payload), payload)
}

// KeyID is the hex SHA-256 of the public key's bytes.
func KeyID(pub ed25519.PublicKey) string { return sum(pub) }

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// sums writes a SHA256SUMS file in coreutils' format, sorted by name.
func sums(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	var b bytes.Buffer
	for _, n := range names {
		fmt.Fprintf(&b, "%s  %s\n", sum(files[n]), n)
	}
	return b.Bytes()
}

func writeDir(dir string, files map[string][]byte) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("write packet: %s exists and is not empty", dir)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("write packet: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp*")
	if err != nil {
		return fmt.Errorf("write packet: %w", err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("write packet: %w", err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("write packet: %w", err)
	}
	os.Remove(dir) // an empty directory in the way
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("write packet: %w", err)
	}
	return nil
}

// ReadPrivateKey reads an ed25519 private key in PKCS #8 PEM, as written by
// `openssl genpkey -algorithm ed25519` or GenerateKey.
func ReadPrivateKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("read key %s: no PEM block", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("read key %s: %w", path, err)
	}
	ek, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("read key %s: not an ed25519 key", path)
	}
	return ek, nil
}

// ReadPublicKey reads an ed25519 public key in PKIX PEM.
func ReadPublicKey(path string) (ed25519.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read public key: %w", err)
	}
	return parsePublicKey(b)
}

func parsePublicKey(b []byte) (ed25519.PublicKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("public key: no PEM block")
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	ek, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("public key: not an ed25519 key")
	}
	return ek, nil
}

// EncodePrivateKey encodes a key as PKCS #8 PEM.
func EncodePrivateKey(k ed25519.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// Verified is what Verify established about a packet.
type Verified struct {
	Files     int
	Signed    bool
	KeyID     string
	Statement Statement
	// TrustedKey is true when the signature was checked against a key the
	// caller supplied, not only the one inside the packet.
	TrustedKey bool
}

// Verify checks a packet: every file listed in SHA256SUMS has its digest,
// no file is unlisted, the statement names the same digests, and the DSSE
// signature (when present) verifies with pub, or with the packet's own key
// when pub is nil.
func Verify(dir string, pub ed25519.PublicKey) (*Verified, error) {
	sumsB, err := os.ReadFile(filepath.Join(dir, SumsFile))
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	listed := map[string]string{}
	for i, line := range strings.Split(strings.TrimRight(string(sumsB), "\n"), "\n") {
		digest, name, ok := strings.Cut(line, "  ")
		if !ok || len(digest) != 64 || name == "" || strings.ContainsAny(name, "/\\") || name == SumsFile {
			return nil, fmt.Errorf("verify: %s:%d: malformed line", SumsFile, i+1)
		}
		listed[name] = digest
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	for _, e := range entries {
		if e.Name() == SumsFile {
			continue
		}
		if _, ok := listed[e.Name()]; !ok {
			return nil, fmt.Errorf("verify: %s is not listed in %s", e.Name(), SumsFile)
		}
	}
	contents := map[string][]byte{}
	for name, want := range listed {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		if got := sum(b); got != want {
			return nil, fmt.Errorf("verify: %s: digest %s, %s says %s", name, got, SumsFile, want)
		}
		contents[name] = b
	}
	v := &Verified{Files: len(listed)}
	stB, ok := contents[StatementFile]
	if !ok {
		return nil, fmt.Errorf("verify: %s missing", StatementFile)
	}
	if err := json.Unmarshal(stB, &v.Statement); err != nil {
		return nil, fmt.Errorf("verify: %s: %w", StatementFile, err)
	}
	for name, d := range v.Statement.Predicate.Files {
		if listed[name] != d {
			return nil, fmt.Errorf("verify: statement names %s with digest %s, the packet holds %s", name, d, listed[name])
		}
	}
	envB, signed := contents[EnvelopeFile]
	if !signed {
		if pub != nil {
			return nil, errors.New("verify: a key was given but the packet is not signed")
		}
		return v, nil
	}
	var env Envelope
	if err := json.Unmarshal(envB, &env); err != nil {
		return nil, fmt.Errorf("verify: %s: %w", EnvelopeFile, err)
	}
	payload, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil || !bytes.Equal(payload, stB) || env.PayloadType != PayloadType {
		return nil, fmt.Errorf("verify: %s does not carry %s", EnvelopeFile, StatementFile)
	}
	v.TrustedKey = pub != nil
	if pub == nil {
		if pub, err = parsePublicKey(contents[PublicKeyFile]); err != nil {
			return nil, fmt.Errorf("verify: %s: %w", PublicKeyFile, err)
		}
	}
	for _, s := range env.Signatures {
		sig, err := base64.StdEncoding.DecodeString(s.Sig)
		if err != nil {
			continue
		}
		if ed25519.Verify(pub, PAE(env.PayloadType, payload), sig) {
			v.Signed, v.KeyID = true, KeyID(pub)
			return v, nil
		}
	}
	return nil, errors.New("verify: no signature verifies with the key")
}

// EncodePublicKey encodes a key as PKIX PEM.
func EncodePublicKey(k ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}
