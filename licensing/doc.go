// Package licensing reads a repository's Go module graph and judges the
// license of every module@version in the build: license files found at the
// module root by an explicit name list, classified once per distinct text
// with the go-licenses v2 classifier (results cached on disk by SHA-256),
// combined into SPDX expressions, and checked against the licenses policy
// (allow/deny lists, categories, exceptions, clarifications). It also writes
// third-party notices. It never touches the network.
package licensing
