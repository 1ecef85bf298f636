// Package evidence builds and verifies audit evidence packets: a directory
// holding the report in several formats, the policy that judged it, an
// in-toto statement naming every file by its SHA-256, a SHA256SUMS file that
// coreutils can check, and an optional DSSE envelope signed with ed25519.
//
// A packet is reproducible: the same report and key give the same bytes
// (ed25519 signatures are deterministic), and it is written to a temporary
// directory and renamed into place, so a reader never sees half a packet.
//
// Verify treats a packet as hostile input. The signed statement is its only
// source of truth: every file must be named in it (or be one of the
// signature's own files, each checked against the envelope), SHA256SUMS must
// agree with it exactly, and the directory is listed without following
// anything, so a symbolic link, a FIFO or a device is refused unopened.
package evidence
