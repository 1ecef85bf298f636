// Package scan is tollgate's engine: it walks the repository, hands each
// registered domain the files it owns, runs the domains concurrently, applies
// the policy (severity overrides, directives, ignores), evaluates the gates
// and builds the report.
package scan
