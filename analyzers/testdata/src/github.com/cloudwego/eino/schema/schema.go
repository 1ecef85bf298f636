// Package schema is a stub of github.com/cloudwego/eino/schema (v0.9 shape).
package schema

type Message struct{ Role, Content string }

type AgenticMessage struct{ Role string }

type StreamReader[T any] struct{}

func (*StreamReader[T]) Recv() (T, error) { var z T; return z, nil }
func (*StreamReader[T]) Close()           {}

func UserMessage(content string) *Message   { return &Message{Role: "user", Content: content} }
func SystemMessage(content string) *Message { return &Message{Role: "system", Content: content} }
