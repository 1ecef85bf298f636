// Package finding is tollgate's shared vocabulary: findings, their locations
// and severities, the rules that produce them and the registry of those rules.
// It does no I/O and imports nothing of tollgate's, so every domain can use it.
package finding
