package option

import (
	"net/http"
	"time"
)

type RequestOption func()

func WithRequestTimeout(d time.Duration) RequestOption           { return nil }
func WithAPIKey(k string) RequestOption                          { return nil }
func WithHTTPClient(c *http.Client) RequestOption                { return nil }
func WithMiddleware(m ...any) RequestOption                      { return nil }
func WithRequestBody(contentType string, body any) RequestOption { return nil }
func WithJSONSet(key string, value any) RequestOption            { return nil }
