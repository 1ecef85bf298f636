package evidence

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// Limits on what Verify reads from a packet directory, which is untrusted.
const (
	// MaxEntries caps the directory entries of a packet (Build writes
	// about a dozen).
	MaxEntries = 256
	// MaxFileSize caps each file Verify hashes. Files are hashed as
	// they are read, so memory does not grow with it.
	MaxFileSize = 1 << 30
	// maxSumsSize caps SHA256SUMS.
	maxSumsSize = MaxEntries * (64 + 2 + maxNameLen + 1)
	// maxProblems caps the problems one Verify reports.
	maxProblems = 50
)

// Verified is what Verify established about a packet.
type Verified struct {
	// Files is the number of files checked against the statement,
	// SHA256SUMS not counted.
	Files int
	// Signed is true when the statement's DSSE signature verified.
	Signed    bool
	KeyID     string
	Statement Statement
	// TrustedKey is true when the signature was checked against a key the
	// caller supplied, not only the one inside the packet.
	TrustedKey bool
}

// VerifyError lists every problem Verify found, in the order it found them.
type VerifyError struct {
	Dir      string
	Problems []error
}

func (e *VerifyError) Error() string {
	if len(e.Problems) == 1 {
		return fmt.Sprintf("verify %q: %v", e.Dir, e.Problems[0])
	}
	return fmt.Sprintf("verify %q: %v (and %d more problems)", e.Dir, e.Problems[0], len(e.Problems)-1)
}

// Unwrap returns the problems, so that errors.Is sees safefs.ErrOutside and
// the like.
func (e *VerifyError) Unwrap() []error { return e.Problems }

// ErrSymlink is a problem for a symbolic link in a packet. A packet holds
// regular files only: a link, wherever it points, is never followed.
var ErrSymlink = errors.New("is a symbolic link")

// Verify checks the packet in dir. The statement is the only source of
// truth, and it is believed only as far as its signature goes:
//
//   - Signed packets (statement.dsse.json present): the envelope's signature
//     must verify with pub, or with the packet's own public-key.pem when pub
//     is nil (which proves the packet is whole, not who made it).
//     statement.json must be the signed payload, statement.pae its DSSE
//     encoding, statement.sig a signature that verified and public-key.pem
//     the key that verified it.
//   - Unsigned packets (pub must be nil): statement.json is read as is, so
//     nothing about origin is established.
//
// Then every file in dir must be named in the statement's predicate with
// its SHA-256, or be one of the files above; SHA256SUMS must list exactly
// those files with the same digests (it is a convenience for sha256sum -c
// and adds nothing); nothing else is accepted. dir is listed without
// following anything: a symbolic link (to anywhere), a FIFO, a device or a
// subdirectory is refused without being opened, and every read is capped.
func Verify(dir string, pub ed25519.PublicKey) (*Verified, error) {
	fail := func(err error) (*Verified, error) {
		return nil, &VerifyError{Dir: dir, Problems: []error{err}}
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fail(bare(err)) // the path is in VerifyError, quoted
	}
	if !st.IsDir() {
		return fail(errors.New("not a directory"))
	}
	root, err := safefs.Open(dir, MaxFileSize)
	if err != nil {
		return fail(err)
	}
	defer root.Close()
	p := &packet{root: root}
	if p.list(); len(p.problems) > 0 {
		return nil, p.err(dir)
	}
	v, err := p.verify(pub)
	if err != nil {
		p.add(err)
	}
	if len(p.problems) > 0 {
		return nil, p.err(dir)
	}
	return v, nil
}

// packet is one Verify at work.
type packet struct {
	root     *safefs.Root
	files    map[string]fs.FileInfo // the regular files, by name
	problems []error
}

func (p *packet) add(err error) {
	if len(p.problems) < maxProblems {
		p.problems = append(p.problems, err)
	}
}

func (p *packet) err(dir string) error {
	return &VerifyError{Dir: dir, Problems: p.problems}
}

// list reads the directory, at most MaxEntries entries, and keeps the
// regular files. Each entry is Lstat-ed and nothing is opened: a symbolic
// link is refused whatever it points to, and a FIFO or device never gets
// the chance to block or to stream.
func (p *packet) list() {
	p.files = map[string]fs.FileInfo{}
	d, err := p.root.FS().Open(".")
	if err != nil {
		p.add(err)
		return
	}
	defer d.Close()
	rd, ok := d.(fs.ReadDirFile)
	if !ok {
		p.add(errors.New("cannot list the directory"))
		return
	}
	var names []string
	for {
		ents, err := rd.ReadDir(64)
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if len(names) > MaxEntries {
			p.add(fmt.Errorf("more than %d entries; a packet holds a dozen files", MaxEntries))
			return
		}
		if err == io.EOF || len(ents) == 0 {
			break
		}
		if err != nil {
			p.add(err)
			return
		}
	}
	slices.Sort(names)
	for _, name := range names {
		if err := checkName(name); err != nil {
			p.add(err)
			continue
		}
		info, err := p.root.Lstat(name)
		if err != nil {
			p.add(err)
			continue
		}
		switch m := info.Mode(); {
		case m&fs.ModeSymlink != 0:
			p.add(fmt.Errorf("%q %w; a packet holds regular files only and links are not followed", name, ErrSymlink))
		case m.IsDir():
			p.add(fmt.Errorf("%q is a directory; a packet holds no subdirectories", name))
		case !m.IsRegular():
			p.add(fmt.Errorf("%q is %s, not a regular file; it was not opened: %w", name, kind(m), safefs.ErrNotRegular))
		case info.Size() > MaxFileSize:
			p.add(fmt.Errorf("%q has %d bytes, over the %d-byte limit: %w", name, info.Size(), int64(MaxFileSize), safefs.ErrTooLarge))
		default:
			p.files[name] = info
		}
	}
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// open opens a listed file and checks that it is still the file listed:
// os.Root keeps it inside dir, safefs opens it without blocking and only if
// regular, and SameFile catches an entry swapped for a link since list.
func (p *packet) open(name string) (*os.File, fs.FileInfo, error) {
	listed, ok := p.files[name]
	if !ok {
		return nil, nil, fmt.Errorf("%q is missing", name)
	}
	f, err := p.root.OpenFile(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !os.SameFile(listed, info) {
		f.Close()
		return nil, nil, fmt.Errorf("%q changed while it was being verified", name)
	}
	return f, info, nil
}

// read reads a listed file of at most max bytes.
func (p *packet) read(name string, max int64) ([]byte, error) {
	f, info, err := p.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info.Size() > max {
		return nil, fmt.Errorf("%q has %d bytes, over the %d-byte limit: %w", name, info.Size(), max, safefs.ErrTooLarge)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %q: %w", name, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%q grew over the %d-byte limit: %w", name, max, safefs.ErrTooLarge)
	}
	return b, nil
}

// hash returns the hex SHA-256 of a listed file, read as a stream.
func (p *packet) hash(name string) (string, error) {
	f, _, err := p.open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return "", fmt.Errorf("read %q: %w", name, err)
	}
	if n > MaxFileSize {
		return "", fmt.Errorf("%q grew over the %d-byte limit: %w", name, int64(MaxFileSize), safefs.ErrTooLarge)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// verify checks the listed files; it returns an error when it cannot go on
// and adds every other problem to p.
func (p *packet) verify(pub ed25519.PublicKey) (*Verified, error) {
	_, signed := p.files[EnvelopeFile]
	if !signed {
		if pub != nil {
			return nil, fmt.Errorf("a key was given but the packet is not signed (it has no %s)", EnvelopeFile)
		}
		for _, name := range []string{PAEFile, SigFile, PublicKeyFile} {
			if _, ok := p.files[name]; ok {
				p.add(fmt.Errorf("%q is present but the packet has no %s", name, EnvelopeFile))
			}
		}
	}
	stB, err := p.read(StatementFile, maxStatementSize)
	if err != nil {
		return nil, err
	}
	sumsB, err := p.read(SumsFile, maxSumsSize)
	if err != nil {
		return nil, err
	}
	v := &Verified{}
	// explicit holds the digests of the files checked one by one rather
	// than against the statement: the statement and its signature.
	explicit := map[string]string{}
	source := "the signed statement"
	if signed {
		payload, err := p.verifySignature(pub, v, explicit)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(stB, payload) {
			p.add(fmt.Errorf("%s is not the statement the envelope signs", StatementFile))
		}
		stB = payload
	} else {
		source = StatementFile + " (unsigned)"
	}
	explicit[StatementFile] = sum(stB)
	stmt, err := parseStatement(stB)
	if err != nil {
		return nil, err
	}
	v.Statement = *stmt
	want := map[string]string{}
	for name, d := range stmt.Predicate.Files {
		want[name] = d
	}
	for name, d := range explicit {
		want[name] = d
	}
	v.Files = len(want)

	// SHA256SUMS must say what the statement says, line for line.
	lines, errs := parseSums(sumsB)
	for _, err := range errs {
		p.add(err)
	}
	inSums := map[string]bool{}
	for _, l := range lines {
		inSums[l.name] = true
		switch d, ok := want[l.name]; {
		case !ok:
			p.add(fmt.Errorf("%s:%d: %q is not named in %s", SumsFile, l.line, l.name, source))
		case d != l.digest:
			p.add(fmt.Errorf("%s:%d: %q has digest %s, %s says %s", SumsFile, l.line, l.name, l.digest, source, d))
		}
	}
	for _, name := range sortedKeys(want) {
		if !inSums[name] && len(errs) == 0 {
			p.add(fmt.Errorf("%s does not list %q, which %s names", SumsFile, name, source))
		}
	}

	// The directory must hold exactly those files, with those digests.
	for _, name := range sortedKeys(p.files) {
		if _, ok := want[name]; !ok && name != SumsFile {
			p.add(fmt.Errorf("%q is not named in %s", name, source))
		}
	}
	for _, name := range sortedKeys(want) {
		if _, ok := p.files[name]; !ok {
			if _, ok := explicit[name]; ok {
				p.add(fmt.Errorf("%q is missing", name))
			} else {
				p.add(fmt.Errorf("%q is named in %s but missing", name, source))
			}
			continue
		}
		if _, ok := explicit[name]; ok {
			continue // read and checked above
		}
		got, err := p.hash(name)
		if err != nil {
			p.add(err)
			continue
		}
		if got != want[name] {
			p.add(fmt.Errorf("%q has digest %s, %s says %s", name, got, source, want[name]))
		}
	}
	return v, nil
}

// verifySignature checks the envelope and the files that let coreutils and
// openssl check it, records their digests in explicit, and returns the
// signed payload.
func (p *packet) verifySignature(pub ed25519.PublicKey, v *Verified, explicit map[string]string) ([]byte, error) {
	envB, err := p.read(EnvelopeFile, maxEnvelopeSize)
	if err != nil {
		return nil, err
	}
	env, payload, sigs, err := parseEnvelope(envB)
	if err != nil {
		return nil, err
	}
	explicit[EnvelopeFile] = sum(envB)
	pemB, err := p.read(PublicKeyFile, maxKeySize)
	if err != nil {
		return nil, err
	}
	own, err := parsePublicKey(pemB)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", PublicKeyFile, err)
	}
	explicit[PublicKeyFile] = sum(pemB)
	v.TrustedKey = pub != nil
	if pub == nil {
		pub = own
	} else if !pub.Equal(own) {
		p.add(fmt.Errorf("%s holds key %s, not the key given (%s)", PublicKeyFile, KeyID(own), KeyID(pub)))
	}
	pae := PAE(env.PayloadType, payload)
	var good [][]byte
	for i, sig := range sigs {
		if ed25519.Verify(pub, pae, sig) {
			if id := env.Signatures[i].KeyID; id != "" && id != KeyID(pub) {
				p.add(fmt.Errorf("%s: signature %d verifies with key %s but names key %q", EnvelopeFile, i+1, KeyID(pub), id))
			}
			good = append(good, sig)
		}
	}
	if len(good) == 0 {
		return nil, fmt.Errorf("no signature in %s verifies with the key %s", EnvelopeFile, KeyID(pub))
	}
	v.Signed, v.KeyID = true, KeyID(pub)
	// A missing statement.pae or statement.sig is reported with the other
	// missing files; SHA256SUMS must then still list the right digest.
	explicit[PAEFile] = sum(pae)
	if _, ok := p.files[PAEFile]; ok {
		if paeB, err := p.read(PAEFile, int64(len(pae))+1); err != nil {
			p.add(err)
		} else if !bytes.Equal(paeB, pae) {
			p.add(fmt.Errorf("%s is not the DSSE encoding of the signed statement", PAEFile))
		}
	}
	explicit[SigFile] = sum(good[0])
	if _, ok := p.files[SigFile]; ok {
		if sigB, err := p.read(SigFile, ed25519.SignatureSize+1); err != nil {
			p.add(err)
		} else if !slices.ContainsFunc(good, func(s []byte) bool { return bytes.Equal(s, sigB) }) {
			p.add(fmt.Errorf("%s is not a signature in %s that verifies", SigFile, EnvelopeFile))
		} else {
			explicit[SigFile] = sum(sigB)
		}
	}
	return payload, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
