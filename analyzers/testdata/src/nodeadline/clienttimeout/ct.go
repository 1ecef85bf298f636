// Package clienttimeout sets a request timeout on its client.
package clienttimeout

import (
	"context"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

var client = openai.NewClient(option.WithRequestTimeout(30 * time.Second))

func ask() {
	client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{})
}
