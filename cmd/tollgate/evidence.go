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
	"sort"
	"strconv"
	"unicode"

	"github.com/tollgate-dev/tollgate/evidence"
	"github.com/tollgate-dev/tollgate/internal/safefs"
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
` + "`tollgate verify --key trusted.pub packet`" + `, or without tollgate (trusted.pub
is the signer's key you trust; SHA256SUMS is not signed and proves nothing on
its own):

  cd packet
  openssl pkeyutl -verify -pubin -inkey trusted.pub -rawin -in statement.pae -sigfile statement.sig
  printf 'DSSEv1 28 application/vnd.in-toto+json %d ' "$(wc -c < statement.json)" | cat - statement.json | cmp - statement.pae
  jq -r '.predicate.files | to_entries[] | "\(.value)  \(.key)"' statement.json | sha256sum -c

and that the packet holds no file the statement does not name.

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
			// The policy named by --policy is the user's; the one found in
			// the repository is read through safefs like every other file
			// of it.
			switch {
			case c.policyPath != "":
				opts.Policy, err = safefs.ReadTrusted(c.policyPath, maxPolicyBytes)
			case r.PolicyPath != "":
				opts.Policy, err = safefs.ReadFile(root, filepath.ToSlash(r.PolicyPath), maxPolicyBytes)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate evidence: read policy: %v\n", err)
				return exitInternal
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
		summary: "check an evidence packet against its signed statement",
		help: `verify checks a packet against its signed statement, the only source of
truth: the DSSE signature must verify, every file in the packet must be named
in the statement with its SHA-256 (or be one of the signature's own files,
each checked against the envelope: statement.json, statement.pae,
statement.sig, public-key.pem), and SHA256SUMS must list exactly those files
with the same digests. Anything else fails: an unlisted file, a line of
SHA256SUMS the statement does not have, a name listed twice, a symbolic link
(wherever it points), a FIFO, a device or a subdirectory (none is opened).

Pass the signer's key you trust with --key. Without it the signature is
checked against the packet's own public-key.pem: anyone can sign a packet with
their own key, so that proves the packet is whole, not who made it. An
unsigned packet is checked against its SHA256SUMS and statement.json alone,
which anyone can rewrite: that proves nothing about origin, and verify says so
(--key refuses an unsigned packet).

Exit codes: 0 the packet verifies, 1 it does not, 2 bad usage or key.`,
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
				var ve *evidence.VerifyError
				if !errors.As(err, &ve) {
					fmt.Fprintf(e.stderr, "tollgate verify: %v\n", err)
					return exitGate
				}
				fmt.Fprintf(e.stderr, "tollgate verify: packet %q does not verify:\n", args[0])
				for _, p := range ve.Problems {
					fmt.Fprintf(e.stderr, "tollgate verify: %v\n", p)
				}
				return exitGate
			}
			st := v.Statement
			against := "the signed statement"
			if !v.Signed {
				against = "SHA256SUMS and statement.json"
			}
			fmt.Fprintf(e.stdout, "packet %q: %d files match %s\n", args[0], v.Files, against)
			for _, s := range st.Subject {
				algs := make([]string, 0, len(s.Digest))
				for alg := range s.Digest {
					algs = append(algs, alg)
				}
				sort.Strings(algs)
				for _, alg := range algs {
					fmt.Fprintf(e.stdout, "subject: %q %s:%s\n", s.Name, printable(alg), printable(s.Digest[alg]))
				}
			}
			fmt.Fprintf(e.stdout, "tool: %s %s, policy digest %s, gates passed: %v\n",
				printable(st.Predicate.Tool.Name), printable(st.Predicate.Tool.Version), printable(st.Predicate.PolicyDigest), st.Predicate.Passed)
			switch {
			case !v.Signed:
				fmt.Fprintln(e.stdout, "signature: none: the packet is not signed, so its files were only checked against SHA256SUMS, which anyone can rewrite; this proves nothing about origin")
			case v.TrustedKey:
				fmt.Fprintf(e.stdout, "signature: valid, key %s (the key you gave)\n", v.KeyID)
			default:
				fmt.Fprintf(e.stdout, "signature: valid with the packet's own key %s: anyone can sign with a key of their own, so this proves the packet is whole, not who made it; pass --key with the key you trust\n", v.KeyID)
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

// maxPolicyBytes caps the policy file copied into a packet.
const maxPolicyBytes = 16 << 20

// printable returns s as is when every rune is graphic and not a space,
// else quoted: a
// statement's strings are not trusted until its signature is, and even then
// they must not reach the terminal raw.
func printable(s string) string {
	for _, r := range s {
		if !unicode.IsGraphic(r) || unicode.IsSpace(r) {
			return strconv.Quote(s)
		}
	}
	if s == "" {
		return `""`
	}
	return s
}
