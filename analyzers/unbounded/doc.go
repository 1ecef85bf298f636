// Package unbounded defines an analyzer that reports AI calls whose number or
// size has no limit.
//
// # Analyzer unbounded
//
// unbounded: report AI calls in loops without limits and requests without a
// token cap
//
// An AI call costs money and quota per call and per token. The analyzer
// reports an AI call of the inventory that runs inside a loop, or in
// goroutines started in one, when nothing bounds the rate or the count: no
// rate limiter (golang.org/x/time/rate), no semaphore or errgroup.SetLimit,
// no channel semaphore, no sleep or ticker, no cache lookup guarding the
// call, no constant bound (a counted loop up to a constant, a range over a
// literal or an array, an if that breaks out at a constant or max* limit). It
// also reports requests built in the function whose token limit (max_tokens,
// max_completion_tokens, max_output_tokens, the Bedrock inference
// configuration, langchaingo's WithMaxTokens) is never set.
package unbounded
