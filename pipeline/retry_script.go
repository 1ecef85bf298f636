package pipeline

// A retry wrapper (`nick-fields/retry`, `Wandalen/wretry.action`, the
// retryAction pattern of ci/retry) runs its `with: command:` input as a
// shell script, so the GitHub reader gives a step of one that script as
// its `run:` (Run, RunPos, RunLines): every rule that reads scripts (AI
// recognition, template injection, taint) reads it like a `run:` line.
