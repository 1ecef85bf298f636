package evidence

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// maxKeySize caps a PEM key file; an ed25519 key in PEM is about 120 bytes.
const maxKeySize = 64 << 10

// ReadPrivateKey reads an ed25519 private key in PKCS #8 PEM, as written by
// `openssl genpkey -algorithm ed25519` or GenerateKey. The path comes from
// the user, but it is still read as a regular file only, without blocking
// and capped.
func ReadPrivateKey(path string) (ed25519.PrivateKey, error) {
	b, err := safefs.ReadTrusted(path, maxKeySize)
	if err != nil {
		return nil, fmt.Errorf("read key %q: %w", path, bare(err))
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("read key %q: no PEM block", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("read key %q: %w", path, err)
	}
	ek, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("read key %q: not an ed25519 key", path)
	}
	return ek, nil
}

// ReadPublicKey reads an ed25519 public key in PKIX PEM.
func ReadPublicKey(path string) (ed25519.PublicKey, error) {
	b, err := safefs.ReadTrusted(path, maxKeySize)
	if err != nil {
		return nil, fmt.Errorf("read public key %q: %w", path, bare(err))
	}
	k, err := parsePublicKey(b)
	if err != nil {
		return nil, fmt.Errorf("read public key %q: %w", path, err)
	}
	return k, nil
}

// bare drops the unquoted path of a *fs.PathError, for messages that quote
// the path themselves.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parsePublicKey parses one "PUBLIC KEY" PEM block holding an ed25519 key,
// with nothing around it but white space: text before or after the block,
// a second block or PEM headers are refused rather than skipped.
func parsePublicKey(b []byte) (ed25519.PublicKey, error) {
	if len(b) > maxKeySize {
		return nil, fmt.Errorf("%d bytes, over the %d-byte limit", len(b), maxKeySize)
	}
	trimmed := bytes.TrimLeft(b, " \t\r\n")
	if !bytes.HasPrefix(trimmed, []byte("-----BEGIN ")) {
		return nil, errors.New("no PEM block at the start")
	}
	blk, rest := pem.Decode(trimmed)
	switch {
	case blk == nil:
		return nil, errors.New("no PEM block")
	case blk.Type != "PUBLIC KEY":
		return nil, fmt.Errorf("PEM block is %q, want \"PUBLIC KEY\"", blk.Type)
	case len(blk.Headers) > 0:
		return nil, errors.New("PEM block has headers")
	case len(bytes.TrimSpace(rest)) > 0:
		return nil, errors.New("data after the PEM block")
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, err
	}
	ek, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("not an ed25519 key")
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

// EncodePublicKey encodes a key as PKIX PEM.
func EncodePublicKey(k ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}
