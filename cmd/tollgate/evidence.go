package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tollgate-dev/tollgate/evidence"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/scan"
)

func init() {
	var c common
	var out, key string
	register(&command{
		name:    "evidence",
		usage:   "-o <dir> [--sign-key key.pem] [flags] [dir]",
		summary: "write a reproducible, hashed, optionally signed audit evidence packet",
		help: `evidence runs a full scan and writes a packet directory: the report as JSON,
text and every other registered format, the policy file, an in-toto statement
naming each file by its SHA-256, and SHA256SUMS. With --sign-key (an ed25519
key in PKCS #8 PEM, from ` + "`tollgate keygen`" + ` or ` + "`openssl genpkey -algorithm ed25519`" + `)
the statement is signed in a DSSE envelope. An auditor checks it with
` + "`tollgate verify`" + `, or with coreutils and openssl alone:

  cd packet && sha256sum -c SHA256SUMS
  openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in statement.pae -sigfile statement.sig

The exit code follows the gates, as for scan; the packet is written either way.`,
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&c.policyPath, "policy", "", "policy `file` (default: .tollgate.hcl at the root)")
			fs.StringVar(&c.now, "now", "", "`time` (RFC 3339) to stamp the report with; SOURCE_DATE_EPOCH is honoured too")
			fs.StringVar(&out, "o", "", "packet `directory` to create (must not exist or be empty)")
			fs.StringVar(&key, "sign-key", "", "ed25519 private `key` (PKCS #8 PEM) to sign the statement with")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			if out == "" {
				fmt.Fprintln(e.stderr, "tollgate evidence: -o <dir> is required")
				return exitUsage
			}
			if len(args) > 1 {
				fmt.Fprintln(e.stderr, "tollgate evidence: want at most one directory")
				return exitUsage
			}
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			var opts evidence.Options
			if key != "" {
				k, err := evidence.ReadPrivateKey(key)
				if err != nil {
					fmt.Fprintf(e.stderr, "tollgate evidence: %v\n", err)
					return exitUsage
				}
				opts.Key = k
			}
			now, err := c.clock(e)
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate evidence: %v\n", err)
				return exitUsage
			}
			pol, err := c.loadPolicy()
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate evidence: %v\n", err)
				return exitUsage
			}
			r, err := scan.Run(ctx, scan.Options{Root: root, Policy: pol, Now: now, Mode: "scan"})
			var de *scan.DomainError
			if err != nil && !errors.As(err, &de) {
				var pe *policy.Error
				if errors.As(err, &pe) {
					fmt.Fprintf(e.stderr, "tollgate: bad policy file:\n%v\n", err)
					return exitUsage
				}
				fmt.Fprintf(e.stderr, "tollgate evidence: %v\n", err)
				return exitInternal
			}
			polPath := c.policyPath
			if polPath == "" && r.PolicyPath != "" {
				polPath = filepath.Join(root, r.PolicyPath)
			}
			if polPath != "" {
				if opts.Policy, err = os.ReadFile(polPath); err != nil {
					fmt.Fprintf(e.stderr, "tollgate evidence: %v\n", err)
					return exitInternal
				}
			}
			if err := evidence.Build(out, r, opts); err != nil {
				fmt.Fprintf(e.stderr, "tollgate evidence: %v\n", err)
				return exitInternal
			}
			fmt.Fprintf(e.stdout, "wrote %s (signed: %v, gates passed: %v)\n", out, opts.Key != nil, r.Passed())
			if de != nil {
				fmt.Fprintf(e.stderr, "tollgate evidence: %v\n", de)
				return exitInternal
			}
			if !r.Passed() {
				return exitGate
			}
			return exitClean
		},
	})

	var pubPath string
	register(&command{
		name:    "verify",
		usage:   "[--key public.pem] <packet-dir>",
		summary: "check an evidence packet's hashes, statement and signature",
		help: `verify checks every digest of SHA256SUMS, that no file is unlisted, that the
in-toto statement names the same digests, and the DSSE signature. Without --key
the signature is checked against the packet's own public key, which proves
integrity but not origin: pass the key you trust with --key.`,
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&pubPath, "key", "", "trusted ed25519 public `key` (PKIX PEM)")
		},
		run: func(_ context.Context, e *env, args []string) int {
			if len(args) != 1 {
				fmt.Fprintln(e.stderr, "tollgate verify: want one packet directory")
				return exitUsage
			}
			var pub ed25519.PublicKey
			if pubPath != "" {
				var err error
				if pub, err = evidence.ReadPublicKey(pubPath); err != nil {
					fmt.Fprintf(e.stderr, "tollgate verify: %v\n", err)
					return exitUsage
				}
			}
			v, err := evidence.Verify(args[0], pub)
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate %v\n", err)
				return exitGate
			}
			st := v.Statement
			fmt.Fprintf(e.stdout, "packet %s: %d files intact\n", args[0], v.Files)
			for _, s := range st.Subject {
				for alg, d := range s.Digest {
					fmt.Fprintf(e.stdout, "subject: %s %s:%s\n", s.Name, alg, d)
				}
			}
			fmt.Fprintf(e.stdout, "tool: %s %s, policy digest %s, gates passed: %v\n", st.Predicate.Tool.Name, st.Predicate.Tool.Version, st.Predicate.PolicyDigest, st.Predicate.Passed)
			switch {
			case !v.Signed:
				fmt.Fprintln(e.stdout, "signature: none (the packet is not signed)")
			case v.TrustedKey:
				fmt.Fprintf(e.stdout, "signature: valid, key %s (the key you gave)\n", v.KeyID)
			default:
				fmt.Fprintf(e.stdout, "signature: valid, key %s (the packet's own key: pass --key to check who signed)\n", v.KeyID)
			}
			return exitClean
		},
	})

	register(&command{
		name:    "keygen",
		usage:   "<private-key-file>",
		summary: "create an ed25519 signing key for evidence packets (and <file>.pub)",
		run: func(_ context.Context, e *env, args []string) int {
			if len(args) != 1 {
				fmt.Fprintln(e.stderr, "tollgate keygen: want the private key's file name")
				return exitUsage
			}
			if _, err := os.Stat(args[0]); err == nil {
				fmt.Fprintf(e.stderr, "tollgate keygen: %s exists; not overwritten\n", args[0])
				return exitUsage
			}
			pub, priv, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate keygen: %v\n", err)
				return exitInternal
			}
			privPEM, err := evidence.EncodePrivateKey(priv)
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate keygen: %v\n", err)
				return exitInternal
			}
			if err := os.WriteFile(args[0], privPEM, 0o600); err != nil {
				fmt.Fprintf(e.stderr, "tollgate keygen: %v\n", err)
				return exitInternal
			}
			pubPEM, err := evidence.EncodePublicKey(pub)
			if err == nil {
				err = os.WriteFile(args[0]+".pub", pubPEM, 0o644)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate keygen: %v\n", err)
				return exitInternal
			}
			fmt.Fprintf(e.stdout, "wrote %s and %s.pub (key id %s)\n", args[0], args[0], evidence.KeyID(pub))
			return exitClean
		},
	})
}
