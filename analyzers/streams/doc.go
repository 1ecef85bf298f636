// Package streams defines an analyzer that reports AI response streams whose
// error is never checked or that are never closed.
//
// # Analyzer streams
//
// streams: report unchecked and unclosed AI response streams
//
// A streaming AI call returns a stream whose iteration ends both when the
// response is complete and when the connection fails; only the stream's error
// tells the two apart. The analyzer looks at each streaming call of the
// inventory and, from the stream's type: for a stream with an Err method
// (openai-go, anthropic-sdk-go), reports it when Err is never called; for a
// Recv or Next method returning an error (go-openai, Vertex AI, Eino), when
// that error is discarded; for an iter.Seq2 ranged over (google genai), when
// the error variable is omitted, blank or unused. A stream with a Close
// method that is never closed is reported too. A stream returned, passed to
// another function or stored is the receiver's business and is not reported.
package streams
