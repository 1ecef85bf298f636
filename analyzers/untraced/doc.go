// Package untraced defines an analyzer that reports AI calls no trace will
// show.
//
// # Analyzer untraced
//
// untraced: report AI calls with no OpenTelemetry span on their context path
//
// An AI call that no trace records cannot be audited: which model answered,
// how long it took, how many tokens it cost, which request it served. The
// analyzer follows the context of every AI call of the inventory back through
// local variables and, for an unexported function, through its callers in
// the package. It reports the call when that path ends at
// context.Background() or context.TODO() without passing through a span
// start (a Tracer.Start call, or any function returning a trace.Span, such as
// a GenAI semantic-convention helper), the enclosing function starts no span,
// and the package does not instrument the client (otelhttp transport, SDK
// middleware) or use an SDK that traces by default (anthropic-sdk-go since
// v1.81 unless WithoutOpenTelemetry). A context received by an exported
// function or a method is the caller's: it is not reported.
package untraced
