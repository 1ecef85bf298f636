// Package changerisk scores how likely a change is to introduce a bug, from
// the repository's own git history: a fast history walk on go-git's storage,
// the just-in-time features of Kamei et al. plus deployment flags, an on-disk
// feature cache keyed by commit hash, SZZ labelling of bug-inducing commits,
// and a logistic model whose score is explained factor by factor.
package changerisk
