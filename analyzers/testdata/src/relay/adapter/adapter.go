// Package adapter holds stream helpers of a repository: some close the
// stream they are given, some only read it, one keeps it.
package adapter

import (
	"io"

	goopenai "github.com/sashabaranov/go-openai"
)

// Drain reads a stream to its end and closes it.
func Drain(s *goopenai.ChatCompletionStream) error { // want Drain:"closes 0"
	defer s.Close()
	for {
		if _, err := s.Recv(); err != nil {
			return err
		}
	}
}

// Forward closes any closer it is given, through a helper.
func Forward(w io.Writer, c io.Closer) { // want Forward:"closes 1"
	closeQuietly(c)
}

func closeQuietly(c io.Closer) { _ = c.Close() } // want closeQuietly:"closes 0"

// Read reads but leaves closing to its caller.
func Read(s *goopenai.ChatCompletionStream) error { // want Read:"reads 0"
	_, err := s.Recv()
	return err
}

// Reader keeps the stream; its Close closes it.
type Reader struct {
	s *goopenai.ChatCompletionStream
}

// Wrap keeps the stream in the adapter it returns.
func Wrap(s *goopenai.ChatCompletionStream) *Reader { return &Reader{s: s} } // want Wrap:"keeps 0"

// Close closes the wrapped stream.
func (r *Reader) Close() error { return r.s.Close() }
