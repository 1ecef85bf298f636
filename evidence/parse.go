package evidence

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// Limits on the signed documents of a packet. They bound the work Verify
// does on hostile input; Build writes documents far smaller.
const (
	// maxStatementSize caps statement.json (and so the envelope's payload).
	maxStatementSize = 4 << 20
	// maxEnvelopeSize caps statement.dsse.json: the base64 payload plus
	// the signatures.
	maxEnvelopeSize = maxStatementSize/3*4 + 64<<10
	// maxSignatures caps the signatures in one envelope.
	maxSignatures = 16
	// maxSubjects caps the statement's subjects.
	maxSubjects = 64
	// maxJSONDepth caps the nesting of the statement and the envelope.
	maxJSONDepth = 16
)

// StatementType is the in-toto statement type tollgate writes.
const StatementType = "https://in-toto.io/Statement/v1"

// reserved are the packet files that the statement cannot name: SHA256SUMS,
// the statement itself and the files of its signature. Verify checks each
// of them against the envelope instead.
var reserved = map[string]bool{
	SumsFile: true, StatementFile: true, EnvelopeFile: true,
	PAEFile: true, SigFile: true, PublicKeyFile: true,
}

// checkJSON refuses what encoding/json would silently resolve: a key twice
// in one object (json keeps the last, other readers the first), two keys
// that differ only in case (json matches field names without case), data
// after the value, and nesting deeper than maxJSONDepth. After it, every
// reader of the bytes sees the same document.
func checkJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	type frame struct {
		obj     bool
		wantKey bool
		keys    map[string]bool
		folded  map[string]string
	}
	var stack []*frame
	done := func() { // a value ended
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].wantKey = true
		}
	}
	for values := 0; ; {
		tok, err := dec.Token()
		if err == io.EOF {
			switch {
			case values == 0:
				return errors.New("empty document")
			case len(stack) > 0:
				return errors.New("unexpected end of the document (EOF)")
			}
			return nil
		}
		if err != nil {
			return err
		}
		if len(stack) == 0 {
			if values++; values > 1 {
				return errors.New("data after the JSON value")
			}
		}
		if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].wantKey {
			top := stack[n-1]
			if tok == json.Delim('}') {
				stack = stack[:n-1]
				done()
				continue
			}
			k, _ := tok.(string)
			if top.keys[k] {
				return fmt.Errorf("key %q appears twice in one object", k)
			}
			if other, ok := top.folded[foldKey(k)]; ok {
				return fmt.Errorf("keys %q and %q differ only in case", other, k)
			}
			top.keys[k] = true
			top.folded[foldKey(k)] = k
			top.wantKey = false
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(stack) >= maxJSONDepth {
				return fmt.Errorf("nested deeper than %d levels", maxJSONDepth)
			}
			obj := tok == json.Delim('{')
			f := &frame{obj: obj, wantKey: obj}
			if obj {
				f.keys, f.folded = map[string]bool{}, map[string]string{}
			}
			stack = append(stack, f)
		case json.Delim(']'), json.Delim('}'):
			stack = stack[:len(stack)-1]
			done()
		default:
			done()
		}
	}
}

// foldKey maps keys that bytes.EqualFold (and so encoding/json's field
// matching) holds equal to one string: each rune becomes the smallest rune
// of its simple case-folding orbit.
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		min := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < min {
				min = f
			}
		}
		b.WriteRune(min)
	}
	return b.String()
}

// decodeStrict decodes one JSON document into v after checkJSON, refusing
// fields v does not have.
func decodeStrict(b []byte, v any) error {
	if err := checkJSON(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// parseStatement parses statement.json: an in-toto v1 statement with
// tollgate's predicate, whose files are plain names (none of them reserved)
// with hex SHA-256 digests.
func parseStatement(b []byte) (*Statement, error) {
	if len(b) > maxStatementSize {
		return nil, fmt.Errorf("%s: %d bytes, over the %d-byte limit", StatementFile, len(b), maxStatementSize)
	}
	var st Statement
	if err := decodeStrict(b, &st); err != nil {
		return nil, fmt.Errorf("%s: %w", StatementFile, err)
	}
	switch {
	case st.Type != StatementType:
		return nil, fmt.Errorf("%s: _type is %q, want %q", StatementFile, st.Type, StatementType)
	case st.PredicateType != PredicateType:
		return nil, fmt.Errorf("%s: predicateType is %q, want %q", StatementFile, st.PredicateType, PredicateType)
	case len(st.Subject) == 0:
		return nil, fmt.Errorf("%s: no subject", StatementFile)
	case len(st.Subject) > maxSubjects:
		return nil, fmt.Errorf("%s: more than %d subjects", StatementFile, maxSubjects)
	case len(st.Predicate.Files) == 0:
		return nil, fmt.Errorf("%s: the predicate names no files", StatementFile)
	case len(st.Predicate.Files) > MaxEntries:
		return nil, fmt.Errorf("%s: the predicate names more than %d files", StatementFile, MaxEntries)
	}
	for i, s := range st.Subject {
		if s.Name == "" || len(s.Digest) == 0 {
			return nil, fmt.Errorf("%s: subject %d has no name or no digest", StatementFile, i+1)
		}
	}
	for _, name := range sortedKeys(st.Predicate.Files) {
		if err := checkName(name); err != nil {
			return nil, fmt.Errorf("%s: predicate files: %w", StatementFile, err)
		}
		if reserved[name] {
			return nil, fmt.Errorf("%s: predicate files name %q, which is not a report file", StatementFile, name)
		}
		if d := st.Predicate.Files[name]; !isDigest(d) {
			return nil, fmt.Errorf("%s: predicate files: digest %q of %q is not 64 lowercase hex digits", StatementFile, clip([]byte(d)), name)
		}
	}
	return &st, nil
}

// parseEnvelope parses statement.dsse.json and returns it with its payload
// and signatures decoded. Base64 must be canonical (standard alphabet,
// padded, no line breaks) so that one envelope has one spelling.
func parseEnvelope(b []byte) (*Envelope, []byte, [][]byte, error) {
	if len(b) > maxEnvelopeSize {
		return nil, nil, nil, fmt.Errorf("%s: %d bytes, over the %d-byte limit", EnvelopeFile, len(b), maxEnvelopeSize)
	}
	var env Envelope
	if err := decodeStrict(b, &env); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", EnvelopeFile, err)
	}
	if env.PayloadType != PayloadType {
		return nil, nil, nil, fmt.Errorf("%s: payloadType is %q, want %q", EnvelopeFile, env.PayloadType, PayloadType)
	}
	payload, err := decodeBase64(env.Payload)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: payload: %w", EnvelopeFile, err)
	}
	if len(env.Signatures) == 0 {
		return nil, nil, nil, fmt.Errorf("%s: no signatures", EnvelopeFile)
	}
	if len(env.Signatures) > maxSignatures {
		return nil, nil, nil, fmt.Errorf("%s: more than %d signatures", EnvelopeFile, maxSignatures)
	}
	sigs := make([][]byte, len(env.Signatures))
	for i, s := range env.Signatures {
		sig, err := decodeBase64(s.Sig)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%s: signature %d: %w", EnvelopeFile, i+1, err)
		}
		if len(sig) != 64 {
			return nil, nil, nil, fmt.Errorf("%s: signature %d has %d bytes, an ed25519 signature has 64", EnvelopeFile, i+1, len(sig))
		}
		sigs[i] = sig
	}
	return &env, payload, sigs, nil
}

// decodeBase64 decodes standard, padded base64 and refuses every other
// spelling of the same bytes.
func decodeBase64(s string) ([]byte, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, errors.New("not base64")
	}
	if base64.StdEncoding.EncodeToString(b) != s {
		return nil, errors.New("base64 is not in canonical form")
	}
	return b, nil
}
