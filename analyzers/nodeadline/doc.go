// Package nodeadline defines an analyzer that reports AI calls that can wait
// forever.
//
// # Analyzer nodeadline
//
// nodeadline: report AI calls with no deadline
//
// A model call takes seconds to minutes and sometimes never returns. The
// analyzer follows the context argument of every AI call of the inventory
// back through local variables and struct fields: when it starts at
// context.Background() or context.TODO() (or passes context.WithoutCancel)
// and no context.WithTimeout or context.WithDeadline lies on the way, and the
// package configures no request timeout on the client (an SDK's
// WithRequestTimeout option, an http.Client with a Timeout, genai's
// HTTPOptions.Timeout), the call is reported. A context received as a
// parameter is never reported: the caller owns its deadline.
package nodeadline
