package evidence

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// maxFuzzInput bounds the work per input: the parsers are linear, but a
// fuzz input has no natural size limit.
const maxFuzzInput = 1 << 20

// fuzzPacket builds one signed packet and returns its files, for seeds.
func fuzzPacket(f *testing.F) map[string][]byte {
	f.Helper()
	dir := filepath.Join(f.TempDir(), "p")
	if err := Build(dir, testReport(), Options{Key: testKey(11), Policy: []byte("gate {}\n")}); err != nil {
		f.Fatal(err)
	}
	out := map[string][]byte{}
	for name, s := range readAll(f, dir) {
		out[name] = []byte(s)
	}
	return out
}

func FuzzParseSums(f *testing.F) {
	files := fuzzPacket(f)
	// Three lines of a real SHA256SUMS: small seeds keep the fuzzer's
	// minimisation short.
	all := bytes.SplitAfter(files[SumsFile], []byte("\n"))
	good := bytes.Join(all[:3], nil)
	zero := strings.Repeat("0", 64)
	d := sum([]byte("x"))
	for _, seed := range []string{
		string(good),
		string(good) + d + "  forged.txt\n",        // forged line
		zero + "  report.json\n" + string(good),    // duplicate, wrong first digest
		string(good) + string(good),                // every line twice
		d + " report.json\n",                       // one space
		d + " *report.json\n",                      // coreutils binary mode
		strings.ToUpper(d) + "  report.json\n",     // upper-case hex
		d + "  report.json",                        // no final newline
		d + "  report.json\r\n",                    // CRLF
		d + "  ../etc/passwd\n",                    // path
		d + "  /etc/passwd\n",                      // absolute
		d + "  a\x1b[2Jb\n",                        // control character
		d + "  SHA256SUMS\n",                       // lists itself
		d + "  \n",                                 // no name
		"\n\n",                                     // empty lines
		"",                                         // empty
		"\\" + d + "  a\\nb\n",                     // coreutils escaped name
		d + "  " + strings.Repeat("a", 300) + "\n", // long name
		strings.Repeat(d+"  a\n", 3),               // duplicates
		d[:63] + "g  report.json\n",                // non-hex
		strings.Repeat("x", 200),                   // garbage
		d + "  .\n" + d + "  ..\n",                 // dot names
		d + "  \u202ereport.json\n",                // bidi override
		d + "  re\u0301port.json\n",                // combining mark
		fmt.Sprintf("%s  a\n%s  A\n", d, d),        // names differing in case
		strings.Repeat(d+"  f\n", maxSumsLines+2),  // over the line cap
		string(bytes.ReplaceAll(good, []byte("  "), []byte("\t"))), // tab separator
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxFuzzInput {
			return
		}
		lines, errs := parseSums(b)
		seen := map[string]bool{}
		prev := 0
		var back bytes.Buffer
		for _, l := range lines {
			if err := checkName(l.name); err != nil || !isDigest(l.digest) || l.name == SumsFile {
				t.Fatalf("accepted bad line %+v", l)
			}
			if seen[l.name] {
				t.Fatalf("accepted %q twice", l.name)
			}
			seen[l.name] = true
			if l.line <= prev {
				t.Fatalf("line numbers not increasing: %d after %d", l.line, prev)
			}
			prev = l.line
			fmt.Fprintf(&back, "%s  %s\n", l.digest, l.name)
		}
		if len(lines) > maxSumsLines {
			t.Fatalf("%d lines, over the cap", len(lines))
		}
		// A file without problems is exactly its lines: nothing was
		// skipped or reinterpreted.
		if len(errs) == 0 && !bytes.Equal(back.Bytes(), b) {
			t.Fatalf("accepted without problems but reads back differently:\n%q\n%q", b, back.Bytes())
		}
		for _, err := range errs {
			if msg := err.Error(); strings.ContainsAny(msg, "\n\r\x1b\x00") || !strings.HasPrefix(msg, SumsFile) {
				t.Fatalf("problem %q is not one quoted line naming %s", msg, SumsFile)
			}
		}
	})
}

func FuzzParseStatement(f *testing.F) {
	files := fuzzPacket(f)
	good := string(files[StatementFile])
	for _, seed := range []string{
		good,
		strings.Replace(good, `"files": {`, `"files": {"forged.txt": "`+strings.Repeat("a", 64)+`",`, 1),
		strings.Replace(good, `"files": {`, `"files": {"report.json": "`+strings.Repeat("0", 64)+`",`, 1), // duplicate key
		strings.Replace(good, `"passed": true`, `"passed": true, "passed": false`, 1),
		strings.Replace(good, `"predicate": {`, `"Predicate": {}, "predicate": {`, 1), // case variant
		strings.Replace(good, `"files"`, `"FILES"`, 1),
		strings.Replace(good, `"_type"`, `"extra": 1, "_type"`, 1), // unknown field
		strings.Replace(good, `"files": {`, `"files": {"../x": "`+strings.Repeat("a", 64)+`",`, 1),
		strings.Replace(good, `"files": {`, `"files": {"SHA256SUMS": "`+strings.Repeat("a", 64)+`",`, 1),
		strings.Replace(good, `"files": {`, `"files": {"statement.sig": "`+strings.Repeat("a", 64)+`",`, 1),
		strings.Replace(good, `"files": {`, `"files": {"x": "AB",`, 1),
		strings.Replace(good, `"report.json"`, `"report\u002ejson"`, 1),
		good + "{}",
		good + "garbage",
		strings.Repeat("[", 100) + strings.Repeat("]", 100),
		strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40),
		`{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"https://tollgate.dev/evidence/v1","predicate":{"files":{}}}`,
		`null`, `{}`, `[]`, `"x"`, ``, `{"a":1,"a":2}`, `{"K":1,"\u212a":2}`, `{"s":1,"\u017f":2}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxFuzzInput {
			return
		}
		st, err := parseStatement(b)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r\x1b") {
				t.Fatalf("problem %q is not one quoted line", err)
			}
			return
		}
		if st.Type != StatementType || st.PredicateType != PredicateType || len(st.Subject) == 0 || len(st.Predicate.Files) == 0 {
			t.Fatalf("accepted an incomplete statement: %+v", st)
		}
		for name, d := range st.Predicate.Files {
			if checkName(name) != nil || reserved[name] || !isDigest(d) {
				t.Fatalf("accepted file %q with digest %q", name, d)
			}
		}
		// What was accepted means one thing: written out and read again,
		// it is the same statement.
		again, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		st2, err := parseStatement(again)
		if err != nil {
			t.Fatalf("re-encoded statement refused: %v\n%s", err, again)
		}
		if !reflect.DeepEqual(st, st2) {
			t.Fatalf("statement changed through a round trip (-first +second):\n%s", cmp.Diff(st, st2))
		}
	})
}

func FuzzParseEnvelope(f *testing.F) {
	// An envelope as Build writes it, around a small payload: small seeds
	// keep the fuzzer's minimisation short.
	k := testKey(13)
	payload := []byte(`{"_type":"https://in-toto.io/Statement/v1"}`)
	envB, err := json.MarshalIndent(Envelope{PayloadType: PayloadType, Payload: b64(payload),
		Signatures: []Signature{{KeyID: KeyID(k.Public().(ed25519.PublicKey)), Sig: b64(ed25519.Sign(k, PAE(PayloadType, payload)))}}}, "", "  ")
	if err != nil {
		f.Fatal(err)
	}
	good := string(envB)
	sig := strings.Repeat("A", 86) + "=="
	for _, seed := range []string{
		good,
		strings.Replace(good, `"payload":`, `"payload": "e30=", "payload":`, 1), // duplicate key
		strings.Replace(good, `"payload":`, `"Payload": "e30=", "payload":`, 1), // case variant
		strings.Replace(good, `"payloadType": "application/vnd.in-toto+json"`, `"payloadType": "text/plain"`, 1),
		strings.Replace(good, `"signatures": [`, `"signatures": [{"keyid": "", "sig": "`+sig+`"},`, 1),
		strings.Replace(good, `"keyid"`, `"extra": 1, "keyid"`, 1),
		`{"payloadType":"application/vnd.in-toto+json","payload":"e30","signatures":[{"sig":"` + sig + `"}]}`,    // unpadded
		`{"payloadType":"application/vnd.in-toto+json","payload":"e3\n0=","signatures":[{"sig":"` + sig + `"}]}`, // line break
		`{"payloadType":"application/vnd.in-toto+json","payload":"e31=","signatures":[{"sig":"` + sig + `"}]}`,   // non-zero pad bits
		`{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]}`,
		`{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"sig":"AAAA"}]}`,
		`{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"sig":"` + sig + `"}]} trailing`,
		`{"payloadType":"application/vnd.in-toto+json","payload":"e30_","signatures":[{"sig":"` + sig + `"}]}`, // URL alphabet
		`null`, `{}`, ``, `{"signatures":` + strings.Repeat(`[`, 30),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxFuzzInput {
			return
		}
		env, payload, sigs, err := parseEnvelope(b)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r\x1b") {
				t.Fatalf("problem %q is not one quoted line", err)
			}
			return
		}
		if env.PayloadType != PayloadType || len(sigs) == 0 || len(sigs) > maxSignatures || len(sigs) != len(env.Signatures) {
			t.Fatalf("accepted envelope %+v with %d signatures", env, len(sigs))
		}
		if b64(payload) != env.Payload {
			t.Fatalf("payload %q does not re-encode to %q", payload, env.Payload)
		}
		for i, s := range sigs {
			if len(s) != ed25519.SignatureSize || b64(s) != env.Signatures[i].Sig {
				t.Fatalf("signature %d accepted as %x", i+1, s)
			}
		}
	})
}

func FuzzParsePublicKey(f *testing.F) {
	files := fuzzPacket(f)
	good := string(files[PublicKeyFile])
	priv, _ := EncodePrivateKey(testKey(12))
	body := strings.TrimSuffix(strings.TrimPrefix(good, "-----BEGIN PUBLIC KEY-----\n"), "-----END PUBLIC KEY-----\n")
	for _, seed := range []string{
		good,
		"trust me\n" + good,      // text before
		good + "trailing text\n", // text after
		good + good,              // two blocks
		"\n\n  " + good + "\n\n", // white space around
		string(priv),             // a private key
		strings.Replace(good, "PUBLIC KEY", "RSA PUBLIC KEY", 2),
		"-----BEGIN PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\n\n" + body + "-----END PUBLIC KEY-----\n", // headers
		"-----BEGIN PUBLIC KEY-----\n" + strings.Repeat("A", 64) + "\n-----END PUBLIC KEY-----\n",
		"-----BEGIN PUBLIC KEY-----\n" + body, // no end line
		strings.Replace(good, "\n", "\r\n", -1),
		"", "-----BEGIN ", "not pem",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxFuzzInput {
			return
		}
		k, err := parsePublicKey(b)
		if err != nil {
			return
		}
		if len(k) != ed25519.PublicKeySize {
			t.Fatalf("accepted a %d-byte key", len(k))
		}
		pemB, err := EncodePublicKey(k)
		if err != nil {
			t.Fatal(err)
		}
		k2, err := parsePublicKey(pemB)
		if err != nil || !k2.Equal(k) {
			t.Fatalf("key does not round-trip: %v", err)
		}
		if KeyID(k) != KeyID(k2) {
			t.Fatal("key id changed through a round trip")
		}
	})
}
