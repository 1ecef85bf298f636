package streams

import (
	"context"
	"errors"
	"io"

	vertex "cloud.google.com/go/vertexai/genai"
	"github.com/anthropics/anthropic-sdk-go"
	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
	"google.golang.org/genai"
)

func openaiBad(ctx context.Context, c openai.Client) {
	stream := c.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{}) // want `stream from Chat.Completions.NewStreaming is read but its Err is never checked` `stream from Chat.Completions.NewStreaming is never closed`
	for stream.Next() {
		_ = stream.Current()
	}
}

func openaiGood(ctx context.Context, c openai.Client) error {
	stream := c.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{})
	defer stream.Close()
	for stream.Next() {
		_ = stream.Current()
	}
	return stream.Err()
}

func anthropicUnclosed(ctx context.Context, c anthropic.Client) error {
	s := c.Messages.NewStreaming(ctx, anthropic.MessageNewParams{}) // want `stream from Messages.NewStreaming is never closed`
	for s.Next() {
	}
	return s.Err()
}

func handOff(ctx context.Context, c anthropic.Client) {
	s := c.Messages.NewStreaming(ctx, anthropic.MessageNewParams{})
	consume(s)
}

func consume(any) {}

func goOpenAIBad(ctx context.Context, c *goopenai.Client) {
	s, err := c.CreateChatCompletionStream(ctx, goopenai.ChatCompletionRequest{}) // want `error returned while reading the CreateChatCompletionStream stream is discarded`
	if err != nil {
		return
	}
	defer s.Close()
	for {
		_, _ = s.Recv()
	}
}

func goOpenAIGood(ctx context.Context, c *goopenai.Client) error {
	s, err := c.CreateChatCompletionStream(ctx, goopenai.ChatCompletionRequest{})
	if err != nil {
		return err
	}
	defer s.Close()
	for {
		_, err := s.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func genaiBad(ctx context.Context, c *genai.Client) {
	for resp := range c.Models.GenerateContentStream(ctx, "m", nil, nil) { // want `error of the Models.GenerateContentStream stream is never checked in the range loop`
		_ = resp
	}
	it := c.Models.GenerateContentStream(ctx, "m", nil, nil) // want `error of the Models.GenerateContentStream stream is never checked`
	for resp, _ := range it {
		_ = resp
	}
}

func genaiGood(ctx context.Context, c *genai.Client) error {
	for resp, err := range c.Models.GenerateContentStream(ctx, "m", nil, nil) {
		if err != nil {
			return err
		}
		_ = resp
	}
	return nil
}

func vertexBad(ctx context.Context, m *vertex.GenerativeModel) {
	it := m.GenerateContentStream(ctx) // want `error returned while reading the GenerativeModel.GenerateContentStream stream is discarded`
	for {
		resp, _ := it.Next()
		if resp == nil {
			break
		}
	}
}
